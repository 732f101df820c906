import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { Database } from './schema';
import { DIR_MODE, FILE_MODE } from '../file-modes';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or a transaction on it: stores take this so a service decides the transaction. */
export type Queryable = Db | Tx;
export type DialectName = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** Opens the database the configuration names: PostgreSQL for a postgres URL, otherwise SQLite in dataDir. */
export function openDatabase(opts: { databaseUrl?: string; dataDir: string }): DbHandle {
  if (isPostgresUrl(opts.databaseUrl)) return openPostgres(opts.databaseUrl);
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: DIR_MODE });
  return openSqlite(path.join(opts.dataDir, 'safemonth.db'));
}

/**
 * The database file owner-only before SQLite opens it: SQLite creates its -wal and -shm journals with
 * the mode of the database file, so they follow. An existing file (and journals) left more open is
 * tightened too.
 */
function ownerOnlyDatabase(file: string) {
  fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.chmodSync(f, FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

export function openSqlite(file: string): DbHandle {
  if (file !== ':memory:') ownerOnlyDatabase(file);
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes an acknowledged
  // commit survive a power cut, which a public report's receipt promises.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The planner's statistics, as SQLite advises for a long-lived connection: gathered where they are
  // missing or stale when the server opens the file, then hourly. Without them it chose an index by
  // its shape alone and read 30,000 of 200,000 cases for one county's 50 (6 ms instead of 0.1).
  sqlite.pragma('optimize = 0x10002');
  const optimizer = setInterval(() => sqlite.pragma('optimize'), 3_600_000).unref();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => { clearInterval(optimizer); return db.destroy(); } };
}

// PostgreSQL returns COUNT(*) and BIGINT as strings; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function openPostgres(url: string): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection that the server ends (a restart, an administrator, a dropped database)
  // reaches the pool as an 'error' event; unheard, it would end the process. The pool already
  // discards that connection and opens a new one on the next query, so saying so is enough.
  pool.on('error', (err) => console.warn(`[db] an idle PostgreSQL connection was closed by the server: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
