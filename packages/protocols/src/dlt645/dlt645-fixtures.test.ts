import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '@meterflow/core';
import { fromHex, toSpacedHex } from './bcd.ts';
import { controlCodeByte, functionName } from './control-code.ts';
import { decodeDataValue } from './data-value.ts';
import type { FieldValue } from './data-value.ts';
import type { Dlt645Body } from './message.ts';
import { decodeMessage, encodeMessage } from './message-codec.ts';
import { Dlt645StreamParser } from './stream-parser.ts';

interface FrameCase {
  name: string;
  hex: string;
  preamble: number;
  expect: Record<string, unknown> & { body: Record<string, unknown> };
  value?: { text: string | null; unit?: string; wh?: number }[];
}
interface Fixture {
  frames: FrameCase[];
  invalidFrames: { name: string; hex: string; message: string }[];
  invalidValues: { name: string; hex: string; message: string }[];
  streams: { name: string; chunks: string[]; frames: number; problems: string[] }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/dlt645-frames.json', import.meta.url), 'utf8'),
) as Fixture;

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** The body with byte arrays as spaced hex, so it compares with the JSON fixture. */
function plainBody(body: Dlt645Body): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    out[k] = v instanceof Uint8Array ? toSpacedHex(v) : v;
  }
  return out;
}

function plainField(f: FieldValue): { text: string | null; unit?: string; wh?: number } {
  const out: { text: string | null; unit?: string; wh?: number } = { text: f.text };
  if (f.kind === 'number') {
    out.unit = f.unit;
    if (f.wh !== undefined) out.wh = f.wh;
  }
  return out;
}

for (const c of fixture.frames) {
  test(`decode: ${c.name}`, () => {
    const msg = decodeMessage(fromHex(c.hex));
    assert.equal(msg.address, c.expect.address);
    assert.equal(hex2(controlCodeByte(msg.control)), c.expect.control);
    assert.equal(functionName(msg.control.fn), c.expect.function);
    assert.deepEqual(
      { reply: msg.control.reply, error: msg.control.error, followUp: msg.control.followUp },
      { reply: c.expect.reply, error: c.expect.error, followUp: c.expect.followUp },
    );
    assert.deepEqual(plainBody(msg.body), c.expect.body);
    if (c.value) {
      assert.equal(msg.body.type, 'data');
      if (msg.body.type !== 'data') return;
      const v = decodeDataValue(msg.body.di, msg.body.payload);
      assert.notEqual(v.item, null, 'the identifier is in the catalogue');
      assert.deepEqual(v.entries.flatMap((e) => e.fields).map(plainField), c.value);
    }
  });
  test(`encode: ${c.name}`, () => {
    const msg = decodeMessage(fromHex(c.hex));
    assert.equal(toSpacedHex(encodeMessage(msg, { preamble: c.preamble })), c.hex);
  });
}

function assertFrameInvalid(fn: () => unknown, part: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError, got ${String(e)}`);
    assert.equal(e.code, 'FRAME_INVALID');
    assert.ok(e.message.includes(part), `"${e.message}" should mention "${part}"`);
    return true;
  });
}

for (const c of fixture.invalidFrames) {
  test(`reject frame: ${c.name}`, () => assertFrameInvalid(() => decodeMessage(fromHex(c.hex)), c.message));
}

for (const c of fixture.invalidValues) {
  test(`reject value: ${c.name}`, () => {
    const msg = decodeMessage(fromHex(c.hex));
    assert.equal(msg.body.type, 'data');
    if (msg.body.type !== 'data') return;
    const { di, payload } = msg.body;
    assertFrameInvalid(() => decodeDataValue(di, payload), c.message);
  });
}

for (const c of fixture.streams) {
  test(`stream: ${c.name}`, () => {
    const parser = new Dlt645StreamParser();
    const events = c.chunks.flatMap((chunk) => parser.push(fromHex(chunk)));
    events.push(...parser.end());
    assert.equal(events.filter((e) => e.type === 'frame').length, c.frames);
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'problem' ? [e.problem] : [])),
      c.problems,
    );
    assert.equal(parser.pending, 0);
  });
}
