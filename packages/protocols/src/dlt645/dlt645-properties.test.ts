import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppError } from '@meterflow/core';
import { decodeAddress, encodeAddress, normaliseAddress } from './address.ts';
import { decodeSignedBcd, encodeSignedBcd, fromHex } from './bcd.ts';
import { listDataItems, lookupDataItem, MAX_TARIFFS } from './data-catalogue.ts';
import type { FieldFormat } from './data-item.ts';
import { decodeDataValue, encodeDataValue } from './data-value.ts';
import type { FieldInput } from './data-value.ts';
import { describeErrorWord, errorWordText } from './error-word.ts';
import { readReply, readRequest, relayRequest } from './message-builders.ts';
import { decodeMessage, encodeMessage } from './message-codec.ts';
import { RELAY_COMMANDS } from './relay-command.ts';
import type { RelayCommand } from './relay-command.ts';
import { Dlt645StreamParser, STREAM_BUFFER_LIMIT_BYTES } from './stream-parser.ts';

const items = listDataItems();
const digitsArb = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const addressArb = digitsArb(12);
const pad = (n: number) => String(n).padStart(2, '0');
const localTimeArb = fc
  .record({
    y: fc.integer({ min: 2000, max: 2099 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
  })
  .map((t) => `${t.y}-${pad(t.mo)}-${pad(t.d)}T${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`);

/** A field input together with the text decoding must give back. */
function fieldArb(f: FieldFormat): fc.Arbitrary<{ input: FieldInput; text: string | null }> {
  if (f.kind === 'digits') return digitsArb(f.bytes * 2).map((d) => ({ input: d, text: d }));
  if (f.kind === 'time') {
    return localTimeArb.map((t) => {
      const text =
        f.layout === 'YYMMDDhhmmss'
          ? t
          : f.layout === 'YYMMDDhhmm'
            ? t.slice(0, 16)
            : f.layout === 'YYMMDDWW'
              ? t.slice(0, 10)
              : t.slice(11);
      return { input: text, text };
    });
  }
  const max = (f.signed ? 8 : 10) * 10 ** (f.bytes * 2 - 1) - 1;
  return fc.integer({ min: f.signed ? -max : 0, max }).map((scaled) => {
    const abs = String(Math.abs(scaled)).padStart(f.decimals + 1, '0');
    const body = f.decimals ? `${abs.slice(0, -f.decimals)}.${abs.slice(-f.decimals)}` : abs;
    return { input: scaled, text: scaled < 0 ? `-${body}` : body };
  });
}

const valueCaseArb = fc.constantFrom(...items).chain((item) => {
  const entry = fc.tuple(...item.fields.map(fieldArb));
  return fc.record({
    item: fc.constant(item),
    address: addressArb,
    entries: fc.array(entry, { minLength: 1, maxLength: Math.min(item.repeat?.max ?? 1, 8) }),
  });
});

test('property: read reply encode → decode gives back address, identifier and every value', () => {
  fc.assert(
    fc.property(valueCaseArb, ({ item, address, entries }) => {
      const payload = encodeDataValue(
        item.di,
        entries.map((e) => e.map((f) => f.input)),
      );
      const msg = decodeMessage(encodeMessage(readReply(address, item.di, payload)));
      assert.equal(msg.address, address);
      assert.equal(msg.body.type, 'data');
      if (msg.body.type !== 'data') return;
      const value = decodeDataValue(msg.body.di, msg.body.payload);
      assert.equal(value.di, item.di);
      assert.deepEqual(
        value.entries.map((e) => e.fields.map((f) => f.text)),
        entries.map((e) => e.map((f) => f.text)),
      );
    }),
    { numRuns: 500 },
  );
});

test('property: read requests round-trip for any address and any 4-byte identifier', () => {
  fc.assert(
    fc.property(
      addressArb,
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 4 }),
      (address, n, pre) => {
        const di = n.toString(16).toUpperCase().padStart(8, '0');
        const msg = decodeMessage(encodeMessage(readRequest(address, di), { preamble: pre }));
        assert.deepEqual(msg.body, { type: 'read', di });
        assert.equal(msg.address, address);
      },
    ),
  );
});

