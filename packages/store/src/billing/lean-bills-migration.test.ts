import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Migrator } from 'kysely';
import { openDatabase } from '../open-database.ts';
import { migrationProvider } from '../migrations/index.ts';
import { Store } from '../store.ts';
import type { BillTable } from './billing-schema.ts';

function bill(accountId: string, cycle: string, revision = 0): BillTable {
  return {
    id: `${accountId}.${cycle}.${revision}`,
    account_id: accountId,
    cycle,
    revision,
    reading_book_id: 'bk1',
    customer_class: 'residential',
    tariff_id: 't',
    tariff_version: 1,
    period_from: '2026-09-01',
    period_to: '2026-10-01',
    days: 30,
    energy_wh: 100_000 + revision,
    total_fen: 5_100,
    net_fen: 4_513,
    tax_fen: 587,
    pf_hundredths: null,
    estimated: 0,
    status: 'passed',
    lines: '[]',
    calculated_at: '2026-10-05T00:00:00.000Z',
    released_at: null,
    released_by: null,
    replaces_bill_id: null,
  };
}

test('0011 rebuilds bills keyed by id on SQLite and keeps rows, references and the release freeze', async () => {
  const handle = await openDatabase({ url: 'sqlite::memory:', migrate: false });
  try {
    const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect) });
    const before = await migrator.migrateTo('0010-prepaid-deductions');
    assert.equal(before.error, undefined);
    const sqlite = handle.sqlite!;
    const insert = sqlite.prepare(
      `INSERT INTO bills (id, account_id, cycle, revision, reading_book_id, customer_class, tariff_id, tariff_version,
        period_from, period_to, days, energy_wh, total_fen, net_fen, tax_fen, pf_hundredths, estimated, status, lines,
        calculated_at, released_at, released_by, replaces_bill_id)
       VALUES (@id, @account_id, @cycle, @revision, @reading_book_id, @customer_class, @tariff_id, @tariff_version,
        @period_from, @period_to, @days, @energy_wh, @total_fen, @net_fen, @tax_fen, @pf_hundredths, @estimated, @status,
        @lines, @calculated_at, @released_at, @released_by, @replaces_bill_id)`,
    );
    for (const b of [bill('a1', '2026-09'), bill('a1', '2026-10'), bill('a1', '2026-10', 1), bill('a10', '2026-10')])
      insert.run(b);
    const decide = sqlite.prepare(
      `INSERT INTO bill_audit_decisions (bill_id, decision, reason, decided_by, decided_at) VALUES (?, 'approve', 'ok', 'u', 'x')`,
    );
    decide.run('a10.2026-10.0');
    sqlite
      .prepare(`UPDATE bills SET status = 'released', released_at = 'now', released_by = 'u' WHERE id = ?`)
      .run('a1.2026-09.0');

    const after = await migrator.migrateToLatest();
    assert.equal(after.error, undefined);
    const sqlText = (sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'bills'`).get() as { sql: string }).sql;
    assert.match(sqlText, /WITHOUT ROWID/);
    assert.equal((sqlite.prepare('SELECT count(*) AS n FROM bills').get() as { n: number }).n, 4);
    const indexes = (sqlite.prepare(`PRAGMA index_list(bills)`).all() as { name: string }[]).map((r) => r.name).sort();
    assert.deepEqual(
      indexes.filter((n) => !n.startsWith('sqlite_autoindex')),
      ['bills_book_cycle', 'bills_held'],
    );
    assert.equal(sqlite.pragma('foreign_keys', { simple: true }), 1);

    // References to bills still hold: a decision on a stored bill is taken, on an unknown one refused.
    decide.run('a1.2026-10.1');
    assert.throws(() => decide.run('nope'), /FOREIGN KEY/);
    // A released bill is still frozen.
    assert.throws(
      () => sqlite.prepare(`UPDATE bills SET total_fen = 1 WHERE id = 'a1.2026-09.0'`).run(),
      /never changed/,
    );

    // An account's bills by key range: a1's bills, not a10's.
    const store = Store.of(handle);
    const listed = await store.billing.bills.list({ accountIds: ['a1'] });
    assert.deepEqual(listed.map((b) => b.id).sort(), ['a1.2026-09.0', 'a1.2026-10.0', 'a1.2026-10.1']);
    const two = await store.billing.bills.list({ accountIds: ['a1', 'a10'], cycle: '2026-10' });
    assert.deepEqual(two.map((b) => b.id).sort(), ['a1.2026-10.0', 'a1.2026-10.1', 'a10.2026-10.0']);
    assert.equal(await store.billing.bills.latestRevision('a1', '2026-10'), 1);
    assert.equal(await store.billing.bills.latestRevision('a10', '2026-10'), 0);
    assert.equal(await store.billing.bills.latestRevision('a1', '2026-11'), -1);
    const plan = sqlite
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM bills WHERE id >= ? AND id < ? AND account_id = ?`)
      .all('a1.', 'a1/', 'a1') as { detail: string }[];
    assert.match(plan.map((p) => p.detail).join(' '), /PRIMARY KEY/);
  } finally {
    await handle.close();
  }
});
