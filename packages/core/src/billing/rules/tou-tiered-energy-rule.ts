import { fen } from '../../units/money.ts';
import type { BillLines, LineKind } from '../bill-lines.ts';
import { amountFen } from '../exact-math.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { COMPONENT_COMMON, CYCLE_SCHEMA, MONTH_SCHEMA, TIERS_SCHEMA } from '../schema-parts.ts';
import type { ComponentDocument, TariffVersionDocument } from '../tariff-document.ts';
import { checkTiers, compileTiers, limitsFor, splitIntoTiers, tierLabelZh, type TierDocument } from '../tiers.ts';
import {
  checkTouDeterminants,
  checkTouPrices,
  compileTouPrices,
  pushTouPeriodLines,
  touPeriodLineKinds,
  TOU_PRICES_SCHEMA,
} from '../tou-prices.ts';

/**
 * Residential time-of-use with tiers: every period's kWh at the period base price, plus each
 * tier's adder on the kWh of that tier, the tier chosen on total kWh over all periods.
 */
export const touTieredEnergyRule: PricingRuleModule = {
  kind: 'touTieredEnergy',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'prices', 'cycle', 'tiers'],
    properties: {
      kind: { const: 'touTieredEnergy' },
      ...COMPONENT_COMMON,
      prices: TOU_PRICES_SCHEMA,
      cycle: CYCLE_SCHEMA,
      cycleStartMonth: MONTH_SCHEMA,
      tiers: TIERS_SCHEMA,
    },
  },
  check: (c, ctx) => [
    ...checkTouPrices(c.prices as Record<string, string>, ctx.version, `${ctx.path}/prices`),
    ...checkTiers(c.tiers as TierDocument[], `${ctx.path}/tiers`),
  ],
  create(c: ComponentDocument, v: TariffVersionDocument): PricingRule {
    const periods = compileTouPrices(c.prices as Record<string, string>, v);
    const tiers = compileTiers(
      c.tiers as TierDocument[],
      c.cycle as 'monthly' | 'annual',
      (c.cycleStartMonth as number) ?? 1,
    );
    const prefix = c.id ?? 'energy';
    const version = v.version;
    const periodLines = touPeriodLineKinds(periods, prefix, 'touTieredEnergy', version);
    const adderLines = tiers.addersMicro.map((_, i): LineKind => ({
      code: `${prefix}.tier${i + 1}Adder`,
      labelZh: `${tierLabelZh(i)}加价`,
      labelEn: `Tier ${i + 1} adder`,
      category: 'energy',
      unit: 'Wh',
      priceUnit: 'microYuan/kWh',
      rule: 'touTieredEnergy',
      tariffVersion: version,
    }));
    return {
      kind: 'touTieredEnergy',
      phase: RULE_PHASE.energy,
      checkDeterminants: (d) => checkTouDeterminants(d, periods),
      compute(ctx: RuleContext, out: BillLines): void {
        pushTouPeriodLines(out, periods, periodLines, ctx.touWh);
        const offset = tiers.cycle === 'annual' ? ctx.cycleToDateWh : 0;
        const split = splitIntoTiers(offset, ctx.activeWh, limitsFor(tiers, ctx));
        for (let i = 0; i < split.length; i++) {
          const adder = tiers.addersMicro[i];
          if (split[i] === 0 || adder === 0) continue;
          out.add(adderLines[i], split[i], adder, fen(amountFen(split[i], adder)));
        }
      },
    };
  },
};
