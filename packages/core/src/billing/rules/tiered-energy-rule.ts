import { fen, yuanToMicro } from '../../units/money.ts';
import type { BillLines, LineKind } from '../bill-lines.ts';
import { amountFen } from '../exact-math.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { COMPONENT_COMMON, CYCLE_SCHEMA, MONTH_SCHEMA, PRICE_SCHEMA, TIERS_SCHEMA } from '../schema-parts.ts';
import type { ComponentDocument, TariffVersionDocument } from '../tariff-document.ts';
import { checkTiers, compileTiers, limitsFor, splitIntoTiers, tierLabelZh, type TierDocument } from '../tiers.ts';

/**
 * Residential tiered price (居民阶梯电价): each tier's kWh at base price + that tier's adder,
 * on a monthly or annual cycle.
 */
export const tieredEnergyRule: PricingRuleModule = {
  kind: 'tieredEnergy',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'cycle', 'basePrice', 'tiers'],
    properties: {
      kind: { const: 'tieredEnergy' },
      ...COMPONENT_COMMON,
      cycle: CYCLE_SCHEMA,
      cycleStartMonth: MONTH_SCHEMA,
      basePrice: PRICE_SCHEMA,
      tiers: TIERS_SCHEMA,
    },
  },
  check: (c, ctx) => checkTiers(c.tiers as TierDocument[], `${ctx.path}/tiers`),
  create(c: ComponentDocument, v: TariffVersionDocument): PricingRule {
    const tiers = compileTiers(
      c.tiers as TierDocument[],
      c.cycle as 'monthly' | 'annual',
      (c.cycleStartMonth as number) ?? 1,
    );
    const base = yuanToMicro(c.basePrice as string);
    const prices = tiers.addersMicro.map((a) => base + a);
    const prefix = c.id ?? 'energy';
    const lines = prices.map((_, i): LineKind => ({
      code: `${prefix}.tier${i + 1}`,
      labelZh: `${tierLabelZh(i)}电量电费`,
      labelEn: `Tier ${i + 1} energy`,
      category: 'energy',
      unit: 'Wh',
      priceUnit: 'microYuan/kWh',
      rule: 'tieredEnergy',
      tariffVersion: v.version,
    }));
    return {
      kind: 'tieredEnergy',
      phase: RULE_PHASE.energy,
      compute(ctx: RuleContext, out: BillLines): void {
        const offset = tiers.cycle === 'annual' ? ctx.cycleToDateWh : 0;
        const split = splitIntoTiers(offset, ctx.activeWh, limitsFor(tiers, ctx));
        for (let i = 0; i < split.length; i++) {
          if (split[i] === 0 && i > 0) continue;
          out.add(lines[i], split[i], prices[i], fen(amountFen(split[i], prices[i])));
        }
      },
    };
  },
};
