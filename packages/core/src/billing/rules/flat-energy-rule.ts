import { yuanToMicro } from '../../units/money.ts';
import { fen } from '../../units/money.ts';
import type { BillLine } from '../bill.ts';
import { amountFen } from '../exact-math.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { COMPONENT_COMMON, PRICE_SCHEMA } from '../schema-parts.ts';
import type { ComponentDocument, TariffVersionDocument } from '../tariff-document.ts';

/** One price for every kWh (单一电度电价). */
export const flatEnergyRule: PricingRuleModule = {
  kind: 'flatEnergy',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'price'],
    properties: { kind: { const: 'flatEnergy' }, ...COMPONENT_COMMON, price: PRICE_SCHEMA },
  },
  check: () => [],
  create(c: ComponentDocument, v: TariffVersionDocument): PricingRule {
    const price = yuanToMicro(c.price as string);
    const labelZh = c.label?.zh ?? '电度电费';
    const labelEn = c.label?.en ?? 'Energy charge';
    const code = c.id ?? 'energy';
    return {
      kind: 'flatEnergy',
      phase: RULE_PHASE.energy,
      compute(ctx: RuleContext, out: BillLine[]): void {
        out.push({
          code,
          labelZh,
          labelEn,
          category: 'energy',
          quantity: ctx.activeWh,
          unit: 'Wh',
          unitPrice: price,
          priceUnit: 'microYuan/kWh',
          amount: fen(amountFen(ctx.activeWh, price)),
          rule: 'flatEnergy',
          tariffVersion: v.version,
        });
      },
    };
  },
};
