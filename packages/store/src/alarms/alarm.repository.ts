import { sql, type Kysely } from 'kysely';
import type { AlarmDecision } from '@meterflow/core/alarms/alarm-record';
import { SEVERITIES, type Severity } from '@meterflow/core/alarms/severity';
import type { Database } from '../schema.ts';
import { alarmFromRow, alarmToRow, type StoredAlarm } from './alarm-rows.ts';

/** Rows per upsert statement: 30 columns × 200 rows stays far below both engines' parameter limits. */
export const ALARM_UPSERT_CHUNK = 200;
/** Page size ceiling of alarm lists. */
export const ALARM_PAGE_MAX = 500;
/** Alarms one monthly report reads at most. */
export const ALARM_REPORT_ROWS_MAX = 200_000;
/** Events kept per alarm in a detail view. */
export const ALARM_EVENTS_MAX = 500;

/** Filters of the alarm list; `orgIds` limits to branches (undefined = all, null branch included only then). */
export interface AlarmFilter {
  status?: 'open' | 'resolved';
  minSeverity?: Severity;
  severities?: Severity[];
  kinds?: string[];
  branchIds?: string[];
  /** Scope: alarms of these branches only; `includeUnbranched` adds alarms with no branch. */
  orgIds?: readonly string[];
  includeUnbranched?: boolean;
  subjectId?: string;
  raisedFrom?: Date;
  raisedTo?: Date;
  limit?: number;
  offset?: number;
}

export interface AlarmEvent {
  id: number;
  alarmId: string;
  at: Date;
  action: string;
  by: string;
  severity: Severity;
  note?: string;
}

