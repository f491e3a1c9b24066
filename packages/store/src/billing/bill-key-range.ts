import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Bill ids are `account.cycle.revision`. In SQLite's byte order every id that starts with
 * `prefix + '.'` lies in [prefix + '.', prefix + '/'), since '/' is the byte after '.', so an
 * account's bills (or one cycle of them) are one range of the key (migration 0011 dropped the
 * per-account index). PostgreSQL compares text by its collation, where that does not hold; there
 * the account index answers instead.
 */
export function billKeyRange(prefix: string): readonly [string, string] {
  return [`${prefix}.`, `${prefix}/`];
}

/** `account_id IN (ids)`, plus the key ranges that let SQLite find them by the primary key. */
export function billsOfAccounts(eb: ExpressionBuilder<Database, 'bills'>, ids: readonly string[], byKey: boolean) {
  const list = ids.length ? [...ids] : [''];
  if (!byKey) return eb('account_id', 'in', list);
  return eb.and([
    eb('account_id', 'in', list),
    eb.or(
      list.map((a) => {
        const [from, to] = billKeyRange(a);
        return eb.and([eb('id', '>=', from), eb('id', '<', to)]);
      }),
    ),
  ]);
}
