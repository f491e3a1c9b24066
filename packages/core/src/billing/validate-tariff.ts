import { AppError, type Issue } from '../errors/error-codes.ts';
import { parseScaled } from '../units/money.ts';
import { dayNumber, isCalendarDate } from './day-number.ts';
import { compileSchema } from './json-schema-validator.ts';
import { defaultRuleRegistry, type RuleRegistry } from './rule-registry.ts';
import type { TariffDocument, TariffVersionDocument } from './tariff-document.ts';
import { TARIFF_SCHEMA } from './tariff-schema.ts';
import { checkTouSchedule } from './tou-schedule.ts';

const validateSchema = compileSchema(TARIFF_SCHEMA);

/**
 * Every problem of a tariff document at once: JSON Schema first, then the rules a schema cannot
 * say, run on each part whose shape is already right.
 */
export function validateTariff(doc: unknown, registry: RuleRegistry = defaultRuleRegistry): Issue[] {
  const issues = validateSchema(doc);
  const broken = (prefix: string): boolean => issues.some((i) => i.path === prefix || i.path.startsWith(`${prefix}/`));
  const d = doc as TariffDocument;
  if (!d || typeof d !== 'object' || !Array.isArray(d.versions)) return issues;
  const semantic: Issue[] = [];
  let prevDay = -Infinity;
  let prevVersion = 0;
  d.versions.forEach((v, vi) => {
    const vp = `/versions/${vi}`;
    if (broken(vp) && !v) return;
    if (typeof v.effectiveFrom === 'string' && isCalendarDate(v.effectiveFrom)) {
      const day = dayNumber(v.effectiveFrom);
      if (day <= prevDay)
        semantic.push({
          path: `${vp}/effectiveFrom`,
          message: 'versions must start on strictly later dates, in order',
        });
      prevDay = day;
    } else if (!broken(`${vp}/effectiveFrom`)) {
      semantic.push({ path: `${vp}/effectiveFrom`, message: `"${String(v.effectiveFrom)}" is not a calendar date` });
    }
    if (typeof v.version === 'number') {
      if (v.version <= prevVersion) semantic.push({ path: `${vp}/version`, message: 'version numbers must increase' });
      prevVersion = v.version;
    }
    semantic.push(...checkVersion(v, vp, broken, registry));
  });
  return [...issues, ...semantic];
}

function checkVersion(
  v: TariffVersionDocument,
  vp: string,
  broken: (p: string) => boolean,
  registry: RuleRegistry,
): Issue[] {
  const out: Issue[] = [];
  if (typeof v.vatRatePercent === 'string' && !broken(`${vp}/vatRatePercent`) && parseScaled(v.vatRatePercent, 2) < 0) {
    out.push({ path: `${vp}/vatRatePercent`, message: 'VAT rate must not be negative' });
  }
  if (v.timeOfUse && !broken(`${vp}/timeOfUse`)) out.push(...checkTouSchedule(v.timeOfUse, `${vp}/timeOfUse`));
  if (!Array.isArray(v.components)) return out;
  const ids = new Set<string>();
  v.components.forEach((c, ci) => {
    const cp = `${vp}/components/${ci}`;
    if (broken(cp) || !c) return;
    const id = c.id ?? c.kind;
    if (ids.has(id)) out.push({ path: cp, message: `two components share the id "${id}"; give one an "id"` });
    ids.add(id);
    const module = registry.get(c.kind);
    if (module) out.push(...module.check(c, { version: v, path: cp }));
  });
  return out;
}

/** Throws TARIFF_INVALID listing every problem, or returns the document typed. */
export function assertValidTariff(doc: unknown, registry: RuleRegistry = defaultRuleRegistry): TariffDocument {
  const issues = validateTariff(doc, registry);
  if (issues.length > 0) {
    throw new AppError(
      'TARIFF_INVALID',
      `tariff: ${issues.length} problem(s), first at ${issues[0].path}: ${issues[0].message}`,
      issues,
    );
  }
  return doc as TariffDocument;
}
