import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { PrepaidControlState } from '@meterflow/core/payments/prepaid-control';
import type { PrepaidLines } from '@meterflow/core/payments/prepaid-lines';
import type { Database } from '../schema.ts';
import type { PrepaidAccountTable } from './prepaid-schema.ts';
import { rawSqliteOf } from '../payments/raw-sqlite.ts';

/** Most prepaid accounts one listing returns. */
export const PREPAID_LIST_MAX = 500;
/** Rows per enrolment INSERT. */
const ENROL_CHUNK = 200;

/** What cost control knows about one prepaid account. */
export interface PrepaidAccount {
  accountId: string;
  rowNo: number;
  meterId: string;
  meterAddress: string;
  tariffCode: string;
  multiplier: number;
  periods: number;
  lines: PrepaidLines;
  creditAllowanceFen: number;
  control: PrepaidControlState;
  /** Projection of the ledger's available balance (see PrepaidAccountTable). */
  availableFen: number;
  balanceSeq: number;
  cycleMonth: string;
  cycleWh: number;
  lastSettledDate: string | null;
  lastChargeFen: number;
  tripDeferredUntil: string | null;
  updatedAt: string;
}

/** A prepaid account taken under cost control. */
export type PrepaidEnrolment = Pick<
  PrepaidAccount,
  'accountId' | 'meterId' | 'meterAddress' | 'tariffCode' | 'multiplier' | 'periods' | 'lines' | 'creditAllowanceFen'
> & { availableFen: number; balanceSeq: number; cycleMonth: string; at: string };

export function prepaidFromRow(r: PrepaidAccountTable): PrepaidAccount {
  return {
    accountId: r.account_id,
    rowNo: Number(r.row_no),
    meterId: r.meter_id,
    meterAddress: r.meter_address,
    tariffCode: r.tariff_code,
    multiplier: Number(r.multiplier),
    periods: Number(r.periods),
    lines: {
      warningFen: Number(r.warning_fen),
      stopFen: Number(r.stop_fen),
      restoreFen: Number(r.restore_fen),
      stopImminentDays: Number(r.stop_imminent_days),
    },
    creditAllowanceFen: Number(r.credit_allowance_fen),
    control: {
      supply: r.supply as PrepaidControlState['supply'],
      warned: r.warned as PrepaidControlState['warned'],
      ...(r.last_reminder_at ? { lastReminderAt: r.last_reminder_at } : {}),
    },
    availableFen: Number(r.available_fen),
    balanceSeq: Number(r.balance_seq),
    cycleMonth: r.cycle_month,
    cycleWh: Number(r.cycle_wh),
    lastSettledDate: r.last_settled_date,
    lastChargeFen: Number(r.last_charge_fen),
    tripDeferredUntil: r.trip_deferred_until,
    updatedAt: r.updated_at,
  };
}

export interface PrepaidFilter {
  /** `near`: at or below the warning line; `past`: at or below the stop line or supply not on. */
  band?: 'near' | 'past';
  accountIds?: readonly string[];
  limit: number;
}

/** Prepaid accounts under cost control and their control state. */
export class PrepaidAccountRepository {
  private readonly sqlite: BetterSqlite3.Database | undefined;
  private byId: BetterSqlite3.Statement | undefined;

  constructor(private readonly db: Kysely<Database>) {
    this.sqlite = db.isTransaction ? undefined : rawSqliteOf(db);
  }

