/**
 * The risk job reads meters' latest instantaneous values (meter_instants) and judges them against the
 * account's declared voltage: phase loss and a collapsed power factor on a 0.4 kV meter, overvoltage on
 * a 10 kV meter behind a 100:1 PT, nothing on a healthy 10 kV meter, and stale values ignored.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountToAssess, MeterInstant } from '@meterflow/store';
import { makeTestApp, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
let accounts: AccountToAssess[];
const AS_OF = '2026-11-19';
/** Read by the night's poll after the assessed day: still counts. */
const READ_AT = '2026-11-19T18:30:00Z';

before(async () => {
  t = await makeTestApp();
  accounts = (await t.store.monitoring.risk.accountsToAssess('', 1000)).filter((a) => a.meters.length === 1);
});
after(() => t.close());

const pick = (level: string, skip = 0): AccountToAssess => {
  const a = accounts.filter((x) => x.voltageLevel === level)[skip];
  assert.ok(a, `an account at ${level}`);
  return a;
};

function instants(meterId: string, values: Record<string, number>, readAtUtc = READ_AT): MeterInstant[] {
  return Object.entries(values).map(([key, v]) => {
    const [quantity, phase] = key.split(':');
    const decimals = quantity === 'voltage' ? 1 : 3;
    return { meterId, quantity, phase, valueScaled: Math.round(v * 10 ** decimals), decimals, unit: '', readAtUtc };
  });
}

const findings = async (accountId: string): Promise<string[]> => {
  const [r] = await t.store.monitoring.risk.latest({ accountIds: [accountId], limit: 1 });
  assert.equal(r.asOf, AS_OF);
  return (r.findings as { code: string }[]).map((f) => f.code).sort();
};

test('the risk job feeds meters’ latest voltage, current and power factor to the safe-usage detectors', async () => {
  const lv = pick('0.4kV');
  const lvHealthy = pick('0.4kV', 1);
  const mvHigh = pick('10kV');
  const mvOk = pick('10kV', 1);
  const stale = pick('0.4kV', 2);
  await t.store.metering.instants.upsertLatest([
    // Phase c lost, power factor collapsed.
    ...instants(lv.meters[0].address, {
      'voltage:a': 231,
      'voltage:b': 229.5,
      'voltage:c': 41,
      'current:a': 12,
      'power-factor:total': 0.55,
      'frequency:total': 50.01,
    }),
    ...instants(lvHealthy.meters[0].address, {
      'voltage:a': 231,
      'voltage:b': 229,
      'voltage:c': 232,
      'power-factor:total': 0.93,
    }),
    // 108 V × 100 = 10.8 kV line: +8 % against 10 kV. Channel b of a three-wire meter reads 0 and is not wired.
    ...instants(mvHigh.meters[0].address, { 'voltage:a': 108, 'voltage:b': 0, 'voltage:c': 108.2 }),
    // 102 V × 100 = 10.2 kV: within limits (it would be far above 220 V if the declared voltage were fixed).
    ...instants(mvOk.meters[0].address, {
      'voltage:a': 102,
      'voltage:b': 0,
      'voltage:c': 101.5,
      'power-factor:total': 0.95,
    }),
    // A phase loss read three weeks ago says nothing about the period judged.
    ...instants(
      stale.meters[0].address,
      { 'voltage:a': 230, 'voltage:b': 230, 'voltage:c': 10 },
      '2026-10-29T01:00:00Z',
    ),
  ]);
  const run = await t.app.services.monitoring.risk.runAll(AS_OF);
  assert.ok(run.assessed >= accounts.length, `assessed ${run.assessed}`);

  const lvCodes = await findings(lv.accountId);
  assert.ok(lvCodes.includes('phaseLoss'), lvCodes.join());
  assert.ok(lvCodes.includes('powerFactorCollapse'), lvCodes.join());
  assert.ok(
    !lvCodes.includes('overvoltage') && !lvCodes.includes('undervoltage'),
    'the lost phase is not a supply problem',
  );
  const healthy = await findings(lvHealthy.accountId);
  assert.ok(
    !healthy.some((c) => ['phaseLoss', 'powerFactorCollapse', 'overvoltage', 'undervoltage'].includes(c)),
    healthy.join(),
  );

  const mv = await findings(mvHigh.accountId);
  assert.ok(mv.includes('overvoltage'), mv.join());
  assert.ok(!mv.includes('phaseLoss'), 'channel b of a three-wire meter is not a lost phase');
  const [high] = await t.store.monitoring.risk.latest({ accountIds: [mvHigh.accountId], limit: 1 });
  const over = (high.findings as { code: string; evidence: { maxDeviationPct: number } }[]).find(
    (f) => f.code === 'overvoltage',
  );
  assert.ok(over && Math.abs(over.evidence.maxDeviationPct - 8.2) < 0.01, JSON.stringify(over));

  const ok = await findings(mvOk.accountId);
  assert.ok(
    !ok.some((c) => ['overvoltage', 'undervoltage', 'phaseLoss', 'powerFactorCollapse'].includes(c)),
    ok.join(),
  );
  const old = await findings(stale.accountId);
  assert.ok(!old.includes('phaseLoss'), old.join());
});
