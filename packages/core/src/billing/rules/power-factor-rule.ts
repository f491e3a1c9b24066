import { AppError } from '../../errors/error-codes.ts';
import { fen, mulDivRoundHalfUp, parseScaled } from '../../units/money.ts';
import type { BillLines, LineKind } from '../bill-lines.ts';
import {
  checkPfTable,
  compilePfTable,
  pfAdjustmentBp,
  powerFactorHundredths,
  type CompiledPfTable,
  type PfTableDocument,
} from '../power-factor.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { COMPONENT_COMMON, HUNDREDTHS_SCHEMA, PERCENT_SCHEMA } from '../schema-parts.ts';
import type { ComponentDocument, TariffVersionDocument } from '../tariff-document.ts';

const BASIS_POINTS = 10_000;

const TABLE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['credits', 'penalties'],
  properties: {
    credits: {
      type: 'array',
      maxItems: 30,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['atLeast', 'percent'],
        properties: { atLeast: HUNDREDTHS_SCHEMA, percent: PERCENT_SCHEMA },
      },
    },
    penalties: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['belowByHundredths', 'basePercent', 'percentPerHundredth'],
        properties: {
          belowByHundredths: { type: 'integer', minimum: 0, maximum: 100 },
          basePercent: PERCENT_SCHEMA,
          percentPerHundredth: PERCENT_SCHEMA,
        },
      },
    },
  },
} as const;

/**
 * Power-factor adjustment (功率因数调整电费, 1983 rules): a percentage of (energy charge without
 * funds + basic charge) looked up from the table of the customer's standard; negative = credit.
 */
export const powerFactorRule: PricingRuleModule = {
  kind: 'powerFactorAdjustment',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'defaultStandard', 'tables'],
    properties: {
      kind: { const: 'powerFactorAdjustment' },
      ...COMPONENT_COMMON,
      defaultStandard: HUNDREDTHS_SCHEMA,
      tables: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: '^0\\.\\d{2}$' },
        additionalProperties: TABLE_SCHEMA,
      },
    },
  },
  check(c, ctx) {
    const tables = c.tables as Record<string, PfTableDocument>;
    const issues = Object.entries(tables).flatMap(([std, t]) => checkPfTable(std, t, `${ctx.path}/tables/${std}`));
    if (!tables[c.defaultStandard as string]) {
      issues.push({
        path: `${ctx.path}/defaultStandard`,
        message: `no table for the default standard ${String(c.defaultStandard)}`,
      });
    }
    return issues;
  },
  create(c: ComponentDocument, v: TariffVersionDocument): PricingRule {
    const tables = new Map<number, CompiledPfTable>();
    for (const [std, t] of Object.entries(c.tables as Record<string, PfTableDocument>))
      tables.set(parseScaled(std, 2), compilePfTable(std, t));
    const defaultStandard = parseScaled(c.defaultStandard as string, 2);
    const line: LineKind = {
      code: c.id ?? 'pf.adjustment',
      labelZh: '功率因数调整电费',
      labelEn: 'Power factor adjustment',
      category: 'adjustment',
      unit: 'Fen',
      priceUnit: 'basisPoints',
      rule: 'powerFactorAdjustment',
      tariffVersion: v.version,
    };
    // The line names the actual factor and the standard; few pairs occur, so each label is built once.
    const labels = new Map<number, [string, string]>();
    const labelsOf = (pf: number, standard: number): [string, string] => {
      const key = standard * 1000 + pf;
      let l = labels.get(key);
      if (!l) {
        const actual = (pf / 100).toFixed(2);
        const std = (standard / 100).toFixed(2);
        l = [`功率因数调整电费(实际${actual},标准${std})`, `Power factor adjustment (pf ${actual}, standard ${std})`];
        labels.set(key, l);
      }
      return l;
    };
    return {
      kind: 'powerFactorAdjustment',
      phase: RULE_PHASE.adjustment,
      checkDeterminants(d) {
        const issues = [];
        if (d.reactiveVarh === undefined)
          issues.push({ path: '/kvarh', message: 'the power-factor adjustment needs reactive energy' });
        const std = d.powerFactorStandard ?? defaultStandard;
        if (!tables.has(std))
          issues.push({ path: '/powerFactorStandard', message: `no table for ${(std / 100).toFixed(2)}` });
        return issues;
      },
      compute(ctx: RuleContext, out: BillLines): void {
        const pf = powerFactorHundredths(ctx.periodActiveWh, ctx.periodReactiveVarh);
        if (pf === undefined) return;
        const standard = ctx.powerFactorStandard ?? defaultStandard;
        const table = tables.get(standard);
        if (!table) {
          throw new AppError(
            'VALIDATION_FAILED',
            `the tariff has no power-factor table for standard ${standard / 100}`,
            [{ path: '/powerFactorStandard', message: `no table for ${standard / 100}` }],
          );
        }
        ctx.powerFactorHundredths = pf;
        let base = 0;
        for (let i = ctx.segmentStart; i < out.length; i++) {
          const category = out.kind[i].category;
          if (category === 'energy' || category === 'basic') base += out.amount[i];
        }
        const bp = pfAdjustmentBp(table, pf);
        const [labelZh, labelEn] = labelsOf(pf, standard);
        out.addLabelled(line, base, bp, fen(mulDivRoundHalfUp(base, bp, BASIS_POINTS)), labelZh, labelEn);
      },
    };
  },
};