  /** Takes accounts under cost control; an account already enrolled is left as it is. */
  async enrol(list: readonly PrepaidEnrolment[]): Promise<number> {
    let added = 0;
    const max = await this.db
      .selectFrom('prepaid_accounts')
      .select(sql<number>`COALESCE(MAX(row_no), 0)`.as('m'))
      .executeTakeFirstOrThrow();
    let next = Number(max.m) + 1;
    for (let i = 0; i < list.length; i += ENROL_CHUNK) {
      const rows = list.slice(i, i + ENROL_CHUNK).map((e) => ({
        row_no: next++,
        account_id: e.accountId,
        meter_id: e.meterId,
        meter_address: e.meterAddress,
        tariff_code: e.tariffCode,
        multiplier: e.multiplier,
        periods: e.periods,
        warning_fen: e.lines.warningFen,
        stop_fen: e.lines.stopFen,
        restore_fen: e.lines.restoreFen,
        stop_imminent_days: e.lines.stopImminentDays,
        credit_allowance_fen: e.creditAllowanceFen,
        supply: 'on',
        warned: 'none',
        last_reminder_at: null,
        available_fen: e.availableFen,
        balance_seq: e.balanceSeq,
        cycle_month: e.cycleMonth,
        cycle_wh: 0,
        last_settled_date: null,
        last_charge_fen: 0,
        trip_deferred_until: null,
        updated_at: e.at,
      }));
      const r = await this.db
        .insertInto('prepaid_accounts')
        .values(rows)
        .onConflict((oc) => oc.column('account_id').doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  /** Active prepaid accounts not yet enrolled, with their meter in service and tariff on `date`. */
  async candidates(date: string, limit: number) {
    const rows = await this.db
      .selectFrom('accounts as a')
      .innerJoin('service_points as sp', 'sp.account_id', 'a.id')
      .innerJoin('meters as m', 'm.service_point_id', 'sp.id')
      .innerJoin('tariff_assignments as t', 't.account_id', 'a.id')
      .leftJoin('prepaid_accounts as p', 'p.account_id', 'a.id')
      .select([
        'a.id as accountId',
        'm.id as meterId',
        'm.address as meterAddress',
        'm.ct_ratio',
        'm.pt_ratio',
        't.tariff_code as tariffCode',
      ])
      .where('a.payment_mode', '=', 'prepaid')
      .where('a.status', '=', 'active')
      .where('m.removed_on', 'is', null)
      .where('t.effective_from', '<=', date)
      .where((eb) => eb.or([eb('t.effective_to', 'is', null), eb('t.effective_to', '>', date)]))
      .where('p.account_id', 'is', null)
      .orderBy('a.id')
      .limit(limit)
      .execute();
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(r.accountId) && seen.add(r.accountId))
      .map((r) => ({
        accountId: r.accountId,
        meterId: r.meterId,
        meterAddress: r.meterAddress,
        multiplier: Number(r.ct_ratio) * Number(r.pt_ratio),
        tariffCode: r.tariffCode,
      }));
  }

  /**
   * One account's state. Every committed payment asks this (the restore check), so on SQLite it is
   * a statement prepared once: building and preparing the Kysely query cost several times the read.
   * While a transaction is open on the shared connection the read waits for it through Kysely, as
   * a prepared read would see that transaction's uncommitted rows.
   */
  async get(accountId: string): Promise<PrepaidAccount | undefined> {
    if (this.sqlite && !this.sqlite.inTransaction) {
      this.byId ??= this.sqlite.prepare('SELECT * FROM prepaid_accounts WHERE account_id = ?');
      const row = this.byId.get(accountId) as PrepaidAccountTable | undefined;
      return row && prepaidFromRow(row);
    }
    const r = await this.db
      .selectFrom('prepaid_accounts')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return r && prepaidFromRow(r);
  }

  /** Accounts by band, lowest balance first. */
  async list(f: PrepaidFilter): Promise<PrepaidAccount[]> {
    let q = this.db.selectFrom('prepaid_accounts').selectAll();
    if (f.accountIds) q = q.where('account_id', 'in', f.accountIds.length ? [...f.accountIds] : ['']);
    if (f.band === 'near') q = q.where(sql<boolean>`available_fen <= warning_fen`);
    if (f.band === 'past')
      q = q.where((eb) => eb.or([eb('supply', '<>', 'on'), sql<boolean>`available_fen <= stop_fen`]));
    const rows = await q
      .orderBy('available_fen')
      .orderBy('account_id')
      .limit(Math.min(f.limit, PREPAID_LIST_MAX))
      .execute();
    return rows.map(prepaidFromRow);
  }

  /** Accounts whose supply is in one of the states (e.g. `off` for the restore sweep). */
  async withSupply(states: readonly PrepaidControlState['supply'][], limit: number): Promise<PrepaidAccount[]> {
    const rows = await this.db
      .selectFrom('prepaid_accounts')
      .selectAll()
      .where('supply', 'in', [...states])
      .orderBy('row_no')
      .limit(limit)
      .execute();
    return rows.map(prepaidFromRow);
  }

  /** Accounts whose deferred trip is due again. */
  async deferredDue(now: Date, limit: number): Promise<PrepaidAccount[]> {
    const rows = await this.db
      .selectFrom('prepaid_accounts')
      .selectAll()
      .where('trip_deferred_until', 'is not', null)
      .where('trip_deferred_until', '<=', now.toISOString())
      .limit(limit)
      .execute();
    return rows.map(prepaidFromRow);
  }

  /** Stores the control state the core decided, and when a deferred trip is looked at again. */
  async saveControl(
    accountId: string,
    s: PrepaidControlState,
    tripDeferredUntil: string | null,
    at: Date,
  ): Promise<void> {
    await this.db
      .updateTable('prepaid_accounts')
      .set({
        supply: s.supply,
        warned: s.warned,
        last_reminder_at: s.lastReminderAt ?? null,
        trip_deferred_until: tripDeferredUntil,
        updated_at: at.toISOString(),
      })
      .where('account_id', '=', accountId)
      .execute();
  }

  /** Replaces the balance projection with a figure derived from the ledger up to entry `seq`. */
  async setBalance(accountId: string, availableFen: number, seq: number, at: Date): Promise<void> {
    await this.db
      .updateTable('prepaid_accounts')
      .set({ available_fen: availableFen, balance_seq: seq, updated_at: at.toISOString() })
      .where('account_id', '=', accountId)
      .execute();
  }

  /** Replaces an account's lines (warning follows the customer's settings). */
  async setLines(accountId: string, lines: PrepaidLines, at: Date): Promise<void> {
    await this.db
      .updateTable('prepaid_accounts')
      .set({
        warning_fen: lines.warningFen,
        stop_fen: lines.stopFen,
        restore_fen: lines.restoreFen,
        stop_imminent_days: lines.stopImminentDays,
        updated_at: at.toISOString(),
      })
      .where('account_id', '=', accountId)
      .execute();
  }

  /** Prepaid accounts with ledger entries after `seq` other than daily deductions (payments, bills, true-ups). */
  async touchedSince(seq: number): Promise<string[]> {
    const lines = await this.db
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_lines as l', 'l.entry_seq', 'e.seq')
      .select('l.ledger_account')
      .where('e.seq', '>', seq)
      .where('e.kind', '<>', 'prepaid_deduction')
      .execute();
    const ids = new Set<string>();
    for (const l of lines) {
      const m = /^(?:wallet|receivable)\/(.+)$/.exec(l.ledger_account);
      if (m) ids.add(m[1]);
    }
    const out: string[] = [];
    const all = [...ids];
    for (let i = 0; i < all.length; i += ENROL_CHUNK) {
      const rows = await this.db
        .selectFrom('prepaid_accounts')
        .select('account_id')
        .where('account_id', 'in', all.slice(i, i + ENROL_CHUNK))
        .execute();
      out.push(...rows.map((r) => r.account_id));
    }
    return out;
  }

  /** The ledger's view of an account now: wallet held less receivables open, and the last entry seen. */
  async ledgerPosition(accountId: string): Promise<{ walletFen: number; openReceivableFen: number; seq: number }> {
    // Daily deductions stored as settlement batch items debit the wallet beside its lines.
    const r = await sql<{ w: number; r: number; s: number; d: number }>`
      SELECT CAST(COALESCE(SUM(CASE WHEN ledger_account = ${`wallet/${accountId}`} THEN -amount_fen END), 0) AS BIGINT) AS w,
             CAST(COALESCE(SUM(CASE WHEN ledger_account = ${`receivable/${accountId}`} THEN amount_fen END), 0) AS BIGINT) AS r,
             (SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM ledger_entries) AS s,
             (SELECT CAST(COALESCE(SUM(d.amount_fen), 0) AS BIGINT) FROM prepaid_deductions d
                JOIN prepaid_accounts p ON p.row_no = d.account_row WHERE p.account_id = ${accountId}) AS d
        FROM ledger_lines
       WHERE ledger_account IN (${`wallet/${accountId}`}, ${`receivable/${accountId}`})`.execute(this.db);
    const row = r.rows[0];
    return {
      walletFen: Number(row?.w ?? 0) - Number(row?.d ?? 0),
      openReceivableFen: Number(row?.r ?? 0),
      seq: Number(row?.s ?? 0),
    };
  }

  /** The account's daily deductions (newest last): the forecast's history. Days without charge count too. */
  async deductionHistory(accountId: string, days: number): Promise<{ date: string; costFen: number }[]> {
    const items = await this.db
      .selectFrom('prepaid_deductions as d')
      .innerJoin('prepaid_accounts as p', 'p.row_no', 'd.account_row')
      .select(['d.day', 'd.amount_fen'])
      .where('p.account_id', '=', accountId)
      .orderBy('d.day', 'desc')
      .limit(days)
      .execute();
    // Deductions posted as entries of their own (before batch items, or one by one) still count.
    const entries = await this.db
      .selectFrom('ledger_lines as l')
      .innerJoin('ledger_entries as e', 'e.seq', 'l.entry_seq')
      .select(['e.business_date', 'l.amount_fen'])
      .where('l.ledger_account', '=', `prepaid_estimates/${accountId}`)
      .where('e.kind', '=', 'prepaid_deduction')
      .orderBy('e.business_date', 'desc')
      .limit(days)
      .execute();
    const byDay = new Map<string, number>();
    for (const e of entries) byDay.set(e.business_date, -Number(e.amount_fen));
    for (const d of items) byDay.set(d.day, Number(d.amount_fen));
    return [...byDay]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .slice(-days)
      .map(([date, costFen]) => ({ date, costFen }));
  }

  /** Energy of the current cycle of every account on the same tariff and cycle month: the peers. */
  async peerCycleWh(tariffCode: string, cycleMonth: string, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('prepaid_accounts')
      .select('cycle_wh')
      .where('tariff_code', '=', tariffCode)
      .where('cycle_month', '=', cycleMonth)
      .where('cycle_wh', '>', 0)
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.cycle_wh));
  }

