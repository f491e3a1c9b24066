import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { PqEventRow, PqRecordRow, PqSummaryRow } from './monitoring-rows.ts';

/** Rows per multi-row INSERT. */
export const PQ_INSERT_CHUNK = 500;
/** Most rows a list query returns. */
export const PQ_LIST_LIMIT_MAX = 1000;

export interface PqEventFilter {
  accountIds?: readonly string[];
  orgIds?: readonly string[];
  from?: string;
  to?: string;
  limit: number;
}

/** Analysed waveform records, their events (append-only) and 10-minute summaries. */
export class PqRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a record and its events together. */
  async insertRecord(record: PqRecordRow, events: readonly PqEventRow[]): Promise<void> {
    await this.db
      .insertInto('pq_records')
      .values({
        id: record.id,
        account_id: record.accountId,
        meter_id: record.meterId,
        org_id: record.orgId,
        file_name: record.fileName,
        format: record.format,
        size_bytes: record.sizeBytes,
        sample_rate_hz: record.sampleRateHz,
        duration_ms: record.durationMs,
        channels: record.channels,
        recorded_at: record.recordedAt,
        uploaded_at: record.uploadedAt,
        uploaded_by: record.uploadedBy,
        limit_set_id: record.limitSetId,
        compliant: record.compliant === null ? null : record.compliant ? 1 : 0,
        metrics: JSON.stringify(record.metrics),
      })
      .execute();
    await this.insertEvents(events);
  }

  async insertEvents(events: readonly PqEventRow[]): Promise<void> {
    for (let i = 0; i < events.length; i += PQ_INSERT_CHUNK) {
      await this.db
        .insertInto('pq_events')
        .values(
          events.slice(i, i + PQ_INSERT_CHUNK).map((e) => ({
            record_id: e.recordId,
            source: e.source,
            account_id: e.accountId,
            subject_id: e.subjectId,
            org_id: e.orgId,
            kind: e.kind,
            start_at: e.startAt,
            duration_ms: e.durationMs,
            extreme_bp: e.extremeBp,
            phases: e.phases.join(','),
          })),
        )
        .execute();
    }
  }

  /**
   * Inserts the events not stored yet: an event is the same when its source, subject, kind and start
   * are, so a redelivered or repeated monitor message adds nothing. Returns how many were new.
   */
  async insertNewEvents(events: readonly PqEventRow[]): Promise<number> {
    const key = (e: { source: string; subjectId: string; kind: string; startAt: string }) =>
      `${e.source}|${e.subjectId}|${e.kind}|${e.startAt}`;
    const seen = new Set<string>();
    const subjects = [...new Set(events.map((e) => e.subjectId))];
    const starts = [...new Set(events.map((e) => e.startAt))];
    for (let i = 0; i < starts.length; i += PQ_INSERT_CHUNK) {
      const rows = await this.db
        .selectFrom('pq_events')
        .select(['source', 'subject_id', 'kind', 'start_at'])
        .where('subject_id', 'in', subjects)
        .where('start_at', 'in', starts.slice(i, i + PQ_INSERT_CHUNK))
        .execute();
      for (const r of rows)
        seen.add(key({ source: r.source, subjectId: r.subject_id, kind: r.kind, startAt: r.start_at }));
    }
    const fresh = events.filter((e) => !seen.has(key(e)) && seen.add(key(e)));
    await this.insertEvents(fresh);
    return fresh.length;
  }

  async getRecord(id: string): Promise<PqRecordRow | undefined> {
    const r = await this.db.selectFrom('pq_records').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  /** Records newest first, optionally of some accounts or branches only. */
  async listRecords(filter: Omit<PqEventFilter, 'from' | 'to'>): Promise<PqRecordRow[]> {
    let q = this.db.selectFrom('pq_records').selectAll();
    if (filter.accountIds) q = q.where('account_id', 'in', filter.accountIds.length ? [...filter.accountIds] : ['']);
    if (filter.orgIds) q = q.where('org_id', 'in', filter.orgIds.length ? [...filter.orgIds] : ['']);
    const rows = await q
      .orderBy('uploaded_at', 'desc')
      .orderBy('id')
      .limit(Math.min(filter.limit, PQ_LIST_LIMIT_MAX))
      .execute();
    return rows.map(toRecord);
  }

  /** Events in [from, to) by start, oldest first. */
  async listEvents(filter: PqEventFilter): Promise<PqEventRow[]> {
    let q = this.db.selectFrom('pq_events').selectAll();
    if (filter.accountIds) q = q.where('account_id', 'in', filter.accountIds.length ? [...filter.accountIds] : ['']);
    if (filter.orgIds) q = q.where('org_id', 'in', filter.orgIds.length ? [...filter.orgIds] : ['']);
    if (filter.from) q = q.where('start_at', '>=', filter.from);
    if (filter.to) q = q.where('start_at', '<', filter.to);
    const rows = await q.orderBy('start_at').orderBy('id').limit(Math.min(filter.limit, PQ_LIST_LIMIT_MAX)).execute();
    return rows.map((e) => ({
      id: Number(e.id),
      recordId: e.record_id,
      source: e.source,
      accountId: e.account_id,
      subjectId: e.subject_id,
      orgId: e.org_id,
      kind: e.kind,
      startAt: e.start_at,
      durationMs: e.duration_ms,
      extremeBp: e.extreme_bp,
      phases: e.phases ? e.phases.split(',') : [],
    }));
  }

  /** Stores 10-minute summaries; a repeated (subject, interval) replaces the earlier values. */
  async upsertSummaries(rows: readonly PqSummaryRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += PQ_INSERT_CHUNK) {
      await this.db
        .insertInto('pq_summaries')
        .values(rows.slice(i, i + PQ_INSERT_CHUNK).map(summaryColumns))
        .onConflict((oc) =>
          oc.columns(['subject_id', 'interval_start']).doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const c of SUMMARY_VALUE_COLUMNS) set[c] = eb.ref(`excluded.${c}`);
            return set;
          }),
        )
        .execute();
    }
  }

  /** Summaries of some accounts in [from, to), oldest first. */
  async listSummaries(accountIds: readonly string[], from: string, to: string): Promise<PqSummaryRow[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('pq_summaries')
      .selectAll()
      .where('account_id', 'in', [...accountIds])
      .where('interval_start', '>=', from)
      .where('interval_start', '<', to)
      .orderBy('interval_start')
      .execute();
    return rows.map((r) => ({
      subjectId: r.subject_id,
      accountId: r.account_id,
      intervalStart: r.interval_start,
      voltageMv: [r.voltage_a_mv, r.voltage_b_mv, r.voltage_c_mv],
      currentMa: [r.current_a_ma, r.current_b_ma, r.current_c_ma],
      neutralMa: r.neutral_ma,
      thdBp: r.thd_bp,
      unbalanceBp: r.unbalance_bp,
      frequencyMhz: r.frequency_mhz,
      powerFactorMilli: r.power_factor_milli,
      receivedAt: r.received_at,
    }));
  }
}

