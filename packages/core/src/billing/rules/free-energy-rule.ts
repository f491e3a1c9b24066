import { kwhTextToWh } from '../../units/energy.ts';
import { fen, mulDivRoundHalfUp, yuanToMicro } from '../../units/money.ts';
import type { BillLines, LineKind } from '../bill-lines.ts';
import { amountFen } from '../exact-math.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { COMPONENT_COMMON, KWH_SCHEMA, PRICE_SCHEMA } from '../schema-parts.ts';
import type { ComponentDocument, TariffVersionDocument } from '../tariff-document.ts';

const WH_PER_KWH = 1000;

/**
 * Free kWh for households on minimum-income support (低保户免费电量, check: 10–15 kWh a month):
 * a credit of min(free kWh, kWh used) at `price`, free kWh scaled like monthly tier limits.
 */
export const freeEnergyRule: PricingRuleModule = {
  kind: 'freeEnergy',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'freeKwhPerMonth', 'price'],
    properties: {
      kind: { const: 'freeEnergy' },
      ...COMPONENT_COMMON,
      freeKwhPerMonth: KWH_SCHEMA,
      price: PRICE_SCHEMA,
    },
  },
  check: () => [],
  create(c: ComponentDocument, v: TariffVersionDocument): PricingRule {
    const freeWh = kwhTextToWh(c.freeKwhPerMonth as string);
    const price = yuanToMicro(c.price as string);
    const line: LineKind = {
      code: c.id ?? 'credit.freeEnergy',
      labelZh: c.label?.zh ?? '低保户免费电量',
      labelEn: c.label?.en ?? 'Free kWh (minimum-income household)',
      category: 'credit',
      unit: 'Wh',
      priceUnit: 'microYuan/kWh',
      rule: 'freeEnergy',
      tariffVersion: v.version,
    };
    return {
      kind: 'freeEnergy',
      phase: RULE_PHASE.credit,
      compute(ctx: RuleContext, out: BillLines): void {
        if (!ctx.minimumIncome) return;
        const allowance =
          ctx.monthNum === ctx.monthDen
            ? freeWh
            : mulDivRoundHalfUp(freeWh, ctx.monthNum, ctx.monthDen * WH_PER_KWH) * WH_PER_KWH;
        const wh = Math.min(allowance, ctx.activeWh);
        out.add(line, wh, -price, fen(0 - amountFen(wh, price)));
      },
    };
  },
};
