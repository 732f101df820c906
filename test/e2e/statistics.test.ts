import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, overflowsHorizontally, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { api, firstSignIn, issueAccount, deskContext, signIn, unitIdByCode } from './support/ui';

const WUHUA = '530102';
const RETURN_COMMENT = '学习研讨场次与台账不符，请核实后重新提交';

/** A plain sheet the way a clerk types one: a single header row, only some indicators; `edit` adds merges. */
async function clerkSheet(dir: string, name: string, rows: unknown[][], edit: (ws: ExcelJS.Worksheet) => void = () => {}) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['单位代码', '单位名称', '学习研讨活动', '排查发现隐患', '整改隐患']);
  for (const r of rows) ws.addRow(r);
  edit(ws);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const status = (page: Page) => page.getByTestId('stat-status').getAttribute('data-status');

describeBrowser('statistics table in Chromium: a county fills 附件2 on a phone, the office returns, accepts and exports it', () => {
  const suite = browserSuite();

  it('五华区 is refused on a broken rule, submits, is returned with a comment, resubmits, is accepted and exported', async () => {
    // The office issues the county's reporter account, as the accounts page does.
    const desk = await deskContext(suite.browser);
    const admin = await desk.newPage();
    const adminErrors = watchErrors(admin);
    await signIn(admin, suite.server.baseUrl, 'admin', ADMIN_PASSWORD);
    const wuhuaId = await issueAccount(admin, { username: 'wuhua_stats', displayName: '五华区统计填报员', unitCode: WUHUA, roles: ['unit_reporter'] });
    // A money indicator added to the campaign as data, 万元 with two places; the original comes back at the end.
    const campaignId = (await api<{ id: number }[]>(admin, 'GET', '/api/campaigns')).body[0]!.id;
    const original = (await api<{ definition: { forms: { statistics: { indicators: unknown[] } } } }>(admin, 'GET', `/api/campaigns/${campaignId}`)).body.definition;
    const withFunds = structuredClone(original);
    withFunds.forms.statistics.indicators.push({ key: 'drill_funds', category: 'drills', label: { zh: '演练经费', en: 'Drill funds' }, measure: { zh: '万元', en: '10k yuan' }, type: 'money' });
    expect((await api(admin, 'PUT', `/api/campaigns/${campaignId}/definition`, { definition: withFunds })).status).toBe(200);

    // The reporter on the narrowest phone the county's staff carry.
    const phone = await suite.browser.newContext({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await firstSignIn(page, suite.server.baseUrl, 'wuhua_stats');

    await page.goto(`${suite.server.baseUrl}/statistics`);
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('none');
    expect(await page.getByTestId('stat-unit').innerText()).toBe('五华区');
    await page.getByTestId('stat-input-study_sessions').fill('3');
    await page.getByTestId('stat-input-study_participants').fill('120');
    await page.getByTestId('stat-input-drills_held').fill('2');
    await page.getByTestId('stat-input-drill_participants').fill('80');
    await page.getByTestId('stat-input-hazards_found').fill('5');
    await page.getByTestId('stat-input-hazards_rectified').fill('7');
    await page.getByTestId('stat-input-drill_funds').fill('12.5');

    // The live check marks the broken rule beside its figure, in Chinese, and holds the submission back.
    const finding = page.getByTestId('stat-finding-rule.rectified_le_found');
    await expect.poll(() => finding.count(), { timeout: 10_000 }).toBe(1);
    expect(await finding.innerText()).toContain('整改隐患数不能大于发现隐患数');
    expect(await finding.getAttribute('data-severity')).toBe('hard');
    expect(await page.getByTestId('stat-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('stat-submit-blocked').innerText()).toContain('1 处数据错误');
    const { scrollWidth, clientWidth } = await overflowsHorizontally(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await finding.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'statistics-phone-finding.png') });

    // A draft may be saved as it is; the server refuses the same figures as a submission.
    await page.getByTestId('stat-save').click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('draft');
    const campaigns = await api<{ id: number }[]>(page, 'GET', '/api/campaigns');
    const refused = await api<{ code: string; fields: { field: string; message: string }[] }>(
      page,
      'POST',
      `/api/campaigns/${campaigns.body[0]!.id}/statistics/units/${wuhuaId}/submit`,
      { values: { hazards_found: 5, hazards_rectified: 7 }, comments: {} },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.fields).toContainEqual(expect.objectContaining({ field: 'values.hazards_rectified', message: '整改隐患数不能大于发现隐患数' }));

    await page.getByTestId('stat-input-hazards_rectified').fill('4');
    await expect.poll(() => finding.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('stat-submit').isDisabled(), { timeout: 10_000 }).toBe(false);

    // Fewer participants than sessions is only doubtful: it needs an explanation, then may go.
    await page.getByTestId('stat-input-study_participants').fill('2');
    const soft = page.getByTestId('stat-finding-rule.study_participants_ge_sessions');
    await expect.poll(() => soft.getAttribute('data-severity'), { timeout: 10_000 }).toBe('soft');
    expect(await soft.innerText()).toContain('学习参与人次少于学习场次，请核实');
    expect(await page.getByTestId('stat-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('stat-submit-blocked').innerText()).toContain('情况说明');
    await page.getByTestId('stat-comment-rule.study_participants_ge_sessions').fill('两场为线上研讨，参与人次另行统计');
    await expect.poll(() => page.getByTestId('stat-submit').isDisabled(), { timeout: 10_000 }).toBe(false);
    await page.getByTestId('stat-submit').click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('submitted');
    expect(await page.getByTestId('stat-status').innerText()).toBe('已提交');
    // The money figure comes back from the server with its two places.
    expect(await page.getByTestId('stat-input-drill_funds').inputValue()).toBe('12.50');
    // The explanation stays with the table, read-only now.
    expect(await soft.innerText()).toContain('两场为线上研讨');
    // 2022's deadline is long past on the machine's clock.
    expect(await page.getByTestId('stat-late').innerText()).toBe('逾期');
    expect(await page.getByTestId('stat-save').count()).toBe(0);

    // The unit turns complete in the office's obligations matrix (late: 2022's deadline is past).
    await admin.goto(`${suite.server.baseUrl}/obligations`);
    const cell = admin.getByTestId(`matrix-cell-${WUHUA}-statistics_table`);
    await expect.poll(() => cell.getAttribute('data-cell'), { timeout: 15_000 }).toBe('done_late');
    expect(await admin.getByTestId(`matrix-cell-${WUHUA}-liaison_form`).getAttribute('data-cell')).toBe('overdue');

    // The office sees the county as submitted and returns its table with a comment.
    await admin.getByTestId('menu-statistics-office').click();
    await admin.waitForURL(/\/statistics\/office$/);
    const row = admin.getByTestId(`stat-office-row-${WUHUA}`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
    expect(await row.innerText()).toContain('已提交');
    expect(await admin.getByTestId('stat-completeness-overall').innerText()).toContain('报送率');
    expect(await admin.getByTestId('stat-office-missing').innerText()).not.toContain('五华区');
    await admin.screenshot({ path: path.join(shots, 'statistics-office.png'), fullPage: true });
    await admin.getByTestId(`stat-office-open-${WUHUA}`).click();
    await admin.waitForURL(new RegExp(`/statistics/${wuhuaId}$`));
    await expect.poll(() => status(admin), { timeout: 10_000 }).toBe('submitted');
    await admin.getByTestId('stat-return').click();
    await admin.getByTestId('stat-return-comment').fill(RETURN_COMMENT);
    await admin.getByTestId('stat-return-confirm').click();
    await expect.poll(() => status(admin), { timeout: 10_000 }).toBe('returned');
    // Returned is not done: the matrix says 已退回 until the unit submits again.
    await admin.goto(`${suite.server.baseUrl}/obligations`);
    await expect.poll(() => admin.getByTestId(`matrix-cell-${WUHUA}-statistics_table`).getAttribute('data-cell'), { timeout: 15_000 }).toBe('returned');
    expect(await admin.getByTestId(`matrix-cell-${WUHUA}-statistics_table`).innerText()).toBe('已退回');
    await admin.goBack();
    await expect.poll(() => status(admin), { timeout: 15_000 }).toBe('returned');

    // The reporter reads why, corrects a figure and submits again.
    await page.reload();
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('returned');
    expect(await page.getByTestId('stat-return-alert').innerText()).toContain(RETURN_COMMENT);
    expect(await page.getByTestId('stat-history').innerText()).toContain('退回');
    await page.screenshot({ path: path.join(shots, 'statistics-phone-returned.png') });
    await page.getByTestId('stat-input-study_sessions').fill('4');
    await expect.poll(() => page.getByTestId('stat-submit').isDisabled(), { timeout: 10_000 }).toBe(false);
    await page.getByTestId('stat-submit').click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('submitted');
    expect(await page.getByTestId('stat-return-alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await phone.close();

    // The office accepts the corrected table; it is locked.
    await admin.reload();
    await expect.poll(() => status(admin), { timeout: 15_000 }).toBe('submitted');
    expect(await admin.getByTestId('stat-input-study_sessions').inputValue()).toBe('4');
    await admin.getByTestId('stat-accept').click();
    await admin.getByTestId('stat-accept-confirm').click();
    await expect.poll(() => status(admin), { timeout: 10_000 }).toBe('accepted');
    expect(await admin.getByTestId('stat-status').innerText()).toBe('已接收');
    expect(await admin.getByTestId('stat-accept').count()).toBe(0);
    expect(await admin.getByTestId('stat-reopen').count()).toBe(1);
    await expect.poll(() => admin.getByTestId('stat-accept-confirm').count(), { timeout: 5_000 }).toBe(0);
    await admin.screenshot({ path: path.join(shots, 'statistics-accepted.png') });
    const history = await admin.getByTestId('stat-history').innerText();
    for (const word of ['接收', '提交', '退回', RETURN_COMMENT]) expect(history).toContain(word);

    // The consolidated sheet carries the accepted figures on 五华区's row.
    await admin.getByTestId('menu-statistics-office').click();
    await admin.waitForURL(/\/statistics\/office$/);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('accepted');
    // The roll-up: 五华区's row, the counties' subtotal and the grand total agree.
    await admin.getByRole('tab', { name: '数据汇总' }).click();
    const rollupRow = admin.getByTestId(`stat-rollup-row-${WUHUA}`);
    await expect.poll(() => rollupRow.count(), { timeout: 15_000 }).toBe(1);
    const cells = async (testId: string) =>
      (await admin.getByTestId(testId).locator('td').allInnerTexts()).map((x) => x.trim());
    const wuhuaCells = await cells(`stat-rollup-row-${WUHUA}`);
    expect(wuhuaCells[0]).toContain('五华区');
    expect(wuhuaCells.slice(1, 3)).toEqual(['1', '4']); // one table; 学习研讨活动 first
    expect((await cells('stat-rollup-subtotal-county')).slice(0, 3)).toEqual(['县（市）区小计', '1', '4']);
    expect((await cells('stat-rollup-total')).slice(0, 3)).toEqual(['合计', '1', '4']);
    await admin.screenshot({ path: path.join(shots, 'statistics-rollup.png') });

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('stat-office-export-xlsx').click()]);
    expect(download.suggestedFilename()).toContain('活动进展情况统计表');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('活动进展情况统计表');
    let headerRow = 0;
    let studyColumn = 0;
    let foundColumn = 0;
    let fundsColumn = 0;
    ws.eachRow((r, n) => {
      r.eachCell((cell, c) => {
        if (cell.value === '学习研讨活动（场次）') [headerRow, studyColumn] = [n, c];
        if (cell.value === '排查发现隐患（项）') foundColumn = c;
        if (cell.value === '演练经费（万元）') fundsColumn = c;
      });
    });
    expect(headerRow).toBeGreaterThan(1);
    let wuhuaRow: ExcelJS.Row | undefined;
    ws.eachRow((r, n) => {
      if (n > headerRow && r.getCell(2).value === WUHUA) wuhuaRow = r;
    });
    expect(wuhuaRow?.getCell(3).value).toBe('五华区');
    expect(wuhuaRow?.getCell(studyColumn).value).toBe(4);
    expect(wuhuaRow?.getCell(foundColumn).value).toBe(5);
    expect(wuhuaRow?.getCell(fundsColumn).value).toBe(12.5);
    expect(wuhuaRow?.getCell(fundsColumn).numFmt).toBe('0.00');
    expect(adminErrors).toEqual([]);
    expect((await api(admin, 'PUT', `/api/campaigns/${campaignId}/definition`, { definition: original })).status).toBe(200);
    await desk.close();
  });

  it('the office imports 盘龙区\'s table from a clerk\'s sheet: a broken rule blocks it, the corrected sheet goes in', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-stat-'));
    const sheet = (name: string, found: number, rectified: number) => clerkSheet(tmp, name, [['530103', '盘龙区', 2, found, rectified]]);
    const desk = await deskContext(suite.browser);
    const admin = await desk.newPage();
    const errors = watchErrors(admin);
    try {
      await signIn(admin, suite.server.baseUrl, 'admin', ADMIN_PASSWORD);
      await admin.getByTestId('menu-statistics-office').click();
      await admin.getByTestId('stat-office-import').click();
      await admin.waitForURL(/\/statistics\/import$/);

      await admin.locator('input[type=file]').setInputFiles(await sheet('bad.xlsx', 3, 5));
      const preview = admin.getByTestId('stat-import-preview');
      await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toContain('整改隐患数不能大于发现隐患数');
      expect(await admin.getByTestId('stat-import-row-2').getAttribute('data-action')).toBe('error');
      expect(await admin.getByTestId('stat-import-commit').isDisabled()).toBe(true);
      // The sheet names three indicators of many: the rest are named as not imported.
      expect(await admin.getByTestId('stat-import-missing-columns').innerText()).toContain('学习研讨参与人数');

      await admin.locator('input[type=file]').setInputFiles(await sheet('good.xlsx', 6, 5));
      await expect.poll(() => admin.getByTestId('stat-import-row-2').getAttribute('data-action'), { timeout: 10_000 }).toBe('create');
      const row = await admin.getByTestId('stat-import-row-2').innerText();
      expect(row).toContain('盘龙区');
      expect(row).toContain('排查发现隐患');
      await admin.screenshot({ path: path.join(shots, 'statistics-import.png'), fullPage: true });
      await admin.getByTestId('stat-import-commit').click();
      await expect.poll(() => admin.getByTestId('stat-import-done').count(), { timeout: 10_000 }).toBe(1);
      expect(await admin.getByTestId('stat-import-done').innerText()).toContain('新建 1 份统计表');

      await admin.getByTestId('stat-import-back').click();
      await admin.waitForURL(/\/statistics\/office$/);
      await expect.poll(() => admin.getByTestId('stat-office-row-530103').getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
      expect(errors).toEqual([]);
    } finally {
      await desk.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('the office imports a sheet with a merged cell and a row that would replace 官渡区\'s own table: both flagged, the clerk leaves the merged row out, takes the file\'s, and the roll-up shows it', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-stat-'));
    const sheet = (name: string, withMerged: boolean) => clerkSheet(
      tmp, name, [['530111', '官渡区', 8, 9, 9], ...(withMerged ? [['530112', '西山区', 1, 2, 2]] : [])],
      (ws) => { if (withMerged) ws.mergeCells('D3:E3'); },
    );
    const desk = await deskContext(suite.browser);
    const admin = await desk.newPage();
    const errors = watchErrors(admin);
    try {
      await signIn(admin, suite.server.baseUrl, 'admin', ADMIN_PASSWORD);
      // 官渡区 files its own table on the web first.
      await issueAccount(admin, { username: 'guandu_stats', displayName: '官渡区统计填报员', unitCode: '530111', roles: ['unit_reporter'] });
      const unitCtx = await deskContext(suite.browser);
      const unitPage = await unitCtx.newPage();
      await firstSignIn(unitPage, suite.server.baseUrl, 'guandu_stats');
      const campaignId = (await api<{ id: number }[]>(unitPage, 'GET', '/api/campaigns')).body[0]!.id;
      const guanduId = await unitIdByCode(unitPage, '530111');
      const own = await api(unitPage, 'POST', `/api/campaigns/${campaignId}/statistics/units/${guanduId}/submit`, {
        values: { study_sessions: 2, study_participants: 40, hazards_found: 3, hazards_rectified: 3 }, comments: {},
      });
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      await unitCtx.close();

      await admin.getByTestId('menu-statistics-office').click();
      await admin.getByTestId('stat-office-import').click();
      await admin.waitForURL(/\/statistics\/import$/);
      await admin.locator('input[type=file]').setInputFiles(await sheet('merged.xlsx', true));
      const preview = admin.getByTestId('stat-import-preview');
      // The merged cell is named by row, column letter and header; the own filing is flagged with its choice.
      await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toContain('第 3 行 D 列（排查发现隐患）：合并单元格 D3:E3 覆盖了数据');
      expect(await admin.getByTestId('stat-import-row-3').getAttribute('data-action')).toBe('error');
      expect(await admin.getByTestId('stat-import-own-2').innerText()).toContain('单位已自行填报（已提交）');
      expect(await admin.getByTestId('stat-import-commit').isDisabled()).toBe(true);
      await admin.screenshot({ path: path.join(shots, 'statistics-import-flags.png'), fullPage: true });

      // The clerk leaves the merged row out; the flagged row still waits for a choice.
      await admin.locator('input[type=file]').setInputFiles(await sheet('fixed.xlsx', false));
      await expect.poll(() => admin.getByTestId('stat-import-row-3').count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => admin.getByTestId('stat-import-pending').count(), { timeout: 10_000 }).toBe(1);
      expect(await admin.getByTestId('stat-import-commit').isDisabled()).toBe(true);
      await admin.getByTestId('stat-import-take-2').click();
      await expect.poll(() => admin.getByTestId('stat-import-commit').isDisabled()).toBe(false);
      await admin.getByTestId('stat-import-commit').click();
      await expect.poll(() => admin.getByTestId('stat-import-done').count(), { timeout: 10_000 }).toBe(1);
      expect(await admin.getByTestId('stat-import-done').innerText()).toContain('更新 1 份');

      // The roll-up shows the file's figure for 官渡区, not the unit's own.
      await admin.getByTestId('stat-import-back').click();
      await admin.waitForURL(/\/statistics\/office$/);
      await admin.getByRole('tab', { name: '数据汇总' }).click();
      const rollupRow = admin.getByTestId('stat-rollup-row-530111');
      await expect.poll(() => rollupRow.count(), { timeout: 15_000 }).toBe(1);
      const cells = (await rollupRow.locator('td').allInnerTexts()).map((x) => x.trim());
      expect(cells.slice(1, 3)).toEqual(['1', '8']); // one table; 学习研讨活动 = 8, from the file
      expect(errors).toEqual([]);
    } finally {
      await desk.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
