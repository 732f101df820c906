import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, openSqlite, type DbHandle } from '../../src/server/db';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testDialect = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';

let pgReachable: boolean | undefined;
export async function postgresReachable(): Promise<boolean> {
  if (pgReachable !== undefined) return pgReachable;
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    pgReachable = true;
  } catch {
    pgReachable = false;
  } finally {
    await client.end().catch(() => {});
  }
  return pgReachable;
}

export interface TestDatabase {
  handle: DbHandle;
  dataDir: string;
  url?: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for each test file: a fresh SQLite file in a temporary folder,
 * or a fresh database created in the local PostgreSQL server and dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-test-'));
  if (testDialect === 'sqlite') {
    const handle = openSqlite(path.join(dataDir, 'safemonth.db'));
    return {
      handle, dataDir,
      drop: async () => { await handle.close(); fs.rmSync(dataDir, { recursive: true, force: true }); },
    };
  }
  if (!(await postgresReachable())) throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL}`);
  const name = `safemonth_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString());
  return {
    handle, dataDir, url: url.toString(),
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Under CI a suite that cannot run must fail, not skip; on a developer's machine
 * without PostgreSQL the PostgreSQL project is skipped with a visible reason.
 */
export async function databaseAvailable(): Promise<boolean> {
  if (testDialect === 'sqlite') return true;
  if (await postgresReachable()) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and PostgreSQL is not reachable at ${ADMIN_URL}`);
  console.warn(`[api-postgres] skipped: PostgreSQL not reachable at ${ADMIN_URL}`);
  return false;
}
