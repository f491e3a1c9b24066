import { touUsageFromBlocks } from '@meterflow/core/billing/index';
import type { CompiledTouSchedule } from '@meterflow/core/billing/tou-schedule';
import { computeConsumption, computeExchangeConsumption } from '@meterflow/core/metering/consumption';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { isTrusted, type QualityFlag } from '@meterflow/core/metering/quality-flag';
import { DLT645_ENERGY_REGISTER } from '@meterflow/core/metering/register-spec';
import type { AccountMeter, DailyFreezeRecord } from '@meterflow/store';

/**
 * What one account's meters recorded over a billing period, in units of `multiplier` (the bill
 * multiplies by it): the meters' secondary side when they share a multiplier, else the primary side.
 */
export interface MeteredUsage {
  source: 'intervals' | 'registers';
  activeWh: number;
  touWh?: Record<string, number>;
  reactiveVarh: number;
  maxDemandW: number;
  estimated: boolean;
  rollover: boolean;
  exchange: boolean;
  /** The meters' multipliers differ (an exchange to other CTs): energy is stored primary-side. */
  multiplierChanged: boolean;
  /** The multiplier the stored figures are divided by (1 when the meters' multipliers differ). */
  multiplier: number;
}

/**
 * A period is an estimated read when more than this share (percent) of its interval slots is
 * missing or of untrusted quality, or when whole days are missing (check: per utility rule).
 */
export const ESTIMATED_SLOT_PERCENT_DEFAULT = 2;

/** Why an account got no determinants. */
export type UsageGap = 'noReads' | 'registerBackwards' | 'touWithoutIntervals';

/** The period's local days [from, to) and the account's meters with their reads in it. */
export interface AccountReads {
  days: readonly string[];
  meters: readonly AccountMeter[];
  /** Latest-version active blocks (channel 1) per meter address. */
  active: ReadonlyMap<string, readonly IntervalBlock[]>;
  /** Reactive blocks (channel 3) per meter address. */
  reactive: ReadonlyMap<string, readonly IntervalBlock[]>;
  freezes: ReadonlyMap<string, readonly DailyFreezeRecord[]>;
}

/** The multiplier shared by every meter, or 1 with `changed` when they differ. */
function commonMultiplier(meters: readonly AccountMeter[]): { multiplier: number; changed: boolean } {
  const m = meters.length ? meters[0].multiplier : 1;
  const changed = meters.some((x) => x.multiplier !== m);
  return { multiplier: changed ? 1 : m, changed };
}

/**
 * An account's usage from interval blocks: energy per TOU period (with a schedule) and the 15-minute
 * maximum demand of the latest versions, over every meter the account had (an exchange is two
 * meters' blocks). Days without any block are estimated pro rata from the days present; those, or
 * more than `estimatedSlotPercent` of slots missing or untrusted, make the period an estimated read.
 */
