import { DEDUCTION_ACCOUNT_SUM_SQL } from '../prepaid/deduction-rows.ts';

/** SQL text shared by both step implementations (it is plain enough for SQLite and PostgreSQL). */

/** Open receivable items of one account; due date from the item table, else the posting's date. */
export const OPEN_ITEMS_SQL = `
SELECT l.ref AS ref,
       COALESCE(MIN(r.due_date), MIN(e.business_date)) AS due_date,
       CAST(SUM(l.amount_fen) AS BIGINT) AS open_fen
  FROM ledger_lines l
  JOIN ledger_entries e ON e.seq = l.entry_seq
  LEFT JOIN receivable_items r ON r.ref = l.ref
 WHERE l.ledger_account = $1 AND l.ref IS NOT NULL
 GROUP BY l.ref
HAVING SUM(l.amount_fen) > 0`;

/**
 * Balance of one ledger account: its lines plus, for `wallet/A` and `prepaid_estimates/A`, the
 * daily deductions a settlement run stored as batch items (prepaid store, migration 0010).
 */
export const SUM_ACCOUNT_SQL = `SELECT CAST((SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_lines WHERE ledger_account = a.name)
    + ${DEDUCTION_ACCOUNT_SUM_SQL} AS BIGINT) AS s
  FROM (SELECT CAST($1 AS TEXT) AS name) a`;

/** better-sqlite3 takes positional parameters as `?` (each used once here); PostgreSQL `$NNN`. */
export const toSqlite = (text: string): string => text.replace(/\$\d+/g, '?');
