import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { migrationProvider } from './migrations/index.ts';

/** A connection to one of the two engines, migrated and ready. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** The better-sqlite3 handle, for the few bulk paths that bypass the query builder. */
  sqlite?: SqliteDatabase.Database;
  /** The PostgreSQL pool, for COPY and other bulk paths. */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `sqlite:PATH`, `sqlite::memory:`, a bare file path, or `postgres://…` / `postgresql://…`. */
  url: string;
  /** PostgreSQL only: the schema to create and use (tests isolate themselves this way). */
  schema?: string;
  /** SQLite only: `FULL` (default) survives power loss; `NORMAL` survives a process crash. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  migrate?: boolean;
}

// PostgreSQL returns int8 as text to protect precision; our integers (fen, Wh) stay below 2^53,
// which this parser asserts instead of silently rounding.
pg.types.setTypeParser(20, (text: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} exceeds 2^53`);
  return n;
});

const PG_POOL_MAX = 10;
const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function dialectOf(url: string): SqlDialect {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** Opens (and by default migrates) the database named by `url`. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const handle = dialectOf(options.url) === 'postgres' ? await openPostgres(options) : openSqlite(options);
  if (options.migrate !== false) await migrateToLatest(handle);
  return handle;
}

function openSqlite(options: OpenOptions): DatabaseHandle {
  const path = options.url.replace(/^sqlite:/, '');
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}

async function openPostgres(options: OpenOptions): Promise<DatabaseHandle> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  if (schema) {
    const admin = new pg.Client({ connectionString: options.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: PG_POOL_MAX,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', pgPool: pool, close: () => db.destroy() };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<void> {
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
}
