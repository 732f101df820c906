import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { unitByCode } from '../support/api';
import { insertReceivedCases, type NewCase } from '../../src/server/features/cases/case.store';

/*
 * Random ids collide now and then (db/random-ids.ts). A draw that hits an existing row, or one drawn
 * twice in a batch, is drawn again — inside the intake's group-commit batch too, and without
 * failing the transaction on PostgreSQL — while any other broken constraint still fails.
 */

describeDb('random ids: a collision is drawn again', () => {
  let t: TestApp;
  let countyId: number;
  const report = (receipt: string): NewCase => ({
    campaign_id: t.campaignId, source: 'public', category: 'gas_safety', whistleblower: 0, county_id: countyId, address: null, latitude: null,
    longitude: null, enterprise: null, occurred_on: null, description: '举报内容', status: 'received', received_on: '2022-06-08', deadline_at: null,
    poster_unit_id: null, filed_by_unit_id: null, created_by: null, reporter_name: null, reporter_phone: null, receipt_hash: receipt, updated_on: '2022-06-08',
  });
  /** A draw that gives these ids in turn. */
  const scripted = (ids: number[]) => () => {
    const id = ids.shift();
    if (id === undefined) throw new Error('the draw was asked for more ids than scripted');
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    countyId = (await unitByCode(t, '530102')).id;
  });
  afterAll(async () => { await t?.close(); });

  it('redraws what hit an existing row or another row of the batch, and matches each case to its own event', async () => {
    const [first] = await t.db.transaction().execute((tx) => insertReceivedCases(tx, [report('r-0')]));
    const firstEvent = (await t.db.selectFrom('case_events').select('id').where('case_id', '=', first!).executeTakeFirstOrThrow()).id;
    const base = 1_500_000_000;
    // Cases: row 0 hits the existing case, row 2 draws row 1's id and draws again, row 0 draws again.
    // Events: row 0 hits the existing event and draws again.
    const draw = scripted([first!, base + 1, base + 1, base + 2, base + 3, firstEvent, base + 11, base + 12, base + 13]);
    const ids = await t.db.transaction().execute(async (tx) => {
      const got = await insertReceivedCases(tx, [report('r-1'), report('r-2'), report('r-3')], draw);
      // The transaction is still usable after the skipped conflicts (PostgreSQL aborts one on an error).
      await tx.selectFrom('cases').select('id').execute();
      return got;
    });
    expect(ids).toEqual([base + 3, base + 1, base + 2]);
    const cases = await t.db.selectFrom('cases').select(['id', 'receipt_hash', 'last_seq']).where('id', 'in', ids).execute();
    expect(Object.fromEntries(cases.map((c) => [c.receipt_hash, c.id]))).toEqual({ 'r-1': base + 3, 'r-2': base + 1, 'r-3': base + 2 });
    expect(cases.every((c) => c.last_seq === 1)).toBe(true);
    const events = await t.db.selectFrom('case_events').select(['id', 'case_id', 'seq']).where('case_id', 'in', ids).execute();
    expect(new Set(events.map((e) => e.id))).toEqual(new Set([base + 11, base + 12, base + 13]));
    expect(events.map((e) => e.case_id).sort()).toEqual([...ids].sort());
    expect(events.every((e) => e.seq === 1)).toBe(true);
    // The first case and its event are untouched.
    expect((await t.db.selectFrom('cases').select('receipt_hash').where('id', '=', first!).executeTakeFirstOrThrow()).receipt_hash).toBe('r-0');
    expect((await t.db.selectFrom('case_events').select('case_id').where('id', '=', firstEvent).executeTakeFirstOrThrow()).case_id).toBe(first);
  });

  it('still fails on any other constraint: a receipt hash already taken', async () => {
    await expect(t.db.transaction().execute((tx) => insertReceivedCases(tx, [report('r-0')]))).rejects.toThrow();
    expect((await t.db.selectFrom('cases').select('id').where('receipt_hash', '=', 'r-0').execute())).toHaveLength(1);
  });
});