test('property: relay commands round-trip with credentials and deadline', () => {
  const hexArb = (n: number) =>
    fc.array(fc.constantFrom(...'0123456789ABCDEF'), { minLength: n, maxLength: n }).map((a) => a.join(''));
  fc.assert(
    fc.property(
      addressArb,
      fc.constantFrom(...(Object.keys(RELAY_COMMANDS) as RelayCommand[])),
      fc.record({ level: fc.integer({ min: 0, max: 255 }), password: hexArb(6), operator: hexArb(8) }),
      fc.option(localTimeArb, { nil: null }),
      (address, command, credentials, validUntil) => {
        const msg = decodeMessage(encodeMessage(relayRequest(address, command, credentials, validUntil)));
        assert.deepEqual(msg.body, { type: 'relay', credentials: { ...credentials }, command, validUntil });
      },
    ),
  );
});

test('property: signed BCD round-trips and the sign lives in bit 7 of the last byte', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.nat(), (bytes, negative, seed) => {
      const digits = String(seed % (8 * 10 ** (bytes * 2 - 1))).padStart(bytes * 2, '0');
      const enc = encodeSignedBcd({ negative, digits }, bytes);
      const isZero = !/[1-9]/.test(digits);
      assert.equal((enc[bytes - 1] & 0x80) !== 0, negative && !isZero);
      assert.deepEqual(decodeSignedBcd(enc, 'x'), { negative: negative && !isZero, digits });
    }),
  );
});

test('property: random bytes in random chunks never make the stream parser throw', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
      const p = new Dlt645StreamParser();
      for (const c of chunks) {
        p.push(c);
        assert.ok(p.pending <= STREAM_BUFFER_LIMIT_BYTES);
      }
      p.end();
      assert.equal(p.pending, 0);
    }),
    { numRuns: 300 },
  );
});

test('property: frames separated by noise and cut anywhere are all recovered in order', () => {
  const noise = fc.uint8Array({ maxLength: 12 }).map((a) => a.filter((b) => b !== 0x68));
  fc.assert(
    fc.property(
      fc.array(fc.tuple(noise, addressArb), { minLength: 1, maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 8 }),
      (parts, cuts) => {
        const bytes = parts.flatMap(([n, a]) => [...n, ...encodeMessage(readRequest(a, '00010000'), { preamble: 2 })]);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        const p = new Dlt645StreamParser();
        const got: string[] = [];
        let from = 0;
        for (const to of [...points, bytes.length]) {
          for (const e of p.push(Uint8Array.from(bytes.slice(from, to))))
            if (e.type === 'frame') got.push(e.frame.address);
          from = to;
        }
        assert.deepEqual(
          got,
          parts.map(([, a]) => a),
        );
      },
    ),
  );
});

test('addresses: short ones are padded with AA, broadcast and wildcard survive a round trip', () => {
  assert.equal(normaliseAddress('123456'), 'AAAAAA123456');
  assert.equal(normaliseAddress('12345'), 'AAAAAA012345');
  for (const a of ['999999999999', 'AAAAAAAAAAAA', 'AAAAAA123456', '000000000001'])
    assert.equal(decodeAddress(encodeAddress(a)), a);
  assert.deepEqual(Array.from(encodeAddress('123456789012')), [0x12, 0x90, 0x78, 0x56, 0x34, 0x12]);
  assert.throws(() => normaliseAddress('12345678901234'), AppError);
});

test('catalogue: tariffs 1..63 and the FF blocks exist, every item has both names', () => {
  for (let t = 1; t <= MAX_TARIFFS; t++) {
    const di = `0001${t.toString(16).toUpperCase().padStart(2, '0')}00`;
    assert.equal(lookupDataItem(di)?.name.en, `forward active energy, tariff ${t}`);
  }
  for (const di of ['0000FF00', '0001FF00', '0002FF00', '0101FF00', '0201FF00', '0202FF00', '0203FF00', '0206FF00']) {
    assert.ok(lookupDataItem(di)?.repeat, `${di} is a block`);
  }
  for (const i of items) assert.ok(i.name.zh && i.name.en, i.di);
  assert.equal(lookupDataItem('03110000')?.name.zh, '掉电总次数');
});

test('values: a reply whose signed value is -0 reads as 0, and hex input tolerates spaces', () => {
  const v = decodeDataValue('02020100', fromHex('00 00 80'));
  assert.equal(v.entries[0].fields[0].text, '0.000');
  assert.equal(decodeDataValue('12345678', fromHex('01 02')).item, null);
});

test('error word: each bit has its meaning', () => {
  assert.deepEqual(
    describeErrorWord(0x06).map((b) => b.code),
    ['no-requested-data', 'unauthorised'],
  );
  assert.equal(errorWordText(0x02), 'no requested data');
  assert.equal(errorWordText(0), 'no error bit set');
});
