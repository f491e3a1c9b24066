import { yuanToMicro } from '../../units/money.ts';
import { fen } from '../../units/money.ts';
import type { BillLines, LineKind } from '../bill-lines.ts';
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
    const line: LineKind = {
      code: c.id ?? 'energy',
      labelZh: c.label?.zh ?? '电度电费',
      labelEn: c.label?.en ?? 'Energy charge',
      category: 'energy',
      unit: 'Wh',
      priceUnit: 'microYuan/kWh',
      rule: 'flatEnergy',
      tariffVersion: v.version,
    };
    return {
      kind: 'flatEnergy',
      phase: RULE_PHASE.energy,
      compute(ctx: RuleContext, out: BillLines): void {
        out.add(line, ctx.activeWh, price, fen(amountFen(ctx.activeWh, price)));
      },
    };
  },
};
