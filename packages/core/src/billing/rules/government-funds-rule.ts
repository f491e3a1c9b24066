import { fen, yuanToMicro } from '../../units/money.ts';
import type { BillLines, LineKind } from '../bill-lines.ts';
import { amountFen } from '../exact-math.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { CODE_SCHEMA, COMPONENT_COMMON, LABEL_SCHEMA, PRICE_SCHEMA } from '../schema-parts.ts';
import type { ComponentDocument, Label, TariffVersionDocument } from '../tariff-document.ts';

interface FundItem {
  code: string;
  label: Label;
  price: string;
}

/**
 * Government funds and surcharges (政府性基金及附加): part of the price but shown on their own
 * lines, on all kWh, never floating with the time-of-use period and outside the power-factor base.
 */
export const governmentFundsRule: PricingRuleModule = {
  kind: 'governmentFunds',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'items'],
    properties: {
      kind: { const: 'governmentFunds' },
      ...COMPONENT_COMMON,
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 10,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'label', 'price'],
          properties: { code: CODE_SCHEMA, label: LABEL_SCHEMA, price: PRICE_SCHEMA },
        },
      },
    },
  },
  check(c, ctx) {
    const items = c.items as FundItem[];
    const seen = new Set<string>();
    return items.flatMap((item, i) => {
      const dup = seen.has(item.code);
      seen.add(item.code);
      return dup ? [{ path: `${ctx.path}/items/${i}/code`, message: `fund code "${item.code}" is repeated` }] : [];
    });
  },
  create(c: ComponentDocument, v: TariffVersionDocument): PricingRule {
    const prefix = c.id ?? 'funds';
    const items = (c.items as FundItem[]).map((item) => ({
      line: {
        code: `${prefix}.${item.code}`,
        labelZh: item.label.zh,
        labelEn: item.label.en,
        category: 'funds',
        unit: 'Wh',
        priceUnit: 'microYuan/kWh',
        rule: 'governmentFunds',
        tariffVersion: v.version,
      } satisfies LineKind,
      price: yuanToMicro(item.price),
    }));
    return {
      kind: 'governmentFunds',
      phase: RULE_PHASE.funds,
      compute(ctx: RuleContext, out: BillLines): void {
        for (const item of items)
          out.add(item.line, ctx.activeWh, item.price, fen(amountFen(ctx.activeWh, item.price)));
      },
    };
  },
};
