import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readComtrade, readComtradeCff } from './read-comtrade.ts';
import { comtradeToWaveform } from './comtrade-waveform.ts';

const dir = new URL('../../test/fixtures/comtrade/', import.meta.url);
const bytes = (name: string): Buffer => readFileSync(new URL(name, dir));
const text = (name: string): string => bytes(name).toString('latin1');

interface Expected {
  files: string[];
  revision: number;
  format: string;
  analog: number;
  digital: number;
  samples: number;
  rateHz: number;
  lineFrequencyHz: number;
  startUtc: string;
  first: { channel: number; value: number };
  last: { channel: number; value: number }[];
  lastDigital: number[];
}
const expected = JSON.parse(text('expected.json')) as { records: Expected[] };

const read = (files: string[]) =>
  files.length === 1 ? readComtradeCff(bytes(files[0])) : readComtrade(text(files[0]), bytes(files[1]));

for (const e of expected.records) {
  test(`comtrade: ${e.files.join(' + ')} reads as checked by hand`, () => {
    const r = read(e.files);
    assert.equal(r.config.revision, e.revision);
    assert.equal(r.config.format, e.format);
    assert.equal(r.config.analog.length, e.analog);
    assert.equal(r.config.digital.length, e.digital);
    assert.equal(r.sampleCount, e.samples);
    assert.equal(r.config.rates[0].rateHz, e.rateHz);
    assert.equal(r.config.lineFrequencyHz, e.lineFrequencyHz);
    assert.equal(new Date(r.config.startTimeMs).toISOString(), e.startUtc);
    assert.ok(Math.abs(r.analog[e.first.channel][0] - e.first.value) < 1e-9);
    for (const l of e.last) assert.ok(Math.abs(r.analog[l.channel][e.samples - 1] - l.value) < 1e-9, `ch ${l.channel}`);
    assert.deepEqual(
      Array.from(r.digital, (d) => d[e.samples - 1]),
      e.lastDigital,
    );
    assert.ok(Math.abs(r.timesS[e.samples - 1] - (e.samples - 1) / e.rateHz) < 1e-12);
  });
}

test('comtrade: voltage channels in kV become volts in phase order', () => {
  const w = comtradeToWaveform(read(['sample_bin.cfg', 'sample_bin.dat']));
  assert.deepEqual(
    w.voltages.map((v) => v.name),
    ['va', 'vb', 'vc'],
  );
  assert.ok(Math.abs(w.voltages[0].samples[0] - -9038.626171) < 1e-6);
  assert.throws(() => comtradeToWaveform(read(['sample_ascii.cfg', 'sample_ascii.dat'])), /no phase voltage channel/);
});

interface Bad {
  name: string;
  run: () => unknown;
  path: string;
  message: RegExp;
}
const cfg = text('sample_ascii.cfg');
const dat = text('sample_ascii.dat');
const binCfg = text('sample_bin.cfg');
const binDat = bytes('sample_bin.dat');
const cff = bytes('sample_float32.cff');
const badCases: Bad[] = [
  {
    name: 'channel counts without A/D',
    run: () => readComtrade(cfg.replace('8,4A,4D', '8,4,4D'), dat),
    path: 'line 2',
    message: /analog count/,
  },
  {
    name: 'a multiplier that is not a number',
    run: () => readComtrade(cfg.replace('0.1138916015625,', 'x,'), dat),
    path: 'line 3',
    message: /field 6 \(a\)/,
  },
  {
    name: 'unknown data file type',
    run: () => readComtrade(cfg.replace('ASCII', 'TEXT'), dat),
    path: 'line 16',
    message: /file type/,
  },
  {
    name: 'configuration cut short',
    run: () => readComtrade(cfg.split('\n').slice(0, 14).join('\n'), dat),
    path: 'line 15',
    message: /ends early/,
  },
  {
    name: 'a bad ASCII sample',
    run: () => readComtrade(cfg, dat.replace('3,74167,55,', '3,74167,5x5,')),
    path: 'line 3',
    message: /"5x5" is not a number/,
  },
  {
    name: 'an ASCII row with a missing field',
    run: () => readComtrade(cfg, dat.replace('7,77500,260,', '7,77500,')),
    path: 'line 7',
    message: /expected 10 fields/,
  },
  {
    name: 'a binary file cut mid-record',
    run: () => readComtrade(binCfg, binDat.subarray(0, 80)),
    path: 'byte 72',
    message: /expected 5 records of 18 bytes/,
  },
  {
    name: 'a .cff with no CFG heading',
    run: () => readComtradeCff(Buffer.from('hello\n')),
    path: 'line 1',
    message: /file type: CFG/,
  },
  {
    name: 'a .cff binary section cut short',
    run: () => readComtradeCff(cff.subarray(0, cff.length - 20)),
    path: 'byte',
    message: /declares 4214 bytes/,
  },
];

for (const c of badCases) {
  test(`comtrade: ${c.name} is rejected naming ${c.path}`, () => {
    assert.throws(c.run, (e: { code: string; message: string; details: { path: string; message: string }[] }) => {
      assert.equal(e.code, 'IMPORT_REJECTED');
      const hit = e.details.find((d) => d.path.startsWith(c.path) && c.message.test(d.message));
      assert.ok(hit, JSON.stringify(e.details));
      return true;
    });
  });
}
