import { addDays, localDate, type Clock } from '@meterflow/core';
import type { EnergyAdvice } from '@meterflow/core/payments/advice/energy-advice';
import { peerComparisonAdvice } from '@meterflow/core/payments/advice/peer-comparison';
import { touShiftAdvice } from '@meterflow/core/payments/advice/tou-shift-advice';
import type { Store } from '@meterflow/store';
import type { DailyTariff } from './tariff-daily-pricing.ts';

/** Peers read for a comparison, at most. */
export const PEERS_MAX = 5000;
/** Share of peak use the shifting advice suggests moving (per mille). */
export const SHIFT_PERMILLE = 200;

/**
 * Energy-saving advice from stored usage: this month's energy against prepaid customers on the
 * same tariff (peers), and what moving part of the peak energy to the valley would save at the
 * account's own TOU prices (from its period freeze registers). Advice that lacks data is left out.
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
  const peak = t?.periodCodes.indexOf('peak') ?? -1;
  const valley = t?.periodCodes.indexOf('valley') ?? -1;
  if (t && peak >= 0 && valley >= 0 && acc.periods > 1) {
    const use = await store.prepaid.accounts.periodUse(
      acc.meterId,
      `${month}-01`,
      acc.lastSettledDate ? addDays(acc.lastSettledDate, 1) : today,
      acc.periods,
    );
    const shift = touShiftAdvice({
      peakWh: use[peak] * acc.multiplier,
      shiftPermille: SHIFT_PERMILLE,
      peakPriceMicro: t.tariff.periodPricesMicro[peak],
      valleyPriceMicro: t.tariff.periodPricesMicro[valley],
      period: month,
    });
    if (shift) out.push(shift);
  }
  return out;
}
