import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index';

const THREAD_TABLES = ['case_events', 'case_messages', 'case_files'] as const;

/**
 * No row order that dates a reporter. Cases, their steps, messages and files used to take ids from
 * sequences shared by reporters' rows (dated to the day) and staff's rows (dated to the
 * millisecond, and named by id in the audit log), so a reporter's message id placed it between two
 * timed staff rows. From here on every new row of these four tables takes a random id
 * (`db/random-ids.ts`), and what was ordered by id for chronology is ordered by `seq`, the row's
 * place in its own case's history, drawn from the case's `last_seq` counter.
 *
 * Existing rows keep their ids (references people already hold name them); `seq` is filled in id
 * order, which is the order they happened in. PostgreSQL's sequences are dropped so that nothing
 * can take a sequential id again; SQLite's AUTOINCREMENT has no sequence to drop, and an explicit
 * random id only raises its high-water mark, which no insert uses.
 */
export function reporterTime(dialect: DialectName) {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('cases').addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      for (const table of THREAD_TABLES) {
        await db.schema.alterTable(table).addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await sql`update ${sql.table(table)} set seq = (select count(*) from ${sql.table(table)} o where o.case_id = ${sql.table(table)}.case_id and o.id <= ${sql.table(table)}.id)`.execute(db);
        await sql`update cases set last_seq = (select max(t.seq) from ${sql.table(table)} t where t.case_id = cases.id)
          where (select max(t.seq) from ${sql.table(table)} t where t.case_id = cases.id) > last_seq`.execute(db);
      }
      await db.schema.dropIndex('case_events_case').execute();
      await db.schema.dropIndex('case_messages_case').execute();
      await db.schema.dropIndex('case_files_case').execute();
      await db.schema.createIndex('case_events_thread').on('case_events').columns(['case_id', 'seq']).execute();
      await db.schema.createIndex('case_messages_thread').on('case_messages').columns(['case_id', 'seq']).execute();
      await db.schema.createIndex('case_files_thread').on('case_files').columns(['case_id', 'seq']).execute();
      // The days whose reporter files have been rewritten (features/cases/reporter-file-pass.ts).
      await db.schema.createTable('reporter_file_days').addColumn('day', 'text', (c) => c.primaryKey()).execute();
      if (dialect === 'postgres') {
        for (const table of ['cases', ...THREAD_TABLES]) {
          await sql`alter table ${sql.table(table)} alter column id drop default`.execute(db);
          await sql`drop sequence if exists ${sql.raw(`${table}_id_seq`)}`.execute(db);
        }
      }
    },
  };
}