/** Alarms: the sweep upserts its decisions here; staff acknowledge and resolve them. */
export class AlarmRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every open alarm plus those resolved since `resolvedSince` (what a sweep must know). */
  async listKnown(resolvedSince: Date): Promise<StoredAlarm[]> {
    const rows = await this.db
      .selectFrom('alarms')
      .selectAll()
      .where((eb) => eb.or([eb('status', '=', 'open'), eb('resolved_at', '>=', resolvedSince.toISOString())]))
      .execute();
    return rows.map(alarmFromRow);
  }

  async get(id: string): Promise<StoredAlarm | undefined> {
    const row = await this.db.selectFrom('alarms').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? alarmFromRow(row) : undefined;
  }

  async getOpenByCause(causeKey: string): Promise<StoredAlarm | undefined> {
    const row = await this.db
      .selectFrom('alarms')
      .selectAll()
      .where('cause_key', '=', causeKey)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return row ? alarmFromRow(row) : undefined;
  }

  /**
   * Stores a sweep's decisions (insert or update by id) and their history events. Staff columns
   * (acknowledgement, manual resolution) are never overwritten by a sweep, except that a reopened
   * alarm needs acknowledging again.
   */
  async applyDecisions(decisions: readonly AlarmDecision[], at: Date): Promise<void> {
    for (let i = 0; i < decisions.length; i += ALARM_UPSERT_CHUNK) {
      const chunk = decisions.slice(i, i + ALARM_UPSERT_CHUNK);
      await this.db
        .insertInto('alarms')
        .values(chunk.map((d) => alarmToRow(d.alarm)))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            severity: eb.ref('excluded.severity'),
            severity_rank: eb.ref('excluded.severity_rank'),
            status: eb.ref('excluded.status'),
            branch_id: eb.ref('excluded.branch_id'),
            labels: eb.ref('excluded.labels'),
            opened_at: eb.ref('excluded.opened_at'),
            last_seen_at: eb.ref('excluded.last_seen_at'),
            count: eb.ref('excluded.count'),
            value: eb.ref('excluded.value'),
            diagnosis_category: eb.ref('excluded.diagnosis_category'),
            diagnosis_zh: eb.ref('excluded.diagnosis_zh'),
            diagnosis_en: eb.ref('excluded.diagnosis_en'),
            reopened_at: eb.ref('excluded.reopened_at'),
            flapping: eb.ref('excluded.flapping'),
            clear_since: eb.ref('excluded.clear_since'),
            resolved_at: eb.ref('excluded.resolved_at'),
            resolution: eb.ref('excluded.resolution'),
          })),
        )
        .execute();
    }
    const reopened = decisions.filter((d) => d.action === 'reopen').map((d) => d.alarm.id);
    if (reopened.length > 0) {
      for (let i = 0; i < reopened.length; i += ALARM_UPSERT_CHUNK) {
        await this.db
          .updateTable('alarms')
          .set({
            acknowledged_at: null,
            acknowledged_by: null,
            resolved_by: null,
            root_cause: null,
            resolution_note: null,
          })
          .where('id', 'in', reopened.slice(i, i + ALARM_UPSERT_CHUNK))
          .execute();
      }
    }
    const events = decisions.filter(worthAnEvent).map((d) => ({
      alarm_id: d.alarm.id,
      at: at.toISOString(),
      action: d.action,
      by: 'system',
      severity: d.alarm.severity,
      note: d.action === 'resolve' ? (d.alarm.resolution ?? null) : null,
    }));
    for (let i = 0; i < events.length; i += ALARM_UPSERT_CHUNK * 2) {
      await this.db
        .insertInto('alarm_events')
        .values(events.slice(i, i + ALARM_UPSERT_CHUNK * 2))
        .execute();
    }
  }

  /** Records that a person has seen the alarm and is on it. */
  async acknowledge(id: string, by: string, at: Date, note?: string): Promise<void> {
    await this.db
      .updateTable('alarms')
      .set({ acknowledged_at: at.toISOString(), acknowledged_by: by })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .execute();
    await this.appendEvent(id, at, 'acknowledge', by, note);
  }

  /** Resolves an open alarm by hand, with a root cause and notes. */
  async resolveManually(id: string, by: string, at: Date, rootCause: string, note: string): Promise<void> {
    await this.db
      .updateTable('alarms')
      .set({
        status: 'resolved',
        resolved_at: at.toISOString(),
        resolution: 'manual',
        resolved_by: by,
        root_cause: rootCause,
        resolution_note: note,
        clear_since: null,
        acknowledged_at: sql<string>`coalesce(acknowledged_at, ${at.toISOString()})`,
        acknowledged_by: sql<string>`coalesce(acknowledged_by, ${by})`,
      })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute();
    await this.appendEvent(id, at, 'manualResolve', by, `${rootCause}: ${note}`);
  }

  private async appendEvent(id: string, at: Date, action: string, by: string, note?: string): Promise<void> {
    const row = await this.db.selectFrom('alarms').select('severity').where('id', '=', id).executeTakeFirst();
    if (!row) return;
    await this.db
      .insertInto('alarm_events')
      .values({ alarm_id: id, at: at.toISOString(), action, by, severity: row.severity, note: note ?? null })
      .execute();
  }

  /** A page of alarms, most severe and most recent first, with the total matching. */
  async list(f: AlarmFilter): Promise<{ items: StoredAlarm[]; total: number }> {
    const q = this.filtered(f);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('status', 'asc')
      .orderBy('severity_rank', 'desc')
      .orderBy('last_seen_at', 'desc')
      .orderBy('id')
      .limit(Math.min(f.limit ?? 50, ALARM_PAGE_MAX))
      .offset(f.offset ?? 0)
      .execute();
    return { items: rows.map(alarmFromRow), total: Number(total.n) };
  }

  /** Every alarm matching the filter, for reports (at most ALARM_REPORT_ROWS_MAX). */
  async listAll(f: Omit<AlarmFilter, 'limit' | 'offset'>): Promise<StoredAlarm[]> {
    const rows = await this.filtered(f).selectAll().orderBy('first_raised_at').limit(ALARM_REPORT_ROWS_MAX).execute();
    return rows.map(alarmFromRow);
  }

  private filtered(f: AlarmFilter) {
    let q = this.db.selectFrom('alarms');
    if (f.status) q = q.where('status', '=', f.status);
    if (f.minSeverity) q = q.where('severity_rank', '>=', SEVERITIES.indexOf(f.minSeverity));
    if (f.severities?.length) q = q.where('severity', 'in', f.severities);
    if (f.kinds?.length) q = q.where('kind', 'in', f.kinds);
    if (f.branchIds?.length) q = q.where('branch_id', 'in', f.branchIds);
    if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
    if (f.raisedFrom) q = q.where('first_raised_at', '>=', f.raisedFrom.toISOString());
    if (f.raisedTo) q = q.where('first_raised_at', '<', f.raisedTo.toISOString());
    if (f.orgIds) {
      const orgIds = f.orgIds.length ? [...f.orgIds] : ['\u0000'];
      q = q.where((eb) =>
        f.includeUnbranched
          ? eb.or([eb('branch_id', 'in', orgIds), eb('branch_id', 'is', null)])
          : eb('branch_id', 'in', orgIds),
      );
    }
    return q;
  }

  async events(alarmId: string): Promise<AlarmEvent[]> {
    const rows = await this.db
      .selectFrom('alarm_events')
      .selectAll()
      .where('alarm_id', '=', alarmId)
      .orderBy('id')
      .limit(ALARM_EVENTS_MAX)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      alarmId: r.alarm_id,
      at: new Date(r.at),
      action: r.action,
      by: r.by,
      severity: r.severity as Severity,
      note: r.note ?? undefined,
    }));
  }
}

/** Sweeps update open alarms every few minutes; only changes people care about go into history. */
function worthAnEvent(d: AlarmDecision): boolean {
  if (d.action !== 'update') return true;
  return d.notify;
}
