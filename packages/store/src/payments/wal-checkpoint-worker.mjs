// Worker of WalCheckpointer (wal-checkpointer.ts): its own connection to the database file, which
// copies the WAL into the database whenever asked. Plain JavaScript, so it needs no loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { fileMustExist: true });
// A checkpoint syncs the WAL before copying and the database before the WAL may be reset; OFF
// would skip both (see wal-sync.ts), so the level is set explicitly.
db.pragma('synchronous = FULL');

parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
