import { addDays, localDate, type Clock } from '@meterflow/core';
import type { EnergyAdvice } from '@meterflow/core/payments/advice/energy-advice';
import { peerComparisonAdvice } from '@meterflow/core/payments/advice/peer-comparison';
import { standbyLoadAdvice } from '@meterflow/core/payments/advice/standby-load-advice';
import { touShiftAdvice } from '@meterflow/core/payments/advice/tou-shift-advice';
import type { PrepaidAccount, Store } from '@meterflow/store';
import { ADVICE_INTERVAL_DAYS, intervalUsage } from './interval-usage.ts';
import type { DailyTariff } from './tariff-daily-pricing.ts';

/** Peers read for a comparison, at most. */
export const PEERS_MAX = 5000;
/** Share of peak use the shifting advice suggests moving (per mille). */
export const SHIFT_PERMILLE = 200;
/** Percentile of night intervals taken as the standby base load. */
export const STANDBY_PERCENTILE = 5;
/** The interval channel of forward active energy. */
const ACTIVE_IMPORT_CHANNEL = 1;

/**
 * Energy-saving advice from stored usage: this month's energy against prepaid customers on the
 * same tariff (peers); the standby base load (5th percentile of night intervals of the last 30
 * days); and what moving part of the peak energy to the valley would save at the account's own
 * TOU prices — peak energy from interval blocks classified by the tariff's TOU schedule, else from
 * the period freeze registers. Advice that lacks data is left out.
 */
export async function adviceFor(
  store: Store,
  clock: Clock,
  zone: string,
  accountId: string,
  tariffOf: (code: string, day: string) => DailyTariff | null,
): Promise<EnergyAdvice[]> {
  const acc = await store.prepaid.accounts.get(accountId);
  if (!acc) return [];
  const out: EnergyAdvice[] = [];
  const month = acc.cycleMonth;
  const peers = await store.prepaid.accounts.peerCycleWh(acc.tariffCode, month, PEERS_MAX);
  const peer = peerComparisonAdvice({
    wh: acc.cycleWh,
    peersWh: peers,
    customerClass: acc.tariffCode,
    area: '',
    period: month,
  });
  if (peer && acc.cycleWh > 0) out.push(peer);
  const today = localDate(clock.now(), zone);
  const t = tariffOf(acc.tariffCode, today);
  if (!t) return out;
  const blocks = await store.metering.blocks.latestBlocks(
    acc.meterId,
    ACTIVE_IMPORT_CHANNEL,
    addDays(today, -ADVICE_INTERVAL_DAYS),
    addDays(today, -1),
  );
  const usage = intervalUsage(blocks, acc.multiplier, t.schedule);
  // Night hours are priced at the cheapest period at most: the standby cost is never overstated.
  const standby = standbyLoadAdvice({
    nightIntervalsWh: usage.nightWh,
    intervalMinutes: usage.slotMinutes,
    priceMicro: Math.min(...t.tariff.periodPricesMicro),
    percentile: STANDBY_PERCENTILE,
  });
  if (standby) out.push(standby);
  const shift = await touShift(store, acc, t, usage.periodWh.get('peak'), month, today);
  if (shift) out.push(shift);
  return out;
}

async function touShift(
  store: Store,
  acc: PrepaidAccount,
  t: DailyTariff,
  intervalPeakWh: number | undefined,
  month: string,
  today: string,
): Promise<EnergyAdvice | null> {
  const peak = t.periodCodes.indexOf('peak');
  const valley = t.periodCodes.indexOf('valley');
  if (peak < 0 || valley < 0) return null;
  let peakWh = intervalPeakWh;
  let period = `${addDays(today, -ADVICE_INTERVAL_DAYS)}–${addDays(today, -1)}`;
  if (peakWh === undefined && acc.periods > 1) {
    const use = await store.prepaid.accounts.periodUse(
      acc.meterId,
      `${month}-01`,
      acc.lastSettledDate ? addDays(acc.lastSettledDate, 1) : today,
      acc.periods,
    );
    peakWh = use[peak] * acc.multiplier;
    period = month;
  }
  if (peakWh === undefined) return null;
  return touShiftAdvice({
    peakWh,
    shiftPermille: SHIFT_PERMILLE,
    peakPriceMicro: t.tariff.periodPricesMicro[peak],
    valleyPriceMicro: t.tariff.periodPricesMicro[valley],
    period,
  });
}
