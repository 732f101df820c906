import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { deskContext, login, signIn } from './support/ui';

const VALUES: Record<string, string> = {
  liaison_name: '赵敏',
  liaison_position: '综合科科长',
  liaison_office_phone: '0871-63104019',
  liaison_mobile: '1388888888', // ten digits: refused
  liaison_email: 'zhaomin@panlong.gov.cn',
  leader_name: '钱进',
  leader_position: '副区长',
  leader_phone: '0871-63104020',
};

/** The error text antd shows under the form item that holds this input. */
const fieldError = (page: Page, testId: string) =>
  page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');

describeBrowser('liaison form in Chromium: a county files 附件1, the office sees it and exports the consolidated sheet', () => {
  const suite = browserSuite();

  it('a 盘龙区 reporter fixes a bad mobile number and files version 1; the office sees it late and downloads the xlsx', async () => {
    // The office signs in and issues the county's reporter account (through the API, as the web app does).
    const desk = await deskContext(suite.browser);
    const admin = await desk.newPage();
    const adminErrors = watchErrors(admin);
    await admin.goto(`${suite.server.baseUrl}/login`);
    await login(admin, 'admin', ADMIN_PASSWORD);
    await expect.poll(() => admin.getByTestId('menu-liaisons').count(), { timeout: 15_000 }).toBe(1);
    const created = await admin.evaluate(async () => {
      const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('sm_csrf='))!.split('=')[1]!);
      const units = (await (await fetch('/api/units')).json()) as { id: number; code: string }[];
      const unitId = units.find((u) => u.code === '530103')!.id;
      const r = await fetch('/api/accounts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ username: 'panlong_liaison', displayName: '盘龙区填报员', unitId, roles: ['unit_reporter'], password: 'initial-pass-2022' }),
      });
      return r.status;
    });
    expect(created).toBe(201);

    // The reporter: first its own password, then the form.
    const ctx = await deskContext(suite.browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.baseUrl}/login`);
    await login(page, 'panlong_liaison', 'initial-pass-2022');
    await page.waitForURL(/\/profile/);
    await page.getByTestId('password-current').fill('initial-pass-2022');
    await page.getByTestId('password-new').fill('my-own-pass-2022');
    await page.getByTestId('password-confirm').fill('my-own-pass-2022');
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.getByTestId('must-change').count()).toBe(0);

    await page.getByTestId('menu-liaison').click();
    await page.waitForURL(/\/liaison$/);
    await expect.poll(() => page.getByTestId('liaison-current-version').innerText(), { timeout: 15_000 }).toBe('尚未报送');
    expect(await page.locator('body').innerText()).toContain('盘龙区');
    for (const [key, value] of Object.entries(VALUES)) await page.getByTestId(`liaison-${key}`).fill(value);
    await page.getByTestId('liaison-submit').click();
    // The server's Chinese message lands on the field it names.
    await expect.poll(() => fieldError(page, 'liaison-liaison_mobile').innerText(), { timeout: 10_000 })
      .toContain('“1388888888”不是手机号码');
    // The headline names the form's label, never the internal key (values.liaison_mobile).
    const alert = await page.locator('.ant-alert-error').first().innerText();
    expect(alert).toContain('手机：');
    expect(alert).not.toContain('values.');
    expect(await fieldError(page, 'liaison-liaison_email').count()).toBe(0);
    expect(await page.getByTestId('liaison-current-version').innerText()).toBe('尚未报送');
    await page.screenshot({ path: path.join(shots, 'liaison-error.png'), fullPage: true });

    await page.getByTestId('liaison-liaison_mobile').fill('13888888888');
    await page.getByTestId('liaison-submit').click();
    await expect.poll(() => page.getByTestId('liaison-current-version').innerText(), { timeout: 10_000 }).toBe('v1');
    // 2022's deadline is long past on the machine's clock: the form is filed late.
    expect(await page.getByTestId('liaison-status').innerText()).toBe('逾期');
    const history = await page.getByTestId('liaison-history').innerText();
    expect(history).toContain('v1');
    expect(history).toContain('13888888888');
    // antd fades the old message out: it stays in the DOM for the length of the animation.
    await expect.poll(() => fieldError(page, 'liaison-liaison_mobile').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'liaison-filed.png'), fullPage: true });
    // The to-do list counts it.
    await page.getByTestId('menu-todo').click();
    await expect.poll(() => page.getByTestId('todo-table').innerText(), { timeout: 10_000 }).toContain('逾期完成');
    expect(errors).toEqual([]);
    await ctx.close();

    // The office: the county is late, another is missing; the filter narrows to counties.
    await admin.getByTestId('menu-liaisons').click();
    await admin.waitForURL(/\/liaisons$/);
    const table = admin.getByTestId('liaison-table');
    await expect.poll(() => table.innerText(), { timeout: 15_000 }).toContain('盘龙区');
    const panlongRow = table.locator('tr', { hasText: '盘龙区' });
    expect(await panlongRow.innerText()).toContain('逾期');
    expect(await panlongRow.innerText()).toContain('13888888888');
    expect(await table.locator('tr', { hasText: '五华区' }).innerText()).toContain('未报送');
    await admin.getByTestId('liaison-unit-type').click();
    await admin.locator('.ant-select-item-option[title="县（市）区"]').click();
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').count()), { timeout: 10_000 }).toBe(14);
    await admin.screenshot({ path: path.join(shots, 'liaisons-office.png'), fullPage: true });

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('liaison-export').click()]);
    expect(download.suggestedFilename()).toContain('联络员反馈表');
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('联络员反馈表');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect((ws.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['序号', '单位', '联络员姓名']);
    expect(ws.rowCount).toBe(2 + 14);
    let found = false;
    ws.eachRow((row, n) => {
      if (n > 2 && row.getCell(2).value === '盘龙区') {
        found = true;
        expect(row.getCell(3).value).toBe('赵敏');
        expect(row.getCell(6).value).toBe('13888888888');
      }
    });
    expect(found).toBe(true);
    expect(adminErrors).toEqual([]);
    await desk.close();
  });

  it('the office imports a filled 附件1 for 五华区 through the import page: preview, confirm, and the list shows it filed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('附件1');
    ws.addRow(['联络员反馈表']);
    ws.mergeCells(1, 1, 1, 11);
    ws.addRow(['序号', '单位', '联络员姓名', '联络员职务', '办公电话', '手机', '传真', '电子邮箱', '分管领导姓名', '分管领导职务', '分管领导联系电话']);
    const wuhuaRow = ws.addRow([1, '五华区', '孙丽', '办公室主任', '0871-63100001', '1390000000', '', 'sunli@wuhua.gov.cn', '周平', '副区长', '0871-63100002']);
    const bad = path.join(shots, 'liaison-import-bad.xlsx');
    await wb.xlsx.writeFile(bad);
    wuhuaRow.getCell(6).value = '13900000001';
    const file = path.join(shots, 'liaison-import.xlsx');
    await wb.xlsx.writeFile(file);

    const ctx = await deskContext(suite.browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, suite.server.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('menu-liaisons').click();
    await page.waitForURL(/\/liaisons$/);
    const table = page.getByTestId('liaison-table');
    await expect.poll(() => table.locator('tr', { hasText: '五华区' }).innerText(), { timeout: 15_000 }).toContain('未报送');

    await page.getByTestId('liaison-import').click();
    await page.waitForURL(/\/liaisons\/import$/);
    // A ten-digit mobile number: the row is an error, named by its column, and nothing can be confirmed.
    await page.locator('input[type=file]').setInputFiles(bad);
    const preview = page.getByTestId('liaison-import-preview');
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toContain('不是手机号码');
    expect(await preview.innerText()).toContain('有错误');
    // Named where the clerk looks in the sheet: row, column letter, header.
    expect(await preview.innerText()).toContain('第 3 行 F 列（手机）：“1390000000”不是手机号码');
    expect(await page.getByTestId('liaison-import-commit').isDisabled()).toBe(true);

    await page.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).not.toContain('有错误');
    const text = await preview.innerText();
    expect(text).toContain('新增');
    expect(text).toContain('13900000001');
    expect(text).toContain('联络员姓名');
    expect(await page.getByTestId('liaison-import-summary').innerText()).toContain('新增 1');
    await page.screenshot({ path: path.join(shots, 'liaison-import-preview.png'), fullPage: true });

    await expect.poll(() => page.getByTestId('liaison-import-commit').isEnabled()).toBe(true);
    await page.getByTestId('liaison-import-commit').click();
    await page.waitForURL(/\/liaisons$/, { timeout: 10_000 });
    const row = page.getByTestId('liaison-table').locator('tr', { hasText: '五华区' });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('13900000001');
    const filed = await row.innerText();
    expect(filed).toContain('v1');
    // 2022's deadline is long past on the machine's clock: filed, late.
    expect(filed).toContain('逾期');
    expect(filed).not.toContain('未报送');
    await page.screenshot({ path: path.join(shots, 'liaison-import-done.png'), fullPage: true });
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
