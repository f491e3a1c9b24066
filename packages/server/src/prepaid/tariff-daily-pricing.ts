import { compileTiers, type TierDocument } from '@meterflow/core/billing/tiers';
import type { TariffDocument, TariffVersionDocument } from '@meterflow/core/billing/tariff-document';
import type { TieredTariff } from '@meterflow/core/payments/tiered-daily-pricer';
import { yuanToMicro } from '@meterflow/core';
import { compileTouSchedule, type CompiledTouSchedule } from '@meterflow/core/billing/tou-schedule';

/** A billing tariff seen as the prepaid DailyPricer needs it: period prices, tier limits and adders. */
export interface DailyTariff {
  code: string;
  tariff: TieredTariff;
  /** TOU period codes in register order (`[]` when the total register is priced). */
  periodCodes: string[];
  /** The TOU schedule of a TOU-priced tariff (interval data is classified with it). */
  schedule?: CompiledTouSchedule;
}

/** The version of a tariff in force on a local date. */
export function versionOn(doc: TariffDocument, day: string): TariffVersionDocument | undefined {
  return [...doc.versions]
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    .filter((v) => v.effectiveFrom <= day)
    .at(-1);
}

/**
 * Reads the energy component of a billing tariff (tieredEnergy, touTieredEnergy, touEnergy or
 * flatEnergy) into the tiered TOU form core's daily pricer takes, through billing's own tier
 * compiler, so prepaid deducts at the prices the formal bill will use. Monthly tiers only: an
 * annual cycle or a component of another kind gives null (that tariff is not priced daily).
 */
export function dailyTariffOf(code: string, doc: TariffDocument, day: string): DailyTariff | null {
  const v = versionOn(doc, day);
  if (!v) return null;
  const periods = v.timeOfUse?.periods.map((p) => p.code) ?? [];
  for (const c of v.components) {
    const tiers = c.tiers as TierDocument[] | undefined;
    if (c.cycle === 'annual') return null;
    const compiled = tiers ? compileTiers(tiers, 'monthly') : { limitsWh: [], addersMicro: [0] };
    if (c.kind === 'tieredEnergy' || c.kind === 'flatEnergy') {
      const base = yuanToMicro(String(c.basePrice ?? c.price));
      return {
        code,
        periodCodes: [],
        tariff: { periodPricesMicro: [base], tierLimitsWh: compiled.limitsWh, tierAddersMicro: compiled.addersMicro },
      };
    }
    if (c.kind === 'touTieredEnergy' || c.kind === 'touEnergy') {
      const prices = c.prices as Record<string, string>;
      return {
        code,
        periodCodes: periods,
        ...(v.timeOfUse ? { schedule: compileTouSchedule(v.timeOfUse) } : {}),
        tariff: {
          periodPricesMicro: periods.map((p) => yuanToMicro(prices[p])),
          tierLimitsWh: compiled.limitsWh,
          tierAddersMicro: compiled.addersMicro,
        },
      };
    }
  }
  return null;
}
