import type { BillLines } from '../bill-lines.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { COMPONENT_COMMON } from '../schema-parts.ts';
import type { ComponentDocument, TariffVersionDocument } from '../tariff-document.ts';
import {
  checkTouDeterminants,
  checkTouPrices,
  compileTouPrices,
  pushTouPeriodLines,
  touPeriodLineKinds,
  TOU_PRICES_SCHEMA,
} from '../tou-prices.ts';

/**
 * Time-of-use energy (分时电价): each period's kWh at that period's published price. Periods
 * include critical peak (尖峰) and deep valley (深谷) where the schedule defines them.
 */
export const touEnergyRule: PricingRuleModule = {
  kind: 'touEnergy',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'prices'],
    properties: { kind: { const: 'touEnergy' }, ...COMPONENT_COMMON, prices: TOU_PRICES_SCHEMA },
  },
  check: (c, ctx) => checkTouPrices(c.prices as Record<string, string>, ctx.version, `${ctx.path}/prices`),
  create(c: ComponentDocument, v: TariffVersionDocument): PricingRule {
    const periods = compileTouPrices(c.prices as Record<string, string>, v);
    const lines = touPeriodLineKinds(periods, c.id ?? 'energy', 'touEnergy', v.version);
    return {
      kind: 'touEnergy',
      phase: RULE_PHASE.energy,
      checkDeterminants: (d) => checkTouDeterminants(d, periods),
      compute(ctx: RuleContext, out: BillLines): void {
        pushTouPeriodLines(out, periods, lines, ctx.touWh);
      },
    };
  },
};
