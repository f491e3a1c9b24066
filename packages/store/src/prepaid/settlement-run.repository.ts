import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { PrepaidSettlementRunTable } from './prepaid-schema.ts';

/** Most runs one listing returns. */
export const RUN_LIST_MAX = 100;

export interface SettlementRun {
  id: string;
  day: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'finished' | 'failed';
  accounts: number;
  settled: number;
  invalid: number;
  chargedFen: number;
  atWarning: number;
  atStop: number;
  ledgerSeq: number;
}

const fromRow = (r: PrepaidSettlementRunTable): SettlementRun => ({
  id: r.id,
  day: r.day,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status as SettlementRun['status'],
  accounts: Number(r.accounts),
  settled: Number(r.settled),
  invalid: Number(r.invalid),
  chargedFen: Number(r.charged_fen),
  atWarning: Number(r.at_warning),
  atStop: Number(r.at_stop),
  ledgerSeq: Number(r.ledger_seq),
});

/** Settlement runs (日结批次): one row per run with its outcome. */
export class SettlementRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(id: string, day: string, at: Date, ledgerSeq: number): Promise<void> {
    await this.db
      .insertInto('prepaid_settlement_runs')
      .values({
        id,
        day,
        started_at: at.toISOString(),
        finished_at: null,
        status: 'running',
        accounts: 0,
        settled: 0,
        invalid: 0,
        charged_fen: 0,
        at_warning: 0,
        at_stop: 0,
        ledger_seq: ledgerSeq,
      })
      .execute();
  }

  async finish(run: SettlementRun): Promise<void> {
    await this.db
      .updateTable('prepaid_settlement_runs')
      .set({
        finished_at: run.finishedAt,
        status: run.status,
        accounts: run.accounts,
        settled: run.settled,
        invalid: run.invalid,
        charged_fen: run.chargedFen,
        at_warning: run.atWarning,
        at_stop: run.atStop,
      })
      .where('id', '=', run.id)
      .execute();
  }

  async get(id: string): Promise<SettlementRun | undefined> {
    const r = await this.db.selectFrom('prepaid_settlement_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  /** Runs newest first. */
  async list(limit: number): Promise<SettlementRun[]> {
    const rows = await this.db
      .selectFrom('prepaid_settlement_runs')
      .selectAll()
      .orderBy('started_at', 'desc')
      .limit(Math.min(limit, RUN_LIST_MAX))
      .execute();
    return rows.map(fromRow);
  }

  /** The watermark of the latest finished run, 0 before the first. */
  async lastLedgerSeq(): Promise<number> {
    const r = await this.db
      .selectFrom('prepaid_settlement_runs')
      .select('ledger_seq')
      .where('status', '=', 'finished')
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? Number(r.ledger_seq) : 0;
  }
}
