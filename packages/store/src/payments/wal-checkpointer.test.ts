import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CHECKPOINT_TARGET_PAGES, nextInterval, WalCheckpointer } from './wal-checkpointer.ts';
import { WalSync } from './wal-sync.ts';

function openWal(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `mf-walckpt-${name}-`));
  const file = join(dir, 'db.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0'); // only the worker checkpoints here
  db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
  return { db, dir, file, close: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** Rows in the database file alone, without its WAL: what checkpoints have copied. */
function rowsInDatabaseFile(dir: string, file: string): number {
  const copy = join(dir, 'copy.sqlite');
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return Number(db.prepare('SELECT COUNT(*) FROM t').pluck().get());
  } finally {
    db.close();
  }
}

const commit = (w: WalSync, db: Database.Database, n: number) =>
  new Promise<unknown>((resolve) =>
    w.commitThenSync(() => db.transaction(() => db.prepare('INSERT INTO t (n) VALUES (?)').run(n))(), resolve),
  );

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

test('a commit starts a checkpoint on the worker, which copies the WAL into the database', async () => {
  const { db, dir, file, close } = openWal('copy');
  try {
    const w = WalSync.open(db)!;
    const cp = w.checkpointer!;
    assert.ok(cp);
    assert.equal(await commit(w, db, 1), undefined);
    assert.equal(cp.running || cp.runs === 1, true, 'the first commit started a checkpoint');
    await until(() => cp.runs === 1);
    assert.equal(cp.last?.ok, true);
    assert.equal(cp.last?.log, cp.last?.checkpointed, 'every frame copied');
    assert.equal(rowsInDatabaseFile(dir, file), 1);
    // Within the interval no other checkpoint starts: the row stays in the WAL only.
    cp.intervalMs = 60_000;
    await commit(w, db, 2);
    assert.equal(cp.running, false);
    assert.equal(rowsInDatabaseFile(dir, file), 1);
    cp.close();
  } finally {
    close();
  }
});

test('commits wait for a running checkpoint, but no longer than the hold', async () => {
  const { db, close } = openWal('hold');
  try {
    const cp = new WalCheckpointer(db.name, 0, 1); // a new worker takes far longer than 1 ms to start
    let released = false;
    cp.run(() => (released = true));
    assert.equal(cp.holding, true);
    await until(() => released);
    assert.equal(cp.running, true, 'released while the checkpoint still runs');
    assert.equal(cp.holding, false);
    await until(() => cp.runs === 1);
    assert.equal(cp.last?.ok, true);
    cp.close();
  } finally {
    close();
  }
});

test('the next commit after a full checkpoint starts the WAL afresh instead of growing it', async () => {
  const { db, close } = openWal('restart');
  try {
    const cp = new WalCheckpointer(db.name, 0);
    const w = WalSync.open(db)!;
    const many = db.transaction((from: number) => {
      const ins = db.prepare('INSERT INTO t (n) VALUES (?)');
      for (let i = 0; i < 2000; i++) ins.run(from + i);
    });
    many(0);
    cp.run(() => {});
    await until(() => cp.runs === 1);
    assert.equal(cp.last?.ok, true);
    const size = statSync(`${db.name}-wal`).size;
    await commit(w, db, 1);
    assert.equal(statSync(`${db.name}-wal`).size, size, 'written from the start of the file again');
    assert.equal(Number(db.prepare('SELECT COUNT(*) FROM t').pluck().get()), 2001);
    cp.close();
    w.checkpointer?.close();
  } finally {
    close();
  }
});

test('a worker that cannot open the database gives up and never holds commits back: a run then ends at once', async () => {
  const { dir, close } = openWal('broken');
  try {
    const cp = new WalCheckpointer(join(dir, 'missing.sqlite'));
    cp.run(() => {});
    await until(() => cp.last !== undefined);
    assert.equal(cp.last?.ok, false);
    assert.equal(cp.due(), false, 'no further attempts');
    let called = false;
    cp.run(() => (called = true));
    assert.equal(called, true, 'a run on a disabled checkpointer finishes at once');
  } finally {
    close();
  }
});

test('the interval shrinks when checkpoints find more pages than the target and grows when fewer, within bounds', () => {
  assert.equal(nextInterval(100, CHECKPOINT_TARGET_PAGES), 100);
  assert.ok(nextInterval(100, 2_000) < 100 && nextInterval(100, 2_000) >= 20);
  assert.equal(nextInterval(100, 100), 125, 'grows by a quarter at most');
  assert.equal(nextInterval(20, 100_000), 20);
  assert.equal(nextInterval(240, 1), 250);
  // Repeated at a steady page rate it settles where a checkpoint finds about the target.
  let interval = 100;
  const pagesPerMs = 12; // ≈ 4,600 payments/s at 2.6 pages each
  for (let i = 0; i < 30; i++) interval = nextInterval(interval, interval * pagesPerMs);
  assert.ok(Math.abs(interval * pagesPerMs - CHECKPOINT_TARGET_PAGES) < 40, `settled at ${interval} ms`);
});
