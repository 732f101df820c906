import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, overflowsHorizontally, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { api, changeOwnPassword, deskContext, login, phoneContext, signIn, unitIdByCode } from './support/ui';

const HEADER = ['单位代码', '单位名称', '简称', '单位类型', '上级单位代码'];

/** An xlsx the way a clerk fills the template: the header row, then one unit a row. */
async function writeSheet(file: string, rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

describeBrowser('office flows in Chromium: import units, copy the campaign, a read-only leader, a password reset', () => {
  const suite = browserSuite();
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-xlsx-'));
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function adminPage() {
    const ctx = await deskContext(suite.browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, suite.server.baseUrl, 'admin', ADMIN_PASSWORD);
    return { ctx, page, errors };
  }

  it('the office imports townships from Excel: a bad row blocks the import, a clean file goes in', async () => {
    const bad = await writeSheet(path.join(tmp, 'bad.xlsx'), [
      ['530102-001', '华山街道', '华山', '乡镇（街道）', '530102'],
      ['530199-001', '不存在街道', '不存在', '乡镇（街道）', '530199'],
    ]);
    const good = await writeSheet(path.join(tmp, 'good.xlsx'), [
      ['530102-001', '华山街道', '华山', '乡镇（街道）', '530102'],
      ['530102-002', '护国街道', '护国', '乡镇（街道）', '530102'],
    ]);
    const { ctx, page, errors } = await adminPage();

    await page.getByTestId('menu-units').click();
    await page.getByTestId('unit-import').click();
    await page.waitForURL(/\/units\/import$/);

    // The bad file: its second row names a parent that does not exist.
    await page.locator('input[type=file]').setInputFiles(bad);
    const preview = page.getByTestId('unit-import-preview');
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toContain('上级单位不存在');
    const badText = await preview.innerText();
    expect(badText).toContain('有错误');
    expect(badText).toContain('530199');
    expect(badText).toContain('新增'); // the good row is still previewed as a creation
    expect(await page.locator('body').innerText()).toContain('存在错误时不能导入');
    expect(await page.getByTestId('unit-import-commit').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(shots, 'office-import-error.png'), fullPage: true });

    // The preview wrote nothing.
    const afterPreview = await api<{ code: string }[]>(page, 'GET', '/api/units');
    expect(afterPreview.body.some((u) => u.code === '530102-001')).toBe(false);

    // The clean file: two townships under 五华区.
    await page.locator('input[type=file]').setInputFiles(good);
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toContain('护国街道');
    const goodText = await preview.innerText();
    expect(goodText).not.toContain('有错误');
    expect(goodText).not.toContain('530199');
    // The type in the words the clerk wrote, not the server's key.
    expect(goodText).toContain('乡镇（街道）');
    expect(goodText).not.toContain('township');
    await expect.poll(() => page.getByTestId('unit-import-commit').isEnabled()).toBe(true);
    await page.getByTestId('unit-import-commit').click();
    await expect.poll(() => page.locator('.ant-result-title').innerText(), { timeout: 10_000 }).toContain('导入完成');
    expect(await page.locator('.ant-result-subtitle').innerText()).toContain('新增 2 个单位');

    // On the server: both townships, under 五华区, of the township type.
    const units = (await api<{ id: number; code: string; name: string; type: string; parentId: number | null }[]>(page, 'GET', '/api/units')).body;
    const wuhua = units.find((u) => u.code === '530102')!;
    for (const [code, name] of [['530102-001', '华山街道'], ['530102-002', '护国街道']]) {
      const u = units.find((x) => x.code === code);
      expect(u, code).toBeDefined();
      expect(u!.name).toBe(name);
      expect(u!.type).toBe('township');
      expect(u!.parentId).toBe(wuhua.id);
    }

    // And in the unit table the office searches.
    await page.getByTestId('menu-units').click();
    await page.getByTestId('unit-search').locator('input').first().fill('530102-00');
    const table = page.getByTestId('unit-table');
    await expect.poll(() => table.innerText(), { timeout: 10_000 }).toContain('华山街道');
    const tableText = await table.innerText();
    expect(tableText).toContain('护国街道');
    expect(tableText).toContain('五华区'); // the branch that leads to them
    expect(tableText).toContain('乡镇（街道）');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the office copies the campaign to 2027 and the header offers both years', async () => {
    const { ctx, page, errors } = await adminPage();
    await expect.poll(() => page.getByTestId('campaign-title').innerText(), { timeout: 15_000 }).toContain('2022');

    await page.getByTestId('campaign-copy').click();
    const year = page.getByTestId('campaign-copy-year');
    await year.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2027');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.ant-modal input').first().inputValue()).toBe('2027');
    // The new plan's document number is asked for: without it the copy is refused in the form.
    await page.getByTestId('campaign-copy-submit').click();
    await expect.poll(() => page.locator('.ant-modal .ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await page.getByTestId('campaign-copy-docno').fill('昆安办〔2027〕12号');
    await page.getByTestId('campaign-copy-issued').click();
    await page.keyboard.type('2027-05-20');
    await page.keyboard.press('Enter');
    await page.getByTestId('campaign-copy-submit').click();

    // The overview now shows the 2027 plan, every date moved by five years.
    await expect.poll(() => page.getByTestId('campaign-title').innerText(), { timeout: 15_000 }).toContain('2027');
    expect(await page.getByTestId('campaign-title').innerText()).not.toContain('2022');
    expect(await page.locator('body').innerText()).toContain('2027年6月1日');
    expect(await page.locator('.ant-modal:visible').count()).toBe(0);

    // Both years in the campaign selector.
    await page.getByTestId('campaign-select').click();
    const options = page.locator('.ant-select-item-option');
    await expect.poll(() => options.count()).toBe(2);
    const labels = await options.allInnerTexts();
    expect(labels.some((l) => l.startsWith('2022'))).toBe(true);
    expect(labels.some((l) => l.startsWith('2027'))).toBe(true);
    await page.screenshot({ path: path.join(shots, 'office-campaign-2027.png') });

    // Back to 2022 through the selector: the overview follows.
    await options.filter({ hasText: /^2022/ }).click();
    await expect.poll(() => page.getByTestId('campaign-title').innerText(), { timeout: 10_000 }).toContain('2022');

    // On the server: two campaigns, the new one for 2027.
    const list = await api<{ year: number }[]>(page, 'GET', '/api/campaigns');
    expect(list.body.map((c) => c.year).sort()).toEqual([2022, 2027]);
    const copied = await api<{ definition: { identity: { documentNumber: string; issuedOn: string } } }>(page, 'GET', `/api/campaigns/${(list.body as unknown as { id: number; year: number }[]).find((c) => c.year === 2027)!.id}`);
    expect(copied.body.definition.identity).toMatchObject({ documentNumber: '昆安办〔2027〕12号', issuedOn: '2027-05-20' });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the office archives the 2027 plan and sees it read-only; the audit log says so in words', async () => {
    const { ctx, page, errors } = await adminPage();
    await expect.poll(() => page.getByTestId('campaign-title').innerText(), { timeout: 15_000 }).toMatch(/20(22|27)/);
    await page.getByTestId('campaign-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^2027/ }).click();
    await expect.poll(() => page.getByTestId('campaign-title').innerText(), { timeout: 10_000 }).toContain('2027');

    await page.getByTestId('campaign-archive').click();
    await page.getByTestId('campaign-archive-confirm').click();
    await expect.poll(() => page.getByTestId('campaign-archived-notice').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('campaign-archived-notice').innerText()).toContain('只能查看，不能修改');
    expect(await page.getByTestId('campaign-edit').count()).toBe(0);
    expect(await page.getByTestId('campaign-edition').innerText()).toContain('已归档');
    // Read-only on the server too, with the message the office reads.
    const list = await api<{ id: number; year: number }[]>(page, 'GET', '/api/campaigns');
    const id = list.body.find((c) => c.year === 2027)!.id;
    const refused = await api<{ message: string }>(page, 'POST', `/api/campaigns/${id}/obligations/liaison_form/fulfilments`, { unitId: await unitIdByCode(page, '530102') });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('已归档');

    // The audit log: words, not codes, and a filter offering the words.
    await page.getByTestId('menu-audit').click();
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.innerText(), { timeout: 10_000 }).toContain('归档活动');
    expect(await table.innerText()).toContain('复制活动方案');
    expect(await table.innerText()).not.toContain('campaign.archive');
    await page.getByTestId('audit-action-filter').click();
    await page.keyboard.type('归档活动');
    await page.locator('.ant-select-item-option').filter({ hasText: /^归档活动$/ }).click();
    await page.getByTestId('audit-search').click();
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').allInnerTexts()).every((r) => r.includes('归档活动')), { timeout: 10_000 }).toBe(true);
    expect(await table.innerText()).not.toContain('复制活动方案');
    await page.screenshot({ path: path.join(shots, 'office-audit-words.png') });

    // Reopened, so the rest of the suite finds both years writable.
    expect((await api(page, 'POST', `/api/campaigns/${id}/unarchive`)).status).toBe(200);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('a leader sees the office pages but cannot change anything, in the UI or through the API', async () => {
    const admin = await adminPage();
    const officeId = await unitIdByCode(admin.page, '530100-AW');
    const created = await api(admin.page, 'POST', '/api/accounts', {
      username: 'leader1',
      displayName: '分管领导',
      unitId: officeId,
      roles: ['leader'],
      password: 'leader-initial-2022',
    });
    expect(created.status).toBe(201);
    expect(admin.errors).toEqual([]);
    await admin.ctx.close();

    // First login: the own password before anything else.
    const ctx = await deskContext(suite.browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.baseUrl}/login`);
    await login(page, 'leader1', 'leader-initial-2022');
    await page.waitForURL(/\/profile/);
    await changeOwnPassword(page, 'leader-initial-2022', 'leader-own-pass-2022');
    await expect.poll(() => page.getByTestId('must-change').count(), { timeout: 10_000 }).toBe(0);

    // The menu: overview, progress, units, audit; no accounts, no to-do list.
    await expect.poll(() => page.getByTestId('menu-overview').count(), { timeout: 10_000 }).toBe(1);
    for (const key of ['overview', 'obligations', 'units', 'audit']) {
      expect(await page.getByTestId(`menu-${key}`).count(), key).toBe(1);
    }
    expect(await page.getByTestId('menu-obligations').innerText()).toContain('报送进度');
    expect(await page.getByTestId('menu-accounts').count()).toBe(0);
    expect(await page.getByTestId('menu-todo').count()).toBe(0);

    // The overview without the office's buttons.
    await page.getByTestId('menu-overview').click();
    await expect.poll(() => page.getByTestId('campaign-theme').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('campaign-edit').count()).toBe(0);
    expect(await page.getByTestId('campaign-copy').count()).toBe(0);

    // The unit list, read-only.
    await page.getByTestId('menu-units').click();
    await expect.poll(() => page.getByTestId('unit-table').innerText(), { timeout: 10_000 }).toContain('五华区');
    expect(await page.getByTestId('unit-new').count()).toBe(0);
    expect(await page.getByTestId('unit-import').count()).toBe(0);
    expect(await page.getByTestId('unit-table').innerText()).not.toContain('编辑');
    await page.screenshot({ path: path.join(shots, 'office-leader-units.png') });

    // The audit log is open to the leader: the account the office made for them is in it.
    await page.getByTestId('menu-audit').click();
    await expect.poll(() => page.getByTestId('audit-table').innerText(), { timeout: 10_000 }).toContain('新建账号');

    // The server refuses a write even with a valid session and CSRF token.
    const write = await api<{ code: string }>(page, 'POST', '/api/units', {
      code: 'X1',
      name: '领导新建的单位',
      type: 'department',
      parentId: officeId,
    });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('request.forbidden');
    expect((await api(page, 'GET', '/api/accounts')).status).toBe(403);
    expect(errors).toEqual([]);
    await ctx.close();

    // The overview on the leader's phone fits the screen.
    const phone = await phoneContext(suite.browser);
    const mobile = await phone.newPage();
    const mobileErrors = watchErrors(mobile);
    await signIn(mobile, suite.server.baseUrl, 'leader1', 'leader-own-pass-2022');
    await expect.poll(() => mobile.getByTestId('campaign-theme').count(), { timeout: 15_000 }).toBe(1);
    expect(await mobile.getByTestId('campaign-copy').count()).toBe(0);
    await mobile.screenshot({ path: path.join(shots, 'office-leader-overview-phone.png'), fullPage: true });
    const { scrollWidth, clientWidth } = await overflowsHorizontally(mobile);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(mobileErrors).toEqual([]);
    await phone.close();
  });

  it('the office resets a reporter password; the reporter signs in with it and must choose a new one', async () => {
    const { ctx, page, errors } = await adminPage();
    const wuhua = await unitIdByCode(page, '530102');
    const created = await api(page, 'POST', '/api/accounts', {
      username: 'wuhua.rep',
      displayName: '五华区联络员',
      unitId: wuhua,
      roles: ['unit_reporter'],
      password: 'forgotten-pass-2022',
    });
    expect(created.status).toBe(201);

    await page.getByTestId('menu-accounts').click();
    await expect.poll(() => page.getByTestId('account-table').innerText(), { timeout: 10_000 }).toContain('wuhua.rep');
    await page.getByTestId('account-reset-wuhua.rep').click();
    // The Popconfirm asks first.
    const confirm = page.locator('.ant-popconfirm .ant-btn-primary');
    await confirm.waitFor({ state: 'visible' });
    await confirm.click();
    const shown = page.getByTestId('generated-password');
    await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await shown.innerText()).trim().length).toBeGreaterThanOrEqual(10);
    const password = (await shown.innerText()).trim();
    expect(await page.locator('.ant-modal').innerText()).toContain('wuhua.rep');
    await page.screenshot({ path: path.join(shots, 'office-password-reset.png') });

    // The reset is in the audit log.
    const audit = await api<unknown>(page, 'GET', '/api/audit');
    expect(JSON.stringify(audit.body)).toContain('account.password_reset');
    expect(errors).toEqual([]);
    await ctx.close();

    const rep = await deskContext(suite.browser);
    const repPage = await rep.newPage();
    const repErrors = watchErrors(repPage);
    await repPage.goto(`${suite.server.baseUrl}/login`);
    // The old password no longer works.
    await login(repPage, 'wuhua.rep', 'forgotten-pass-2022');
    await expect.poll(() => repPage.getByTestId('login-error').innerText(), { timeout: 10_000 }).toContain('用户名或密码错误');
    await login(repPage, 'wuhua.rep', password);
    await repPage.waitForURL(/\/profile/);
    await expect.poll(() => repPage.getByTestId('must-change').count()).toBe(1);
    // Elsewhere is not reachable until the password is changed.
    await repPage.goto(`${suite.server.baseUrl}/todo`);
    await repPage.waitForURL(/\/profile/);
    await changeOwnPassword(repPage, password, 'wuhua-own-pass-2022');
    await expect.poll(() => repPage.getByTestId('must-change').count(), { timeout: 10_000 }).toBe(0);
    await repPage.goto(`${suite.server.baseUrl}/todo`);
    await expect.poll(() => repPage.getByTestId('todo-table').count(), { timeout: 15_000 }).toBe(1);
    expect(repErrors).toEqual([]);
    await rep.close();
  });
});
