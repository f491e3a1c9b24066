import { AppError, type Issue } from '../errors/error-codes.ts';
import { parseScaled } from '../units/money.ts';
import { dayNumber, isCalendarDate } from './day-number.ts';
import { BASIC_CHARGE_METHODS, type BillingDeterminants } from './determinants.ts';
import { compileSchema } from './json-schema-validator.ts';

const QUANTITY = { type: ['string', 'number'] } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
export const MAX_MULTIPLIER = 1_000_000;

/** JSON Schema of a usage file: one account's determinants for one period, in kWh, kW and kVA. */
export const USAGE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'MeterFlow usage (billing determinants)',
  type: 'object',
  additionalProperties: false,
  required: ['period', 'kwh'],
  properties: {
    account: { type: 'string', maxLength: 64 },
    period: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: { from: DATE, to: DATE },
    },
    kwh: {
      oneOf: [QUANTITY, { type: 'object', minProperties: 1, maxProperties: 12, additionalProperties: QUANTITY }],
    },
    kvarh: QUANTITY,
    maxDemandKw: QUANTITY,
    capacityKva: QUANTITY,
    contractDemandKw: QUANTITY,
    basicChargeMethod: { enum: [...BASIC_CHARGE_METHODS] },
    powerFactorStandard: { type: 'string', pattern: '^0\\.\\d{2}$' },
    cycleToDateKwh: QUANTITY,
    moveInDate: DATE,
    moveOutDate: DATE,
    estimated: { type: 'boolean' },
    multiplier: { type: 'integer', minimum: 1, maximum: MAX_MULTIPLIER },
    minimumIncome: { type: 'boolean' },
  },
} as const;

const validateUsageSchema = compileSchema(USAGE_SCHEMA as unknown as Record<string, unknown>);

type UsageDocument = Record<string, unknown> & { period: { from: string; to: string }; kwh: unknown };

/** Parses a usage document into determinants, or throws VALIDATION_FAILED listing every problem. */
export function parseUsage(doc: unknown): BillingDeterminants {
  const issues = validateUsageSchema(doc);
  if (issues.length > 0 && (typeof doc !== 'object' || doc === null || Array.isArray(doc))) {
    throw new AppError('VALIDATION_FAILED', summary(issues), issues);
  }
  // Fields the schema accepted are still checked, so one run lists every problem.
  const broken = (p: string): boolean => issues.some((i) => i.path === p || i.path.startsWith(`${p}/`));
  const u = doc as UsageDocument;
  const out: Issue[] = [...issues];
  const thousandths = (value: unknown, path: string): number | undefined => {
    if (value === undefined || broken(path) || (typeof value !== 'string' && typeof value !== 'number'))
      return undefined;
    try {
      const v = parseScaled(String(value), 3);
      if (v < 0) out.push({ path, message: 'must not be negative' });
      return v;
    } catch (e) {
      out.push({ path, message: (e as Error).message });
      return undefined;
    }
  };
  const d: BillingDeterminants = { periodFrom: u.period?.from, periodTo: u.period?.to };
  if (typeof u.kwh === 'object' && u.kwh !== null && !Array.isArray(u.kwh)) {
    const tou: Record<string, number> = {};
    for (const [k, v] of Object.entries(u.kwh)) tou[k] = thousandths(v, `/kwh/${k}`) ?? 0;
    d.touWh = tou;
  } else d.activeWh = thousandths(u.kwh, '/kwh');
  assign(d, 'reactiveVarh', thousandths(u.kvarh, '/kvarh'));
  assign(d, 'maxDemandW', thousandths(u.maxDemandKw, '/maxDemandKw'));
  assign(d, 'capacityVa', thousandths(u.capacityKva, '/capacityKva'));
  assign(d, 'contractDemandW', thousandths(u.contractDemandKw, '/contractDemandKw'));
  assign(d, 'cycleToDateWh', thousandths(u.cycleToDateKwh, '/cycleToDateKwh'));
  assign(d, 'accountId', u.account as string | undefined);
  assign(d, 'basicChargeMethod', u.basicChargeMethod as BillingDeterminants['basicChargeMethod']);
  if (typeof u.powerFactorStandard === 'string' && !broken('/powerFactorStandard'))
    d.powerFactorStandard = parseScaled(u.powerFactorStandard, 2);
  assign(d, 'moveInDate', u.moveInDate as string | undefined);
  assign(d, 'moveOutDate', u.moveOutDate as string | undefined);
  assign(d, 'estimated', u.estimated as boolean | undefined);
  assign(d, 'multiplier', u.multiplier as number | undefined);
  assign(d, 'minimumIncome', u.minimumIncome as boolean | undefined);
  if (
    typeof d.periodFrom === 'string' &&
    typeof d.periodTo === 'string' &&
    !broken('/period') &&
    !broken('/moveInDate') &&
    !broken('/moveOutDate')
  )
    out.push(...checkDates(d));
  if (out.length > 0) throw new AppError('VALIDATION_FAILED', summary(out), out);
  return d;
}

function assign<K extends keyof BillingDeterminants>(
  d: BillingDeterminants,
  key: K,
  value: BillingDeterminants[K] | undefined,
): void {
  if (value !== undefined) d[key] = value;
}

function checkDates(d: BillingDeterminants): Issue[] {
  const issues: Issue[] = [];
  const dates: [string, string | undefined][] = [
    ['/period/from', d.periodFrom],
    ['/period/to', d.periodTo],
    ['/moveInDate', d.moveInDate],
    ['/moveOutDate', d.moveOutDate],
  ];
  for (const [path, v] of dates)
    if (v !== undefined && !isCalendarDate(v)) issues.push({ path, message: `"${v}" is not a calendar date` });
  if (issues.length > 0) return issues;
  const from = dayNumber(d.periodFrom);
  const to = dayNumber(d.periodTo);
  if (to <= from)
    issues.push({ path: '/period/to', message: 'must be after period.from (the period ends the day before "to")' });
  if (d.moveInDate && dayNumber(d.moveInDate) >= to)
    issues.push({ path: '/moveInDate', message: 'is after the period' });
  if (d.moveOutDate && dayNumber(d.moveOutDate) < from)
    issues.push({ path: '/moveOutDate', message: 'is before the period' });
  if (d.moveInDate && d.moveOutDate && dayNumber(d.moveOutDate) < dayNumber(d.moveInDate)) {
    issues.push({ path: '/moveOutDate', message: 'is before moveInDate' });
  }
  return issues;
}

const summary = (issues: readonly Issue[]): string =>
  `usage: ${issues.length} problem(s), first at ${issues[0].path}: ${issues[0].message}`;
