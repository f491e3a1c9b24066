import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function meterflow(...args: string[]) {
  const r = spawnSync(process.execPath, ['packages/cli/bin/meterflow.js', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('dlt645 decode prints the value of a read reply, hex split over several arguments', () => {
  const r = meterflow('dlt645', 'decode', '68 12 90 78 56 34 12 68', '91 08 33 33 34 33', '9A 78 56 34 88 16');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.address, '123456789012');
  assert.equal(j.function, 'read');
  assert.equal(j.reply, true);
  assert.equal(j.dataIdentifier, '00010000');
  assert.equal(j.item.zh, '正向有功总电能');
  assert.equal(j.value, '12345.67');
  assert.equal(j.unit, 'kWh');
  assert.equal(j.wh, 12345670);
});

test('dlt645 decode explains an error reply', () => {
  const r = meterflow('dlt645', 'decode', '68 12 90 78 56 34 12 68 D1 01 35 8D 16');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.error, true);
  assert.equal(j.errorWord.word, '02');
  assert.equal(j.errorWord.meaning[0].en, 'no requested data');
});

test('dlt645 encode read prints the request as spaced uppercase hex', () => {
  const r = meterflow('dlt645', 'encode', 'read', '--address', '123456789012', '--di', '00 01 00 00');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), '68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 16');
});

test('dlt645 encode time-sync converts an instant to the meters’ local time', () => {
  const r = meterflow('dlt645', 'encode', 'time-sync', '--time', '2024-05-01T04:30:45Z');
  assert.equal(r.code, 0, r.err);
  const back = JSON.parse(meterflow('dlt645', 'decode', r.out).out);
  assert.equal(back.body.time, '2024-05-01T12:30:45');
  assert.equal(back.address, '999999999999');
});

test('dlt645 encode trip and close carry the command byte', () => {
  for (const [cmd, expect] of [
    ['trip', 'trip'],
    ['close', 'close-allow'],
  ]) {
    const r = meterflow('dlt645', 'encode', cmd, '--address', '000000000001', '--password', '02123456');
    assert.equal(r.code, 0, r.err);
    const back = JSON.parse(meterflow('dlt645', 'decode', r.out).out);
    assert.equal(back.body.command, expect);
    assert.deepEqual(back.body.credentials, { level: 2, password: '123456', operator: '00000000' });
  }
});

test('dlt645 decode of a frame with a bad checksum exits non-zero with one line', () => {
  const r = meterflow('dlt645', 'decode', '68 12 90 78 56 34 12 68 11 04 33 33 34 33 69 16');
  assert.notEqual(r.code, 0);
  assert.equal(r.out, '');
  const lines = r.err.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0], /FRAME_INVALID: checksum is 69, computed 68/);
});