const SUMMARY_VALUE_COLUMNS = [
  'account_id',
  'voltage_a_mv',
  'voltage_b_mv',
  'voltage_c_mv',
  'current_a_ma',
  'current_b_ma',
  'current_c_ma',
  'neutral_ma',
  'thd_bp',
  'unbalance_bp',
  'frequency_mhz',
  'power_factor_milli',
  'received_at',
] as const;

function summaryColumns(r: PqSummaryRow) {
  return {
    subject_id: r.subjectId,
    account_id: r.accountId,
    interval_start: r.intervalStart,
    voltage_a_mv: r.voltageMv[0] ?? null,
    voltage_b_mv: r.voltageMv[1] ?? null,
    voltage_c_mv: r.voltageMv[2] ?? null,
    current_a_ma: r.currentMa[0] ?? null,
    current_b_ma: r.currentMa[1] ?? null,
    current_c_ma: r.currentMa[2] ?? null,
    neutral_ma: r.neutralMa,
    thd_bp: r.thdBp,
    unbalance_bp: r.unbalanceBp,
    frequency_mhz: r.frequencyMhz,
    power_factor_milli: r.powerFactorMilli,
    received_at: r.receivedAt,
  };
}

function toRecord(r: Database['pq_records']): PqRecordRow {
  return {
    id: r.id,
    accountId: r.account_id,
    meterId: r.meter_id,
    orgId: r.org_id,
    fileName: r.file_name,
    format: r.format,
    sizeBytes: r.size_bytes,
    sampleRateHz: r.sample_rate_hz,
    durationMs: r.duration_ms,
    channels: r.channels,
    recordedAt: r.recorded_at,
    uploadedAt: r.uploaded_at,
    uploadedBy: r.uploaded_by,
    limitSetId: r.limit_set_id,
    compliant: r.compliant === null ? null : r.compliant === 1,
    metrics: JSON.parse(r.metrics) as unknown,
  };
}
