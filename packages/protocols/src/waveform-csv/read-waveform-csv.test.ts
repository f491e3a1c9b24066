import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWaveformCsv } from './read-waveform-csv.ts';

const rows = (n: number, cols: (t: number) => number[]) =>
  Array.from({ length: n }, (_, i) => [(i / 1000).toFixed(6), ...cols(i / 1000).map((v) => v.toFixed(3))].join(','));

test('waveform csv: three voltages and currents with their sample rate', () => {
  const body = rows(40, (t) => [1 + t, 2, 3, 4, 5, 6]);
  const w = readWaveformCsv(['time,va,vb,vc,ia,ib,ic', ...body].join('\r\n') + '\r\n');
  assert.ok(Math.abs(w.sampleRateHz - 1000) < 1e-6);
  assert.deepEqual(Object.keys(w.channels), ['va', 'vb', 'vc', 'ia', 'ib', 'ic']);
  assert.equal(w.channels.va.length, 40);
  assert.equal(w.channels.va[39], 1.039);
  assert.equal(w.channels.ic[0], 6);
});

const BAD = [
  {
    name: 'first column is not time',
    text: 'va,vb,vc\n1,2,3\n4,5,6',
    path: 'line 1',
    message: /first column must be "time"/,
  },
  { name: 'unknown column', text: 'time,va,vx\n0,1,2\n0.001,1,2', path: 'line 1', message: /unknown column "vx"/ },
  { name: 'two voltages', text: 'time,va,vb\n0,1,2\n0.001,1,2', path: 'line 1', message: /one voltage/ },
  {
    name: 'a value that is not a number',
    text: 'time,va\n0,1\n0.001,abc\n0.002,1',
    path: 'line 3',
    message: /"abc" is not a number/,
  },
  {
    name: 'a short row',
    text: 'time,va,vb,vc\n0,1,2,3\n0.001,1,2\n0.002,1,2,3',
    path: 'line 3',
    message: /expected 4 fields/,
  },
  { name: 'a gap in time', text: 'time,va\n0,1\n0.001,1\n0.003,1\n0.004,1', path: 'line 4', message: /time step/ },
];
for (const c of BAD) {
  test(`waveform csv: ${c.name} is rejected at ${c.path}`, () => {
    assert.throws(
      () => readWaveformCsv(c.text),
      (e: { code: string; details: { path: string; message: string }[] }) =>
        e.code === 'IMPORT_REJECTED' && e.details.some((d) => d.path === c.path && c.message.test(d.message)),
    );
  });
}
