import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, localToInstant } from '@meterflow/core/time/zone';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { DLT645_ENERGY_REGISTER } from '@meterflow/core/metering/register-spec';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { resolveVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import { runVee } from '@meterflow/core/metering/vee/run-vee';
import type { VeeMeterDay } from '@meterflow/core/metering/vee/vee-rule';
import { createFleet } from '../profiles/virtual-meter.ts';
import { simulateFleetDays, type SimulatedMeterDay } from './simulate-fleet-days.ts';
import type { InjectedFault } from './injected-fault.ts';

const SEED = 20240601;
const START = '2024-05-01';
const DAYS = 35;
/** The spike rule needs a week of the meter's own history; faults before that are not scored. */
const WARM_UP_DAYS = 7;
const HISTORY_DAYS = 28;
const ZONE = 'Asia/Shanghai';
const read = (valueWh: number) => ({ valueWh, quality: QUALITY.ACTUAL });

function veeDay(sim: SimulatedMeterDay, history: IntervalBlock[]): VeeMeterDay {
  return {
    block: sim.block,
    history,
    register: {
      start: read(sim.registerStartWh),
      end: read(sim.registerEndWh),
      spec: DLT645_ENERGY_REGISTER,
      kind: 'forward',
      exchange: sim.exchange && { oldLast: read(sim.exchange.oldLastWh), newFirst: read(sim.exchange.newFirstWh) },
    },
    events: sim.events,
    premiseOccupied: sim.meter.occupied,
    clockOffsetSeconds: sim.clockOffsetSeconds,
    nowUtc: localToInstant(addDays(sim.block.date, 1), 60, ZONE),
    zone: ZONE,
  };
}

test('VEE over a simulated fleet catches the injected faults without many false alarms', () => {
  const meters = createFleet({ seed: SEED, size: 150 });
  const config = resolveVeeConfig();
  const history = new Map<string, IntervalBlock[]>();
  const flagged = new Map<string, Set<string>>(); // meter/date → rule ids
  const truth: InjectedFault[] = [];
  for (const sim of simulateFleetDays({ seed: SEED, meters, startDate: START, days: DAYS })) {
    truth.push(...sim.injected);
    const past = history.get(sim.meter.meterId) ?? [];
    const result = runVee(veeDay(sim, past), config);
    if (result.exceptions.length)
      flagged.set(`${sim.meter.meterId}/${sim.block.date}`, new Set(result.exceptions.map((e) => e.ruleId)));
    past.push(result.repaired ?? sim.block);
    if (past.length > HISTORY_DAYS) past.shift();
    history.set(sim.meter.meterId, past);
  }
  const scoredFrom = addDays(START, WARM_UP_DAYS);
  const dataErrors = truth.filter((f) => f.dataError && f.fromDate >= scoredFrom);
  const faultyDays = new Set<string>();
  const byKind = new Map<string, { injected: number; caught: number }>();
  for (const f of truth.filter((t) => t.dataError)) {
    for (let d = f.fromDate; d <= f.toDate; d = addDays(d, 1)) faultyDays.add(`${f.meterId}/${d}`);
  }
  for (const f of dataErrors) {
    let caught = false;
    for (let d = f.fromDate; d <= f.toDate; d = addDays(d, 1)) caught ||= flagged.has(`${f.meterId}/${d}`);
    const k = byKind.get(f.kind) ?? { injected: 0, caught: 0 };
    k.injected++;
    if (caught) k.caught++;
    byKind.set(f.kind, k);
  }
  let cleanDays = 0;
  let falseAlarms = 0;
  for (let d = scoredFrom; d < addDays(START, DAYS); d = addDays(d, 1)) {
    for (const m of meters) {
      const key = `${m.meterId}/${d}`;
      if (faultyDays.has(key)) continue;
      cleanDays++;
      if (flagged.has(key)) falseAlarms++;
    }
  }
  const caught = [...byKind.values()].reduce((a, k) => a + k.caught, 0);
  const detection = caught / dataErrors.length;
  const falseAlarmRate = falseAlarms / cleanDays;
  console.log(`VEE fleet evaluation: ${meters.length} meters × ${DAYS} days, scored from ${scoredFrom}`);
  for (const [kind, k] of [...byKind].sort()) console.log(`  ${kind.padEnd(18)} caught ${k.caught}/${k.injected}`);
  console.log(
    `  detection ${(100 * detection).toFixed(1)} %, false alarms ${falseAlarms}/${cleanDays} clean meter-days = ${(100 * falseAlarmRate).toFixed(2)} %`,
  );
  console.log(`  traps (not errors): ${truth.filter((f) => !f.dataError).length} outages and meter exchanges`);
  assert.ok(dataErrors.length >= 50, `enough faults to judge (${dataErrors.length})`);
  assert.ok(detection >= 0.9, `detection ${detection}`);
  assert.ok(falseAlarmRate <= 0.02, `false alarm rate ${falseAlarmRate}`);
});

test('the ground truth is plain JSON and the simulation is reproducible', () => {
  const meters = createFleet({ seed: 5, size: 20 });
  const run = () => [...simulateFleetDays({ seed: 5, meters, startDate: '2024-01-01', days: 10 })];
  const a = run();
  const b = run();
  assert.deepEqual(
    a.map((d) => d.block.values),
    b.map((d) => d.block.values),
  );
  const truth = a.flatMap((d) => d.injected);
  assert.deepEqual(JSON.parse(JSON.stringify(truth)), truth);
  for (const d of a) {
    if (!d.exchange && !d.injected.some((f) => f.kind === 'backward-register' || f.kind === 'stuck-register')) {
      assert.ok(
        d.registerEndWh >= d.registerStartWh || d.registerEndWh < 1e8,
        'registers only move forward or roll over',
      );
    }
  }
});
