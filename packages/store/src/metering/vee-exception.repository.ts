import type { Kysely } from 'kysely';
import { AppError } from '@meterflow/core';
import type { VeeException } from '@meterflow/core/metering/vee/vee-rule';
import type { Database } from '../schema.ts';
import type { VeeExceptionTable } from './metering-schema.ts';

/** Rows per page of the queue. */
export const VEE_PAGE_MAX = 500;
const UPSERT_CHUNK = 200;

/** `cleared`: VEE itself no longer raises it (later reads completed the day). */
export type VeeExceptionStatus = 'open' | 'accepted' | 'estimated' | 'edited' | 'cleared';

/** One entry of the VEE exception queue as stored. */
export interface StoredVeeException extends Omit<VeeException, 'repair'> {
  id: string;
  repair: string;
  status: VeeExceptionStatus;
  orgId: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

export interface VeeQueueFilter {
  status?: VeeExceptionStatus;
  /** Branches the reader may see; undefined = all (meters outside the register only for undefined). */
  orgIds?: readonly string[];
  meterId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** The id of an exception is its cause, so a VEE re-run updates the entry instead of adding one. */
export function veeExceptionId(e: Pick<VeeException, 'meterId' | 'channel' | 'date' | 'ruleId'>): string {
  return `vx:${e.meterId}:${e.channel}:${e.date}:${e.ruleId}`;
}

function fromRow(r: VeeExceptionTable): StoredVeeException {
  return {
    id: r.id,
    ruleId: r.rule_id as VeeException['ruleId'],
    meterId: r.meter_id,
    channel: Number(r.channel),
    date: r.date,
    severity: r.severity as VeeException['severity'],
    detail: r.detail,
    slots: JSON.parse(r.slots) as number[],
    repair: r.repair,
    status: r.status as VeeExceptionStatus,
    orgId: r.org_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    resolutionNote: r.resolution_note,
  };
}

/** The VEE exception queue (抄表数据审核 exceptions): raised by VEE, resolved by a clerk. */
export class VeeExceptionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds exceptions; an open one for the same cause gets the new detail, a resolved one stays resolved. */
  async raise(exceptions: readonly (VeeException & { orgId: string | null })[], atUtc: string): Promise<void> {
    for (let i = 0; i < exceptions.length; i += UPSERT_CHUNK) {
      const rows = exceptions.slice(i, i + UPSERT_CHUNK).map((e) => ({
        id: veeExceptionId(e),
        meter_id: e.meterId,
        channel: e.channel,
        date: e.date,
        rule_id: e.ruleId,
        severity: e.severity,
        detail: e.detail,
        slots: JSON.stringify(e.slots),
        repair: e.repair,
        status: 'open',
        org_id: e.orgId,
        created_at: atUtc,
        updated_at: atUtc,
        resolved_by: null,
        resolved_at: null,
        resolution_note: null,
      }));
      await this.db
        .insertInto('vee_exceptions')
        .values(rows)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({
              detail: eb.ref('excluded.detail'),
              slots: eb.ref('excluded.slots'),
              severity: eb.ref('excluded.severity'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where('vee_exceptions.status', '=', 'open'),
        )
        .execute();
    }
  }

  async get(id: string): Promise<StoredVeeException | undefined> {
    const r = await this.db.selectFrom('vee_exceptions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  /** A page of the queue, oldest day first, and the total matching. */
  async list(f: VeeQueueFilter): Promise<{ items: StoredVeeException[]; total: number }> {
    let q = this.db.selectFrom('vee_exceptions');
    if (f.status) q = q.where('status', '=', f.status);
    if (f.orgIds) q = f.orgIds.length ? q.where('org_id', 'in', f.orgIds) : q.where('org_id', '=', '\u0000none');
    if (f.meterId) q = q.where('meter_id', '=', f.meterId);
    if (f.from) q = q.where('date', '>=', f.from);
    if (f.to) q = q.where('date', '<=', f.to);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('date')
      .orderBy('meter_id')
      .orderBy('rule_id')
      .limit(Math.min(f.limit, VEE_PAGE_MAX))
      .offset(f.offset)
      .execute();
    return { items: rows.map(fromRow), total: Number(total.n) };
  }

  /** Closes every open exception of one block day with the clerk's decision; STATE_INVALID if none was open. */
  async resolveBlock(
    key: { meterId: string; channel: number; date: string },
    status: Exclude<VeeExceptionStatus, 'open'>,
    by: string,
    note: string,
    atUtc: string,
  ): Promise<number> {
    const r = await this.db
      .updateTable('vee_exceptions')
      .set({ status, resolved_by: by, resolved_at: atUtc, resolution_note: note, updated_at: atUtc })
      .where('meter_id', '=', key.meterId)
      .where('channel', '=', key.channel)
      .where('date', '=', key.date)
      .where('status', '=', 'open')
      .executeTakeFirst();
    const n = Number(r.numUpdatedRows);
    if (n === 0) throw new AppError('STATE_INVALID', `no open VEE exception for ${key.meterId} on ${key.date}`);
    return n;
  }

  /** Closes open exceptions of one block day whose rule no longer fires; returns how many. */
  async clearStale(
    key: { meterId: string; channel: number; date: string },
    stillFiring: readonly string[],
    atUtc: string,
  ): Promise<number> {
    let q = this.db
      .updateTable('vee_exceptions')
      .set({
        status: 'cleared',
        resolved_by: 'vee',
        resolved_at: atUtc,
        resolution_note: 'no longer raised after later reads',
        updated_at: atUtc,
      })
      .where('meter_id', '=', key.meterId)
      .where('channel', '=', key.channel)
      .where('date', '=', key.date)
      .where('status', '=', 'open');
    if (stillFiring.length) q = q.where('rule_id', 'not in', stillFiring);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Open and total exceptions per day in [from, to] (exception rates for alarms and dashboards). */
  async countsByDay(from: string, to: string): Promise<{ date: string; open: number; total: number }[]> {
    const rows = await this.db
      .selectFrom('vee_exceptions')
      .select((eb) => [
        'date',
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'open').then(1).else(0).end()).as('open'),
      ])
      .where('date', '>=', from)
      .where('date', '<=', to)
      .groupBy('date')
      .orderBy('date')
      .execute();
    return rows.map((r) => ({ date: r.date, open: Number(r.open), total: Number(r.total) }));
  }
}