export function usageFromIntervals(
  r: AccountReads,
  schedule: CompiledTouSchedule | undefined,
  estimatedSlotPercent = ESTIMATED_SLOT_PERCENT_DEFAULT,
): MeteredUsage | null {
  const { multiplier, changed } = commonMultiplier(r.meters);
  const present = new Set<string>();
  let active = 0;
  let demand = 0;
  let slots = 0;
  let untrusted = 0;
  const tou: Record<string, number> = {};
  for (const m of r.meters) {
    const blocks = r.active.get(m.address) ?? [];
    if (blocks.length === 0) continue;
    const scale = m.multiplier / multiplier;
    for (const b of blocks) {
      present.add(b.date);
      slots += b.quality.length;
      for (const q of b.quality) if (!isTrusted(q)) untrusted++;
    }
    if (schedule) {
      const u = touUsageFromBlocks(schedule, blocks);
      for (const k in u.touWh) tou[k] = (tou[k] ?? 0) + u.touWh[k] * scale;
      active += u.activeWh * scale;
      demand = Math.max(demand, u.maxDemandW * scale);
    } else {
      for (const b of blocks) for (const v of b.values) active += v * scale;
      demand = Math.max(demand, maxDemandOf(blocks) * scale);
    }
  }
  if (present.size === 0) return null;
  const shortBy = (x: number) => (present.size < r.days.length ? Math.round((x * r.days.length) / present.size) : x);
  const estimated = present.size < r.days.length || untrusted * 100 > slots * estimatedSlotPercent;
  let reactive = 0;
  for (const m of r.meters)
    for (const b of r.reactive.get(m.address) ?? [])
      for (const v of b.values) reactive += (v * m.multiplier) / multiplier;
  const usage: MeteredUsage = {
    source: 'intervals',
    activeWh: shortBy(active),
    reactiveVarh: shortBy(reactive),
    maxDemandW: demand,
    estimated,
    rollover: false,
    exchange: r.meters.length > 1,
    multiplierChanged: changed,
    multiplier,
  };
  if (schedule) {
    const touWh: Record<string, number> = {};
    for (const k of schedule.periodCodes) touWh[k] = shortBy(tou[k] ?? 0);
    usage.touWh = touWh;
    usage.activeWh = Object.values(touWh).reduce((a, b) => a + b, 0);
  }
  return usage;
}

/** Largest 15-minute demand over days of any slot length (no TOU table needed). */
function maxDemandOf(blocks: readonly IntervalBlock[]): number {
  const all: CompiledTouSchedule = { periodCodes: ['all'], byMonthAndDayType: allDayTable };
  return touUsageFromBlocks(all, blocks).maxDemandW;
}

const allDayTable: ReadonlyMap<string, Uint8Array> = new Map(
  Array.from({ length: 12 }, (_, i) => [`${i + 1}/all`, new Uint8Array(24 * 60)] as const),
);

/**
 * An account's energy from daily freezes (register at local 00:00) at the period's ends: one meter's
 * difference, or across an exchange the old meter's part to its last freeze plus the new meter's
 * from its first, with register rollover. A freeze missing at an end (a later or earlier one used)
 * marks the period estimated.
 */
export function usageFromRegisters(r: AccountReads, periodFrom: string, periodTo: string): MeteredUsage | UsageGap {
  const { multiplier, changed } = commonMultiplier(r.meters);
  const parts = r.meters
    .map((m) => ({ m, f: (r.freezes.get(m.address) ?? []).filter((x) => x.tariff === 0) }))
    .filter((p) => p.f.length >= 2);
  if (parts.length === 0) return 'noReads';
  const read = (x: DailyFreezeRecord) => ({ valueWh: x.valueWh, quality: x.quality as QualityFlag });
  const first = parts[0];
  const last = parts[parts.length - 1];
  let wh: number;
  let rollover: boolean;
  if (parts.length === 1) {
    const c = computeConsumption({
      previous: read(first.f[0]),
      current: read(first.f[first.f.length - 1]),
      multiplier: first.m.multiplier,
      spec: DLT645_ENERGY_REGISTER,
    });
    if (!c.ok) return 'registerBackwards';
    wh = c.consumptionWh;
    rollover = c.rolledOver;
  } else {
    const part = (p: typeof first) => ({
      first: read(p.f[0]),
      last: read(p.f[p.f.length - 1]),
      multiplier: p.m.multiplier,
      spec: DLT645_ENERGY_REGISTER,
    });
    const c = computeExchangeConsumption(part(first), part(last));
    if (!c.ok) return 'registerBackwards';
    wh = c.consumptionWh;
    rollover = c.rolledOver;
  }
  const estimated =
    first.f[0].date !== periodFrom ||
    last.f[last.f.length - 1].date !== periodTo ||
    parts.some((p) => p.f.some((x) => !isTrusted(x.quality)));
  return {
    source: 'registers',
    activeWh: Math.round(wh / multiplier),
    reactiveVarh: 0,
    maxDemandW: 0,
    estimated,
    rollover,
    exchange: parts.length > 1,
    multiplierChanged: changed,
    multiplier,
  };
}
