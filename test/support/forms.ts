import type { Selectable } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/server/db/schema';
import type { Client } from './client';
import type { TestApp } from './harness';
import { unitByCode } from './api';

type FormTable = 'statistics_reports' | 'summaries';

/**
 * What the tests of a form a unit files once per campaign (the statistics table, the summary) look
 * up by unit code. The test app starts in `beforeAll`, after these are made, so it is read through
 * `app` at each call.
 */
export function formLookups<T extends FormTable>(app: () => TestApp, form: { path: 'statistics' | 'summaries'; table: T; obligationKey: string }) {
  const table: FormTable = form.table;
  const unitId = async (code: string) => (await unitByCode(app(), code)).id;
  const unitUrl = async (code: string) => `/api/campaigns/${app().campaignId}/${form.path}/units/${await unitId(code)}`;
  return {
    unitId,
    unitUrl,
    /** The unit's row as stored. */
    rowOf: async (code: string) => (await app().db.selectFrom(table).selectAll()
      .where('unit_id', '=', await unitId(code)).where('campaign_id', '=', app().campaignId).executeTakeFirst()) as Selectable<Database[T]> | undefined,
    fulfilments: async (code: string) =>
      app().db.selectFrom('obligation_fulfilments').selectAll().where('unit_id', '=', await unitId(code)).where('obligation_key', '=', form.obligationKey).execute(),
    /** Submits in one go (submit also saves); anything but 200 fails the test. */
    async submit(c: Client, code: string, body: Record<string, unknown>) {
      const r = await c.post(`${await unitUrl(code)}/submit`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    },
  };
}
