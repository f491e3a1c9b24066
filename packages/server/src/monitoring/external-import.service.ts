import { AppError, type Clock, type Issue } from '@meterflow/core';
import type { PolicyNoticeRow, ProductionDayRow, Store, WeatherRow } from '@meterflow/store';
import { IMPORT_ISSUES_MAX, IMPORT_ROWS_MAX } from './monitoring-limits.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string | undefined): s is string =>
  !!s && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Splits a small CSV (no quoting) into header-keyed rows with their line numbers; comments (#) and blanks skipped. */
function csvRows(text: string, required: readonly string[]): { line: number; cells: Record<string, string> }[] {
  const lines = text.split(/\r?\n/);
  let at = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  if (at < 0) throw new AppError('IMPORT_REJECTED', 'the file is empty', [{ path: 'line 1', message: 'no header' }]);
  const header = lines[at].split(',').map((h) => h.trim());
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length)
    throw new AppError('IMPORT_REJECTED', `the header lacks ${missing.join(', ')}`, [
      { path: `line ${at + 1}`, message: `header must have ${required.join(',')}` },
    ]);
  const out: { line: number; cells: Record<string, string> }[] = [];
  for (at++; at < lines.length; at++) {
    if (lines[at].trim() === '' || lines[at].startsWith('#')) continue;
    if (out.length >= IMPORT_ROWS_MAX)
      throw new AppError('IMPORT_REJECTED', `more than ${IMPORT_ROWS_MAX} rows`, [
        { path: `line ${at + 1}`, message: 'too many rows' },
      ]);
    const values = lines[at].split(',');
    out.push({ line: at + 1, cells: Object.fromEntries(header.map((h, i) => [h, (values[i] ?? '').trim()])) });
  }
  return out;
}

/** Throws every problem at once, so the sender fixes the file in one pass. */
function rejectIfAny(issues: Issue[], what: string): void {
  if (issues.length === 0) return;
  const shown = issues.slice(0, IMPORT_ISSUES_MAX);
  throw new AppError('VALIDATION_FAILED', `${what}: ${issues.length} bad row(s), nothing was stored`, shown);
}

/** Imports of outside data: weather (CSV), industry policy notices (JSON), customers' production (CSV). */
export class ExternalImportService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** `area,date,hour,temperatureC` — area is a branch id or code; an empty hour means the day's mean. */
  async importWeather(text: string, source: string): Promise<{ stored: number }> {
    const orgs = await this.store.orgs.list();
    const areaOf = new Map(orgs.flatMap((o) => [[o.id, o.id] as const, [o.code, o.id] as const]));
    const issues: Issue[] = [];
    const rows: WeatherRow[] = [];
    for (const { line, cells } of csvRows(text, ['area', 'date', 'hour', 'temperatureC'])) {
      const area = areaOf.get(cells.area);
      const hour = cells.hour === '' ? -1 : Number(cells.hour);
      const t = Number(cells.temperatureC);
      if (!area) issues.push({ path: `line ${line}`, message: `unknown area "${cells.area}"` });
      if (!isDate(cells.date)) issues.push({ path: `line ${line}`, message: `date "${cells.date}" is not YYYY-MM-DD` });
      if (!(Number.isInteger(hour) && hour >= -1 && hour <= 23))
        issues.push({ path: `line ${line}`, message: 'hour must be 0–23 or empty' });
      if (cells.temperatureC === '' || !(t > -80 && t < 70))
        issues.push({ path: `line ${line}`, message: 'temperatureC must be within −80..70' });
      if (area) rows.push({ areaId: area, date: cells.date, hour, temperatureDc: Math.round(t * 10), source });
    }
    rejectIfAny(issues, 'weather import');
    await this.store.monitoring.external.upsertWeather(rows);
    return { stored: rows.length };
  }

  /** `{ notices: [{ id, industry, tag, riskDelta (−50..50), validFrom, validTo?, title: { zh, en } }] }`. */
  async importPolicies(doc: unknown): Promise<{ stored: number }> {
    const notices = (doc as { notices?: unknown })?.notices;
    if (!Array.isArray(notices))
      throw new AppError('VALIDATION_FAILED', 'policy notices', [{ path: '/notices', message: 'must be an array' }]);
    const issues: Issue[] = [];
    const now = this.clock.now().toISOString();
    const rows: PolicyNoticeRow[] = notices.map((n: Record<string, unknown>, i) => {
      const p = `/notices/${i}`;
      const title = (n?.title ?? {}) as { zh?: unknown; en?: unknown };
      for (const k of ['id', 'industry', 'tag'] as const)
        if (typeof n?.[k] !== 'string' || !(n[k] as string).trim() || (n[k] as string).length > 100)
          issues.push({ path: `${p}/${k}`, message: 'text of 1–100 characters' });
      if (!Number.isInteger(n?.riskDelta) || Math.abs(n.riskDelta as number) > 50)
        issues.push({ path: `${p}/riskDelta`, message: 'integer within −50..50' });
      if (!isDate(n?.validFrom as string)) issues.push({ path: `${p}/validFrom`, message: 'YYYY-MM-DD' });
      if (n?.validTo != null && (!isDate(n.validTo as string) || (n.validTo as string) < (n.validFrom as string)))
        issues.push({ path: `${p}/validTo`, message: 'YYYY-MM-DD, not before validFrom' });
      if (typeof title.zh !== 'string' || typeof title.en !== 'string')
        issues.push({ path: `${p}/title`, message: 'needs zh and en' });
      return {
        id: String(n?.id),
        industry: String(n?.industry),
        tag: String(n?.tag),
        riskDelta: Number(n?.riskDelta),
        validFrom: String(n?.validFrom),
        validTo: (n?.validTo as string | null | undefined) ?? null,
        titleZh: String(title.zh),
        titleEn: String(title.en),
        createdAt: now,
      };
    });
    rejectIfAny(issues, 'policy notices');
    await this.store.monitoring.external.upsertPolicies(rows);
    return { stored: rows.length };
  }

  /** `account,date,output,unit` — account is an account number or id; output ≥ 0 in its unit. */
  async importProduction(text: string): Promise<{ stored: number }> {
    const issues: Issue[] = [];
    const rows: ProductionDayRow[] = [];
    const known = new Map<string, string | null>();
    for (const { line, cells } of csvRows(text, ['account', 'date', 'output', 'unit'])) {
      if (!known.has(cells.account)) {
        const a = (await this.store.accounts.getByNo(cells.account)) ?? (await this.store.accounts.get(cells.account));
        known.set(cells.account, a?.id ?? null);
      }
      const accountId = known.get(cells.account);
      const output = Number(cells.output);
      if (!accountId) issues.push({ path: `line ${line}`, message: `unknown account "${cells.account}"` });
      if (!isDate(cells.date)) issues.push({ path: `line ${line}`, message: `date "${cells.date}" is not YYYY-MM-DD` });
      if (cells.output === '' || !(output >= 0 && output < 1e12))
        issues.push({ path: `line ${line}`, message: 'output must be a number ≥ 0' });
      if (!cells.unit || cells.unit.length > 20)
        issues.push({ path: `line ${line}`, message: 'unit of 1–20 characters' });
      if (accountId)
        rows.push({ accountId, date: cells.date, outputMilli: Math.round(output * 1000), unit: cells.unit });
    }
    rejectIfAny(issues, 'production import');
    await this.store.monitoring.external.upsertProduction(rows);
    return { stored: rows.length };
  }
}
