import type { Kysely } from 'kysely';
import type { WorkOrder, WorkOrderAction, WorkOrderEvent, WorkOrderState } from '@meterflow/core/workflow/work-order';
import { WORK_ORDER_HISTORY_MAX } from '@meterflow/core/workflow/work-order';
import type { Database } from '../schema.ts';
import { workOrderFromRow, workOrderToRow } from './alarm-rows.ts';
import type { WorkOrderTable } from './alarms-schema.ts';

/** Ids per IN (…) list and rows per upsert statement. */
export const WORK_ORDER_CHUNK = 300;
export const WORK_ORDER_PAGE_MAX = 500;
export const WORK_ORDER_REPORT_ROWS_MAX = 100_000;

export interface WorkOrderFilter {
  states?: WorkOrderState[];
  branchIds?: string[];
  assigneeId?: string;
  orgIds?: readonly string[];
  includeUnbranched?: boolean;
  openedFrom?: Date;
  openedTo?: Date;
  limit?: number;
  offset?: number;
}

/** A work order to store, with the order as it was loaded (its history is appended, never rewritten). */
export interface WorkOrderChange {
  next: WorkOrder;
  previous?: WorkOrder;
}

const sameEvent = (a: WorkOrderEvent, b: WorkOrderEvent) =>
  a.at.getTime() === b.at.getTime() && a.action === b.action && a.by === b.by && (a.note ?? '') === (b.note ?? '');

/** The events of `next.history` that `previous` did not have yet. */
export function appendedEvents(previous: WorkOrder | undefined, next: WorkOrder): WorkOrderEvent[] {
  const last = previous?.history.at(-1);
  if (!last) return [...next.history];
  for (let i = next.history.length - 1; i >= 0; i--) {
    if (next.history[i] === last || sameEvent(next.history[i], last)) return next.history.slice(i + 1);
  }
  return [...next.history];
}

/** Work orders (派工单) and their append-only history. */
export class WorkOrderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts or replaces each order and appends its new history events. */
  async save(changes: readonly WorkOrderChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += WORK_ORDER_CHUNK) {
      const chunk = changes.slice(i, i + WORK_ORDER_CHUNK);
      const rows = chunk.map((c) => workOrderToRow(c.next));
      await this.db
        .insertInto('work_orders')
        .values(rows)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => {
            const cols = Object.keys(rows[0]).filter((k) => k !== 'id') as (keyof WorkOrderTable)[];
            return Object.fromEntries(cols.map((k) => [k, eb.ref(`excluded.${k}`)])) as never;
          }),
        )
        .execute();
      const events = chunk.flatMap((c) =>
        appendedEvents(c.previous, c.next).map((e) => ({
          work_order_id: c.next.id,
          at: e.at.toISOString(),
          action: e.action,
          by: e.by,
          note: e.note ?? null,
        })),
      );
      for (let j = 0; j < events.length; j += WORK_ORDER_CHUNK) {
        await this.db
          .insertInto('work_order_events')
          .values(events.slice(j, j + WORK_ORDER_CHUNK))
          .execute();
      }
    }
  }

  async get(id: string): Promise<WorkOrder | undefined> {
    const row = await this.db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.withHistory([row]))[0] : undefined;
  }

  /** Each alarm's latest order, by alarm id. */
  async latestByAlarmIds(alarmIds: readonly string[]): Promise<Map<string, WorkOrder>> {
    const rows: WorkOrderTable[] = [];
    for (let i = 0; i < alarmIds.length; i += WORK_ORDER_CHUNK) {
      const ids = alarmIds.slice(i, i + WORK_ORDER_CHUNK);
      rows.push(...(await this.db.selectFrom('work_orders').selectAll().where('alarm_id', 'in', ids).execute()));
    }
    const latest = new Map<string, WorkOrderTable>();
    for (const r of rows) {
      const o = latest.get(r.alarm_id);
      if (!o || r.opened_at > o.opened_at) latest.set(r.alarm_id, r);
    }
    const orders = await this.withHistory([...latest.values()]);
    return new Map(orders.map((w) => [w.alarmId, w]));
  }

  /** Orders still waiting for acknowledgement whose alarm has not cleared: the escalation job's input. */
  async listAwaiting(): Promise<WorkOrder[]> {
    const rows = await this.db
      .selectFrom('work_orders')
      .selectAll()
      .where('state', '=', 'open')
      .where('alarm_cleared_at', 'is', null)
      .execute();
    return this.withHistory(rows);
  }

  async list(f: WorkOrderFilter): Promise<{ items: WorkOrder[]; total: number }> {
    const q = this.filtered(f);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('opened_at', 'desc')
      .orderBy('id')
      .limit(Math.min(f.limit ?? 50, WORK_ORDER_PAGE_MAX))
      .offset(f.offset ?? 0)
      .execute();
    return { items: await this.withHistory(rows), total: Number(total.n) };
  }

  /** Every order matching the filter, with history, for reports (at most WORK_ORDER_REPORT_ROWS_MAX). */
  async listAll(f: Omit<WorkOrderFilter, 'limit' | 'offset'>): Promise<WorkOrder[]> {
    const rows = await this.filtered(f).selectAll().orderBy('opened_at').limit(WORK_ORDER_REPORT_ROWS_MAX).execute();
    return this.withHistory(rows);
  }

  private filtered(f: WorkOrderFilter) {
    let q = this.db.selectFrom('work_orders');
    if (f.states?.length) q = q.where('state', 'in', f.states);
    if (f.branchIds?.length) q = q.where('branch_id', 'in', f.branchIds);
    if (f.assigneeId) q = q.where('assignee_id', '=', f.assigneeId);
    if (f.openedFrom) q = q.where('opened_at', '>=', f.openedFrom.toISOString());
    if (f.openedTo) q = q.where('opened_at', '<', f.openedTo.toISOString());
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

  private async withHistory(rows: readonly WorkOrderTable[]): Promise<WorkOrder[]> {
    const byOrder = new Map<string, WorkOrderEvent[]>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += WORK_ORDER_CHUNK) {
      const events = await this.db
        .selectFrom('work_order_events')
        .selectAll()
        .where('work_order_id', 'in', ids.slice(i, i + WORK_ORDER_CHUNK))
        .orderBy('id')
        .execute();
      for (const e of events) {
        const list = byOrder.get(e.work_order_id) ?? [];
        list.push({
          at: new Date(e.at),
          action: e.action as WorkOrderAction | 'open',
          by: e.by,
          note: e.note ?? undefined,
        });
        byOrder.set(e.work_order_id, list);
      }
    }
    return rows.map((r) => workOrderFromRow(r, (byOrder.get(r.id) ?? []).slice(-WORK_ORDER_HISTORY_MAX)));
  }
}