  /** Energy per TOU register of a meter between two freeze dates (meter side, before the multiplier). */
  async periodUse(meterId: string, from: string, to: string, periods: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('daily_freezes')
      .select(['tariff', 'date', 'value_wh'])
      .where('meter_id', '=', meterId)
      .where('register', '=', 'forward-active')
      .where('date', 'in', [from, to])
      .where('tariff', '>=', 1)
      .where('tariff', '<=', periods)
      .execute();
    const out = new Array<number>(periods).fill(0);
    for (let k = 1; k <= periods; k++) {
      const a = rows.find((r) => Number(r.tariff) === k && r.date === from);
      const b = rows.find((r) => Number(r.tariff) === k && r.date === to);
      if (a && b) out[k - 1] = Math.max(0, Number(b.value_wh) - Number(a.value_wh));
    }
    return out;
  }

  /** Counts for the console: accounts, near the warning line, past the stop line, supply off. */
  async counts(): Promise<{ accounts: number; near: number; past: number; off: number }> {
    const r = await sql<{ a: number; n: number; p: number; o: number }>`
      SELECT COUNT(*) AS a,
             COALESCE(SUM(CASE WHEN available_fen <= warning_fen THEN 1 ELSE 0 END), 0) AS n,
             COALESCE(SUM(CASE WHEN available_fen <= stop_fen OR supply <> 'on' THEN 1 ELSE 0 END), 0) AS p,
             COALESCE(SUM(CASE WHEN supply = 'off' THEN 1 ELSE 0 END), 0) AS o
        FROM prepaid_accounts`.execute(this.db);
    const x = r.rows[0];
    return { accounts: Number(x.a), near: Number(x.n), past: Number(x.p), off: Number(x.o) };
  }
}
