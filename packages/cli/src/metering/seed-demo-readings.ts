/**
 * Demo interval data: the demo city's meters get ~35 days of simulated 15-minute reads (the
 * simulator's class profiles and faults), daily freezes and events, bulk-inserted, with VEE run in
 * memory over the last week so the exception queue has work in it. Lives in the CLI because it
 * joins the simulator (which the server may not import) to the store.
 */
import { addDays, localDate, type Clock } from '@meterflow/core';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { DLT645_ENERGY_REGISTER } from '@meterflow/core/metering/register-spec';
import { resolveVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import { runVee } from '@meterflow/core/metering/vee/run-vee';
import { localToInstant } from '@meterflow/core/time/zone';
import type { Store } from '@meterflow/store';
import {
  CLASS_SHAPES,
  SeededRandom,
  seedFrom,
  type CustomerClass,
  type VirtualMeter,
} from '@meterflow/simulator/profiles/index';
import { simulateFleetDays, type SimulatedMeterDay } from '@meterflow/simulator/faults/index';

export const DEMO_READING_DAYS = 35;
/** Days at the end that VEE checks while seeding (earlier days serve as its history). */
const DEMO_VEE_DAYS = 2;
const HISTORY_DAYS = 28;
const STORE_CHUNK = 20_000;
const DEMO_READINGS_SEED = 620_500;

const CLASS_OF: Record<string, CustomerClass> = {
  residential: 'residential',
  commercial: 'commercial',
  industrial: 'industrial',
  large_industrial: 'industrial',
  agricultural: 'agricultural',
};

export interface DemoReadingsResult {
  meters: number;
  blocks: number;
  exceptions: number;
  from: string;
  to: string;
}

/** Seeds interval data for every meter in service, ending yesterday (local) by `clock`. */
export async function seedDemoReadings(
  store: Store,
  clock: Clock,
  zone: string,
  days = DEMO_READING_DAYS,
): Promise<DemoReadingsResult> {
  const rows = await store.db
    .selectFrom('meters as m')
    .innerJoin('service_points as sp', 'sp.id', 'm.service_point_id')
    .innerJoin('accounts as a', 'a.id', 'sp.account_id')
    .select(['m.address', 'm.ct_ratio', 'm.pt_ratio', 'a.customer_class', 'a.org_id'])
    .where('m.removed_on', 'is', null)
    .orderBy('m.address')
    .execute();
  const orgOf = new Map(rows.map((r) => [r.address, r.org_id]));
  const meters: VirtualMeter[] = rows.map((r) => {
    const rng = new SeededRandom(seedFrom(DEMO_READINGS_SEED, r.address));
    const customerClass = CLASS_OF[r.customer_class] ?? 'residential';
    // The meter records the secondary side: the multiplier (CT × PT) scales it back up for usage.
    const multiplier = Number(r.ct_ratio) * Number(r.pt_ratio);
    return {
      meterId: r.address,
      customerClass,
      scaleKw: (CLASS_SHAPES[customerClass].typicalKw * (0.5 + rng.next())) / multiplier,
      occupied: true,
      registerStartWh: rng.int(0, 5_000_000) * 10,
    };
  });
  const to = addDays(localDate(clock.now(), zone), -1);
  const from = addDays(to, 1 - days);
  const veeFrom = addDays(to, 1 - DEMO_VEE_DAYS);
  const at = clock.now().toISOString();
  const config = resolveVeeConfig();
  const history = new Map<string, IntervalBlock[]>();
  const blocks: IntervalBlock[] = [];
  const repaired: { block: IntervalBlock; reason: string }[] = [];
  const exceptions: Parameters<Store['metering']['exceptions']['raise']>[0][number][] = [];
  const freezes: {
    meterId: string;
    register: string;
    tariff: number;
    date: string;
    valueWh: number;
    quality: number;
    source: string;
  }[] = [];
  const events: SimulatedMeterDay['events'] = [];
  for (const sim of simulateFleetDays({ seed: DEMO_READINGS_SEED, meters, startDate: from, days, zone })) {
    const id = sim.meter.meterId;
    blocks.push(sim.block);
    events.push(...sim.events);
    freezes.push({
      meterId: id,
      register: 'forward-active',
      tariff: 0,
      date: sim.block.date,
      valueWh: sim.registerStartWh,
      quality: 0,
      source: 'simulator',
    });
    if (sim.block.date === to)
      freezes.push({
        meterId: id,
        register: 'forward-active',
        tariff: 0,
        date: addDays(to, 1),
        valueWh: sim.registerEndWh,
        quality: 0,
        source: 'simulator',
      });
    const past = history.get(id) ?? [];
    let latest = sim.block;
    if (sim.block.date >= veeFrom) {
      const r = runVee(veeDay(sim, past, zone), config);
      for (const e of r.exceptions) exceptions.push({ ...e, orgId: orgOf.get(id) ?? null });
      if (r.repaired && r.revision) {
        repaired.push({ block: r.repaired, reason: r.revision.reason });
        latest = r.repaired;
      }
    }
    past.push(latest);
    if (past.length > HISTORY_DAYS) past.shift();
    history.set(id, past);
  }
  await store.transaction(async (tx) => {
    const m = tx.metering;
    for (let i = 0; i < blocks.length; i += STORE_CHUNK)
      await m.blocks.storeReads(blocks.slice(i, i + STORE_CHUNK), at, 'demo');
    await m.reads.insertDailyFreezes(freezes, at);
    await m.reads.insertEvents(events, at);
    for (const r of repaired) {
      await m.blocks.appendVersion(r.block, {
        meterId: r.block.meterId,
        channel: 1,
        date: r.block.date,
        version: 2,
        basedOnVersion: 1,
        kind: 'vee',
        reason: r.reason,
        by: 'vee',
        atUtc: at,
        slots: [],
      });
    }
    await m.exceptions.raise(exceptions, at);
    // VEE has seen every seeded day (above); nothing is left for the timer.
    await tx.db.updateTable('interval_blocks').set({ vee_pending: 0 }).where('vee_pending', '>', 0).execute();
  });
  return { meters: meters.length, blocks: blocks.length, exceptions: exceptions.length, from, to };
}

function veeDay(sim: SimulatedMeterDay, history: IntervalBlock[], zone: string) {
  const read = (valueWh: number) => ({ valueWh, quality: QUALITY.ACTUAL });
  return {
    block: sim.block,
    history,
    register: {
      start: read(sim.registerStartWh),
      end: read(sim.registerEndWh),
      spec: DLT645_ENERGY_REGISTER,
      kind: 'forward' as const,
      exchange: sim.exchange && { oldLast: read(sim.exchange.oldLastWh), newFirst: read(sim.exchange.newFirstWh) },
    },
    events: sim.events,
    premiseOccupied: true,
    clockOffsetSeconds: sim.clockOffsetSeconds,
    nowUtc: localToInstant(addDays(sim.block.date, 1), 60, zone),
    zone,
  };
}
