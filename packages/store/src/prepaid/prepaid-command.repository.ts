import type { Kysely } from 'kysely';
import type { CommandStatus, RemoteCommand } from '@meterflow/core/payments/remote-command';
import type { Database } from '../schema.ts';
import type { PrepaidCommandTable } from './prepaid-schema.ts';

/** Most commands one listing returns. */
export const COMMAND_LIST_MAX = 500;
/** Statuses in which a command still needs the runner. */
export const ACTIVE_COMMAND_STATUSES: readonly CommandStatus[] = ['issued', 'sent', 'failed', 'retried'];

/** A remote command as stored: core's RemoteCommand plus the meter's DL/T 645 address. */
export interface StoredCommand extends RemoteCommand {
  meterAddress: string;
  createdAt: string;
  updatedAt: string;
}

export interface CommandFilter {
  accountId?: string;
  statuses?: readonly CommandStatus[];
  limit: number;
}

/** Remote trip/close commands and their append-only history. */
export class PrepaidCommandRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a new command with its history so far. */
  async insert(cmd: RemoteCommand, meterAddress: string, at: Date): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('prepaid_commands')
        .values(this.row(cmd, meterAddress, at, at))
        .execute();
      await this.appendHistory(tx, cmd, 0);
    });
  }

  /** Stores a command after events were applied; `known` = history entries already stored. */
  async save(cmd: RemoteCommand, known: number, at: Date): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('prepaid_commands')
        .set({
          status: cmd.status,
          attempts: cmd.attempts,
          last_sent_at: cmd.lastSentAt ?? null,
          next_retry_at: cmd.nextRetryAt ?? null,
          updated_at: at.toISOString(),
        })
        .where('id', '=', cmd.id)
        .execute();
      await this.appendHistory(tx, cmd, known);
    });
  }

  private async appendHistory(tx: Kysely<Database>, cmd: RemoteCommand, from: number): Promise<void> {
    const rows = cmd.history.slice(from).map((h, i) => ({
      command_id: cmd.id,
      seq: from + i + 1,
      status: h.status,
      at: h.at,
      note: h.note ?? null,
    }));
    if (rows.length) await tx.insertInto('prepaid_command_events').values(rows).execute();
  }

  private row(cmd: RemoteCommand, meterAddress: string, created: Date, updated: Date): PrepaidCommandTable {
    return {
      id: cmd.id,
      account_id: cmd.accountId,
      meter_id: cmd.meterId,
      meter_address: meterAddress,
      action: cmd.action,
      status: cmd.status,
      attempts: cmd.attempts,
      last_sent_at: cmd.lastSentAt ?? null,
      next_retry_at: cmd.nextRetryAt ?? null,
      created_at: created.toISOString(),
      updated_at: updated.toISOString(),
    };
  }

  async get(id: string): Promise<StoredCommand | undefined> {
    return (await this.load([id]))[0];
  }

  /** Commands newest first. */
  async list(f: CommandFilter): Promise<StoredCommand[]> {
    let q = this.db.selectFrom('prepaid_commands').select('id');
    if (f.accountId) q = q.where('account_id', '=', f.accountId);
    if (f.statuses) q = q.where('status', 'in', [...f.statuses]);
    const ids = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(f.limit, COMMAND_LIST_MAX))
      .execute();
    return this.load(ids.map((r) => r.id));
  }

  private async load(ids: readonly string[]): Promise<StoredCommand[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('prepaid_commands')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    const events = await this.db
      .selectFrom('prepaid_command_events')
      .selectAll()
      .where('command_id', 'in', [...ids])
      .orderBy('command_id')
      .orderBy('seq')
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const history = events
        .filter((e) => e.command_id === id)
        .map((e) => ({ status: e.status as CommandStatus, at: e.at, ...(e.note ? { note: e.note } : {}) }));
      return [
        {
          id: r.id,
          accountId: r.account_id,
          meterId: r.meter_id,
          action: r.action as RemoteCommand['action'],
          status: r.status as CommandStatus,
          attempts: Number(r.attempts),
          ...(r.last_sent_at ? { lastSentAt: r.last_sent_at } : {}),
          ...(r.next_retry_at ? { nextRetryAt: r.next_retry_at } : {}),
          history,
          meterAddress: r.meter_address,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        },
      ];
    });
  }
}
