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

export const SUM_ACCOUNT_SQL = `SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS s FROM ledger_lines WHERE ledger_account = $1`;

/** better-sqlite3 takes positional parameters as `?` (each used once here); PostgreSQL `$NNN`. */
export const toSqlite = (text: string): string => text.replace(/\$\d+/g, '?');
