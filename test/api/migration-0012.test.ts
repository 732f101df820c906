import { Migrator, sql, type Migration } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, testDialect } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { foundation } from '../../src/server/db/migrations/0001_foundation';
import { auditNoTruncate } from '../../src/server/db/migrations/0002_audit_no_truncate';
import { liaisons } from '../../src/server/db/migrations/0003_liaisons';
import { statistics } from '../../src/server/db/migrations/0004_statistics';
import { media } from '../../src/server/db/migrations/0005_media';
import { activities } from '../../src/server/db/migrations/0006_activities';
import { summaries } from '../../src/server/db/migrations/0007_summaries';
import { activityIndexes } from '../../src/server/db/migrations/0008_activity_indexes';
import { cases } from '../../src/server/db/migrations/0009_cases';
import { exposures } from '../../src/server/db/migrations/0010_exposures';
import { scaleIndexes } from '../../src/server/db/migrations/0011_scale_indexes';
import { insertEvent, insertMessage, listEvents, listMessages } from '../../src/server/features/cases/case.store';

/*
 * Migration 0012 on a database that already has cases: each case's steps, messages and files get
 * their place in its history (`seq`) in the order they were written (their old ids), the case's
 * `last_seq` continues after them, and nothing takes a sequential id any more.
 */

describeDb('migration 0012: existing cases keep their order', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    const d = database.handle.dialect;
    const upTo0011: Record<string, Migration> = {
      '0001_foundation': foundation(d), '0002_audit_no_truncate': auditNoTruncate(d), '0003_liaisons': liaisons(d), '0004_statistics': statistics(d),
      '0005_media': media(d), '0006_activities': activities(d), '0007_summaries': summaries(d), '0008_activity_indexes': activityIndexes(),
      '0009_cases': cases(d), '0010_exposures': exposures(d), '0011_scale_indexes': scaleIndexes(),
    };
    const r = await new Migrator({ db: database.handle.db, provider: { getMigrations: async () => upTo0011 } }).migrateToLatest();
    if (r.error) throw r.error;
    const db = database.handle.db;
    const at = '2022-06-08T02:00:00.000Z';
    await sql`insert into campaigns (id, code, year, status, title_zh, title_en, definition, created_at, updated_at)
      values (1, 'c-2022', 2022, 'active', '活动', 'Campaign', '{}', ${at}, ${at})`.execute(db);
    await sql`insert into units (id, code, name, short_name, type, path, created_at, updated_at) values (1, 'u1', '县', '县', 'county', '/1/', ${at}, ${at})`.execute(db);
    for (const id of [1, 2]) {
      await sql`insert into cases (id, campaign_id, source, category, description, status, received_on, updated_on)
        values (${id}, 1, 'public', 'gas_safety', '举报', 'received', '2022-06-08', '2022-06-08')`.execute(db);
    }
    // Steps and messages of the two cases interleaved, as they were written.
    for (const [id, caseId, action] of [[1, 1, 'receive'], [2, 2, 'receive'], [3, 1, 'accept'], [4, 1, 'assign'], [5, 2, 'accept']] as const) {
      await sql`insert into case_events (id, case_id, action, to_status, at) values (${id}, ${caseId}, ${action}, 'received', ${at})`.execute(db);
    }
    for (const [id, caseId, body] of [[1, 2, 'a'], [2, 1, 'b'], [3, 1, 'c']] as const) {
      await sql`insert into case_messages (id, case_id, kind, body, at) values (${id}, ${caseId}, 'internal', ${body}, ${at})`.execute(db);
    }
    await migrateToLatest(database.handle);
  });
  afterAll(async () => { await database?.drop(); });

  it('numbers each case\'s history in its old order and continues after it', async () => {
    const db = database.handle.db;
    const events = await db.selectFrom('case_events').select(['id', 'case_id', 'seq']).orderBy('id').execute();
    expect(events.map((e) => [e.id, e.case_id, e.seq])).toEqual([[1, 1, 1], [2, 2, 1], [3, 1, 2], [4, 1, 3], [5, 2, 2]]);
    const messages = await db.selectFrom('case_messages').select(['id', 'case_id', 'seq']).orderBy('id').execute();
    expect(messages.map((m) => [m.id, m.case_id, m.seq])).toEqual([[1, 2, 1], [2, 1, 1], [3, 1, 2]]);
    const cases = await db.selectFrom('cases').select(['id', 'last_seq']).orderBy('id').execute();
    expect(cases).toEqual([{ id: 1, last_seq: 3 }, { id: 2, last_seq: 2 }]);

    await db.transaction().execute(async (tx) => {
      await insertEvent(tx, { caseId: 1, action: 'verify', from: 'assigned', to: 'founded', actorId: null, unitId: null, comment: null, at: '2022-06-09T01:00:00.000Z' });
      await insertMessage(tx, { caseId: 1, kind: 'internal', body: 'd', authorId: null, at: '2022-06-09T01:00:00.000Z' });
    });
    expect((await listEvents(db, [1])).map((e) => e.action)).toEqual(['receive', 'accept', 'assign', 'verify']);
    expect((await listMessages(db, [1])).map((m) => m.body)).toEqual(['b', 'c', 'd']);
    const fresh = await db.selectFrom('case_events').select(['id', 'seq']).where('action', '=', 'verify').executeTakeFirstOrThrow();
    expect(fresh.seq).toBe(4);
    expect(fresh.id).toBeGreaterThanOrEqual(2 ** 30);
    if (testDialect === 'postgres') {
      const left = await sql<{ n: string }>`select count(*) as n from information_schema.sequences
        where sequence_name in ('cases_id_seq', 'case_events_id_seq', 'case_messages_id_seq', 'case_files_id_seq')`.execute(db);
      expect(Number(left.rows[0]!.n)).toBe(0);
    }
  });
});
