import type { Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * Cases (举报与违法线索): public reports, units' violation leads and hotline calls, one model.
 *
 * What is not here is deliberate. A public report keeps no address, agent or time of day of its
 * sender: `received_on` is a Shanghai day and no column holds a timestamp of the reporter's own
 * actions. The receipt is kept only as a keyed hash (its key lives outside the database), so a
 * stolen database opens no case.
 */
export function cases(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('cases')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        // public | unit | hotline | inspection | media
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        // "I work there": a whistleblower reporting their own employer.
        .addColumn('whistleblower', 'integer', (c) => c.notNull().defaultTo(0))
        // The county-level unit where it happened; routing and the county's view follow it.
        .addColumn('county_id', 'integer', (c) => c.references('units.id'))
        .addColumn('address', 'text')
        .addColumn('latitude', 'real')
        .addColumn('longitude', 'real')
        .addColumn('enterprise', 'text')
        .addColumn('occurred_on', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('received_on', 'text', (c) => c.notNull())
        // The deadline of the step now waited for (accept, verify, rectify); null when none runs.
        .addColumn('deadline_at', 'text')
        .addColumn('escalated_at', 'text')
        .addColumn('assigned_unit_id', 'integer', (c) => c.references('units.id'))
        // The unit whose QR poster brought the report: credit for its publicity, nothing about the reporter.
        .addColumn('poster_unit_id', 'integer', (c) => c.references('units.id'))
        // The unit that filed a violation lead (source unit).
        .addColumn('filed_by_unit_id', 'integer', (c) => c.references('units.id'))
        .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('reporter_name', 'text')
        .addColumn('reporter_phone', 'text')
        .addColumn('receipt_hash', 'text', (c) => c.unique())
        .addColumn('merged_into_id', 'integer', (c) => c.references('cases.id'))
        .addColumn('reject_reason', 'text')
        .addColumn('findings', 'text')
        .addColumn('rectification_required', 'text')
        .addColumn('rectification_report', 'text')
        .addColumn('reply', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('updated_on', 'text', (c) => c.notNull())
        .execute();
      // The office's queue: by status and deadline; a county's: by its unit; the quota: by filing unit.
      await db.schema.createIndex('cases_queue').on('cases').columns(['campaign_id', 'status', 'deadline_at']).execute();
      await db.schema.createIndex('cases_assigned').on('cases').columns(['assigned_unit_id', 'status']).execute();
      await db.schema.createIndex('cases_county').on('cases').columns(['county_id', 'status']).execute();
      await db.schema.createIndex('cases_filed_by').on('cases').columns(['filed_by_unit_id', 'received_on']).execute();

      await db.schema
        .createTable('case_events')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('accounts.id'))
        .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
        .addColumn('comment', 'text')
        // Steps the reporter takes are dated to the day; the handlers' steps to the second.
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('case_messages')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        // to_reporter | from_reporter | internal: what the reporter sees is decided by this column alone.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('author_id', 'integer', (c) => c.references('accounts.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_messages_case').on('case_messages').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('case_files')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('message_id', 'integer', (c) => c.references('case_messages.id'))
        // reporter | staff
        .addColumn('added_by', 'text', (c) => c.notNull())
        // evidence | rectification
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('storage_key', 'text', (c) => c.notNull().unique())
        .addColumn('thumb_key', 'text')
        .addColumn('display_key', 'text')
        .addColumn('uploaded_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('added_on', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_files_case').on('case_files').columns(['case_id']).execute();
    },
  };
}
