import type { Issue } from '../errors/error-codes.ts';
import type { BillingDeterminants } from './determinants.ts';
import { fen, yuanToMicro } from '../units/money.ts';
import type { BillLines, LineKind } from './bill-lines.ts';
import { amountFen } from './exact-math.ts';
import type { RuleContext } from './pricing-rule.ts';
import { PRICE_SCHEMA } from './schema-parts.ts';
import type { TariffVersionDocument } from './tariff-document.ts';

/** JSON Schema of a price per time-of-use period code. */
export const TOU_PRICES_SCHEMA = {
  type: 'object',
  minProperties: 1,
  maxProperties: 12,
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}$' },
  additionalProperties: PRICE_SCHEMA,
} as const;

/** A TOU price list must price exactly the periods of the version's schedule. */
export function checkTouPrices(prices: Record<string, string>, version: TariffVersionDocument, path: string): Issue[] {
  const schedule = version.timeOfUse;
  if (!schedule) return [{ path, message: 'time-of-use prices need a timeOfUse schedule in the same version' }];
  const issues: Issue[] = [];
  const codes = new Set(schedule.periods.map((p) => p.code));
  for (const code of codes) if (!(code in prices)) issues.push({ path, message: `no price for period "${code}"` });
  for (const code of Object.keys(prices)) {
    if (!codes.has(code))
      issues.push({ path: `${path}/${code}`, message: `"${code}" is not a period of the timeOfUse schedule` });
  }
  return issues;
}

/** One priced period, compiled, in the schedule's period order. */
export interface CompiledTouPrice {
  code: string;
  labelZh: string;
  labelEn: string;
  priceMicro: number;
}

/** Compiles the prices in schedule order so lines come out in a stable order. */
export function compileTouPrices(prices: Record<string, string>, version: TariffVersionDocument): CompiledTouPrice[] {
  return version.timeOfUse!.periods.map((p) => ({
    code: p.code,
    labelZh: p.label.zh,
    labelEn: p.label.en,
    priceMicro: yuanToMicro(prices[p.code]),
  }));
}

/** A time-of-use bill needs kWh per period, and only periods this tariff knows. */
export function checkTouDeterminants(d: BillingDeterminants, periods: readonly CompiledTouPrice[]): Issue[] {
  const codes = periods.map((p) => p.code);
  if (!d.touWh) {
    return (d.activeWh ?? 0) > 0
      ? [{ path: '/kwh', message: `give kWh per time-of-use period (${codes.join(', ')})` }]
      : [];
  }
  return Object.keys(d.touWh)
    .filter((k) => !codes.includes(k))
    .map((k) => ({ path: `/kwh/${k}`, message: `not a period of this tariff (${codes.join(', ')})` }));
}

/** The line kinds of a rule's per-period energy lines, in period order. */
export function touPeriodLineKinds(
  periods: readonly CompiledTouPrice[],
  prefix: string,
  rule: string,
  tariffVersion: number,
): LineKind[] {
  return periods.map((p) => ({
    code: `${prefix}.${p.code}`,
    labelZh: `${p.labelZh}电量电费`,
    labelEn: `${p.labelEn} energy`,
    category: 'energy',
    unit: 'Wh',
    priceUnit: 'microYuan/kWh',
    rule,
    tariffVersion,
  }));
}

/** One energy line per time-of-use period: the period's kWh at the period's price. */
export function pushTouPeriodLines(
  out: BillLines,
  periods: readonly CompiledTouPrice[],
  kinds: readonly LineKind[],
  touWh: RuleContext['touWh'],
): void {
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i];
    const wh = touWh?.[p.code] ?? 0;
    out.add(kinds[i], wh, p.priceMicro, fen(amountFen(wh, p.priceMicro)));
  }
}
