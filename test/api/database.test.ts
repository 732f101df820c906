import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeDb, testDialect } from '../support/harness';
import { groupCommit } from '../../src/server/db/group-commit';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../support/database';

describeDb('database connection', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => database?.drop());

  // A PostgreSQL restart or an administrator ending sessions reaches idle pooled connections
  // as an error event; the server must carry on and reconnect, not crash. SQLite has no server to
  // lose: there the test checks the settings every acknowledged write relies on.
  it('keeps its connection durable: PostgreSQL survives ended backends, SQLite runs WAL with synchronous=FULL', async () => {
    const { db } = database.handle;
    if (testDialect === 'sqlite') {
      expect((await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)).rows[0]!.journal_mode).toBe('wal');
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous).toBe(2);
      return;
    }
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0]!.one).toBe(1);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    const ended = await admin.query(
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [new URL(database.url!).pathname.slice(1)],
    );
    await admin.end();
    expect(ended.rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await sql<{ one: number }>`select 2 as one`.execute(db)).rows[0]!.one).toBe(2);
    // Acknowledged means durable on PostgreSQL too.
    expect((await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)).rows[0]!.synchronous_commit).toBe('on');
  });

  it('group commit: concurrent writes share a transaction, each caller answered after it; a bad item fails alone', async () => {
    const { db } = database.handle;
    await sql`create table gc_probe (id integer primary key, v text not null unique)`.execute(db);
    const batches: number[] = [];
    const gc = groupCommit(db, async (tx, items: string[]) => {
      batches.push(items.length);
      for (const v of items) await sql`insert into gc_probe (id, v) values (${Number(v.slice(1))}, ${v})`.execute(tx);
      return items.map((v) => `ok ${v}`);
    });
    const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
    const answers = await Promise.allSettled([...values, 'v3'].map((v) => gc.run(v)));
    expect(answers.slice(0, 20).map((a) => (a.status === 'fulfilled' ? a.value : 'failed'))).toEqual(values.map((v) => `ok ${v}`));
    expect(answers[20]!.status).toBe('rejected');
    // The first batch held them all and failed on the duplicate; each was then written alone.
    expect(batches[0]).toBe(21);
    const n = await sql<{ n: number }>`select count(*) as n from gc_probe`.execute(db);
    expect(Number(n.rows[0]!.n)).toBe(20);
  });

  it('answers a query', async () => {
    expect((await sql<{ one: number }>`select 1 as one`.execute(database.handle.db)).rows[0]!.one).toBe(1);
  });
});
