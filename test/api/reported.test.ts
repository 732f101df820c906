import unzipper from 'unzipper';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDb, type TestApp } from '../support/harness';
import { startCampaignApp } from '../support/factories';
import type { Client } from '../support/client';
import { formLookups } from '../support/forms';

/*
 * One meaning of "reported": a table or summary returned for correction is not reported anywhere —
 * not in completeness, not in the roll-up's figures, not as done in the obligation matrix, not in
 * the city summary — until the unit submits it again; timeliness stays with its first submission.
 */

const START = new Date('2022-06-20T10:00:00+08:00');
const FIGURES = { drills_held: 4, drill_participants: 90, hazards_found: 3, hazards_rectified: 2 };

/** The text of a .docx's body, its runs joined (Word splits sentences into runs at will). */
async function docxText(data: Buffer): Promise<string> {
  const zip = await unzipper.Open.buffer(data);
  const xml = (await zip.files.find((f) => f.path === 'word/document.xml')!.buffer()).toString('utf8');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

describeDb('what "reported" means: a returned form is the same in completeness, roll-up, matrix and city summary', () => {
  let t: TestApp;
  let admin: Client;
  let wuhua: Client;
  const stats = formLookups(() => t, { path: 'statistics', table: 'statistics_reports', obligationKey: 'statistics_table' });
  const summaries = formLookups(() => t, { path: 'summaries', table: 'summaries', obligationKey: 'summary_report' });

  beforeAll(async () => { ({ t, admin, wuhua } = await startCampaignApp()); });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  const campaignUrl = (p: string) => `/api/campaigns/${t.campaignId}/${p}`;

  async function fourPlaces() {
    const list = await admin.get(campaignUrl('statistics'));
    const rollup = await admin.get(campaignUrl('statistics/rollup'));
    const matrix = await admin.get(campaignUrl('obligations/matrix'));
    const docx = await admin.get(campaignUrl('city-summary.docx'));
    for (const r of [list, rollup, matrix]) expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(docx.status).toBe(200);
    const row = list.body.rows.find((r: { unit: { code: string } }) => r.unit.code === '530102');
    const rolled = rollup.body.rows.find((r: { unit: { code: string } }) => r.unit.code === '530102');
    const cellRow = matrix.body.rows.find((r: { unit: { code: string } }) => r.unit.code === '530102');
    return {
      listStatus: row.status,
      submitted: list.body.completeness.overall.submitted as number,
      onTime: list.body.completeness.overall.onTime as number,
      missing: list.body.missing.map((u: { code: string }) => u.code) as string[],
      returned: list.body.returned.map((u: { code: string }) => u.code) as string[],
      rollupStatus: rolled.status,
      rollupReports: rolled.reports as number,
      rollupDrills: rolled.total.drills_held as number,
      totalDrills: rollup.body.total.drills_held as number,
      cell: cellRow.cells.statistics_table,
      done: matrix.body.summary.statistics_table.done as number,
      text: await docxText(docx.raw.rawPayload),
    };
  }

  it('a returned statistics table: not reported, no figures, 已退回 in the matrix with its first submission, listed as not in by the city summary', async () => {
    const filed = await stats.submit(wuhua, '530102', { values: FIGURES, comments: {} });
    const firstAt = filed.report.firstSubmittedAt;
    const before = await fourPlaces();
    expect(before).toMatchObject({
      listStatus: 'submitted', submitted: 1, onTime: 1, rollupStatus: 'submitted', rollupReports: 1, rollupDrills: 4, totalDrills: 4,
      cell: { status: 'done_on_time', fulfilledAt: firstAt }, done: 1,
    });
    expect(before.missing).not.toContain('530102');
    expect(before.text).toContain('1个已报送活动进展情况统计表');

    t.clock.now = new Date('2022-06-22T10:00:00+08:00');
    const r = await admin.post(`${await stats.unitUrl('530102')}/return`, { comment: '隐患数请核实' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);

    const after = await fourPlaces();
    expect(after).toMatchObject({
      listStatus: 'returned', submitted: 0, onTime: 0, rollupStatus: 'returned', rollupReports: 0, rollupDrills: 0, totalDrills: 0,
      cell: { status: 'returned', fulfilledAt: firstAt }, done: 0,
    });
    expect(after.missing).toContain('530102');
    expect(after.returned).toEqual(['530102']);
    expect(after.text).toContain('0个已报送活动进展情况统计表');
    expect(after.text).toMatch(/未报送单位：五华、/);
    expect(after.text).toContain('其中，五华的统计表已退回修改');
    // The unit's own to-do says the same.
    const todo = await wuhua.get(campaignUrl('obligations/mine'));
    expect(todo.body.items.find((i: { key: string }) => i.key === 'statistics_table').status).toBe('returned');

    // Corrected after the deadline: reported again, and on time, for the first submission was.
    t.clock.now = new Date('2022-07-05T10:00:00+08:00');
    await stats.submit(wuhua, '530102', { values: FIGURES, comments: {}, revision: r.body.report.revision });
    const again = await fourPlaces();
    expect(again).toMatchObject({
      listStatus: 'submitted', submitted: 1, onTime: 1, rollupReports: 1, totalDrills: 4, cell: { status: 'done_on_time', fulfilledAt: firstAt }, done: 1,
    });
    expect(again.returned).toEqual([]);
    expect(again.text).not.toContain('已退回修改');
  });

  it('a returned summary: not counted in the summaries\' completeness, 已退回 in the matrix, not counted by the city summary', async () => {
    await summaries.submit(wuhua, '530102', { sections: { overview: '<p>全区开展应急演练4场</p>' }, media: [] });
    const countOf = async () => {
      const list = await admin.get(campaignUrl('summaries'));
      const matrix = await admin.get(campaignUrl('obligations/matrix'));
      const text = await docxText((await admin.get(campaignUrl('city-summary.docx'))).raw.rawPayload);
      const row = matrix.body.rows.find((r: { unit: { code: string } }) => r.unit.code === '530102');
      return { submitted: list.body.completeness.overall.submitted, returned: list.body.returned.length, cell: row.cells.summary_report.status, text };
    };
    const before = await countOf();
    expect(before).toMatchObject({ submitted: 1, returned: 0, cell: 'done_on_time' });
    expect(before.text).toContain('活动情况总结报告已报送1个');
    const r = await admin.post(`${await summaries.unitUrl('530102')}/return`, { comment: '请补充问题部分' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await countOf();
    expect(after).toMatchObject({ submitted: 0, returned: 1, cell: 'returned' });
    expect(after.text).toContain('活动情况总结报告已报送0个');
  });
});
