import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fdatasync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WalSync, type SyncFile } from './wal-sync.ts';

function openWal(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `mf-walsync-${name}-`));
  const db = new Database(join(dir, 'db.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
  return { db, close: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

const level = (db: Database.Database) => Number(db.pragma('synchronous', { simple: true }));
const count = (db: Database.Database) => Number(db.prepare('SELECT COUNT(*) FROM t').pluck().get());

test('commits under NORMAL (a checkpoint inside the commit still syncs), restores the level, answers after the sync', async () => {
  const { db, close } = openWal('level');
  try {
    db.pragma('wal_autocheckpoint = 1'); // every commit checkpoints: it runs at the level seen inside the commit
    let synced = 0;
    const sync: SyncFile = (fd, done) => fdatasync(fd, (e) => (synced++, done(e)));
    const w = WalSync.open(db, sync)!;
    assert.ok(w);
    const seen: number[] = [];
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const answered = await new Promise<unknown>((resolve) =>
      w.commitThenSync(() => {
        db.transaction(() => insert.run(1))();
        seen.push(level(db));
      }, resolve),
    );
    assert.equal(answered, undefined);
    assert.equal(synced, 1);
    assert.deepEqual(seen, [1], 'NORMAL during the commit, never OFF');
    assert.equal(level(db), 2, 'FULL again for other writers');
    db.pragma('synchronous = NORMAL'); // another context lowered it for its own run
    await new Promise((resolve) => w.commitThenSync(() => db.transaction(() => insert.run(2))(), resolve));
    assert.equal(level(db), 1, 'the level found is put back');
    assert.equal(count(db), 2);
  } finally {
    close();
  }
});

test('a failed sync fails its batch and refuses every later commit without touching the database', async () => {
  const { db, close } = openWal('fail');
  try {
    let fail = true;
    const sync: SyncFile = (fd, done) =>
      fail ? setImmediate(() => done(Object.assign(new Error('EIO'), { code: 'EIO' }))) : fdatasync(fd, done);
    const w = WalSync.open(db, sync)!;
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const first = await new Promise<unknown>((resolve) =>
      w.commitThenSync(() => db.transaction(() => insert.run(1))(), resolve),
    );
    assert.ok(first instanceof Error);
    fail = false; // a later sync that succeeds would prove nothing about the dropped pages
    assert.throws(
      () =>
        w.commitThenSync(
          () => db.transaction(() => insert.run(2))(),
          () => {},
        ),
      /restarts/,
    );
    assert.equal(count(db), 1);
  } finally {
    close();
  }
});

test('refuses to commit when the connection was set to synchronous=OFF', () => {
  const { db, close } = openWal('off');
  try {
    const w = WalSync.open(db)!;
    db.pragma('synchronous = OFF');
    assert.throws(
      () =>
        w.commitThenSync(
          () => db.exec('INSERT INTO t (n) VALUES (1)'),
          () => {},
        ),
      /OFF/,
    );
    assert.equal(count(db), 0);
  } finally {
    close();
  }
});

test('no syncer for an in-memory database or one configured below FULL', () => {
  const mem = new Database(':memory:');
  assert.equal(WalSync.open(mem), null);
  mem.close();
  const { db, close } = openWal('normal');
  try {
    db.pragma('synchronous = NORMAL');
    assert.equal(WalSync.open(db), null);
  } finally {
    close();
  }
});
