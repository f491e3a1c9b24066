import { fen, yuanToMicro } from '../../units/money.ts';
import type { BillLine } from '../bill.ts';
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
    const codes = prices.map((_, i) => `${prefix}.tier${i + 1}`);
    const zh = prices.map((_, i) => `${tierLabelZh(i)}电量电费`);
    const en = prices.map((_, i) => `Tier ${i + 1} energy`);
    return {
      kind: 'tieredEnergy',
      phase: RULE_PHASE.energy,
      compute(ctx: RuleContext, out: BillLine[]): void {
        const offset = tiers.cycle === 'annual' ? ctx.cycleToDateWh : 0;
        const split = splitIntoTiers(offset, ctx.activeWh, limitsFor(tiers, ctx));
        for (let i = 0; i < split.length; i++) {
          if (split[i] === 0 && i > 0) continue;
          out.push({
            code: codes[i],
            labelZh: zh[i],
            labelEn: en[i],
            category: 'energy',
            quantity: split[i],
            unit: 'Wh',
            unitPrice: prices[i],
            priceUnit: 'microYuan/kWh',
            amount: fen(amountFen(split[i], prices[i])),
            rule: 'tieredEnergy',
            tariffVersion: v.version,
          });
        }
      },
    };
  },
};
