import path from 'node:path';
import { expect, it } from 'vitest';
import { describeBrowser, overflowsHorizontally, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { deskContext, login, phoneContext, pick } from './support/ui';

describeBrowser('foundation in Chromium: administrator sets up a unit and its reporter, who sees the to-do list', () => {
  const suite = browserSuite();

  it('admin logs in, switches language, creates a unit and an account; the account logs in on a phone and sees its to-do list', async () => {
    const desk = await deskContext(suite.browser);
    const page = await desk.newPage();
    const errors = watchErrors(page);

    await page.goto(`${suite.server.baseUrl}/`);
    await page.waitForURL(/\/login/);
    // Chinese is the default.
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);
    await login(page, 'admin', 'not-the-password');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    await login(page, 'admin', ADMIN_PASSWORD);

    // The campaign overview: the theme and the document number of the plan.
    await expect.poll(() => page.getByTestId('campaign-theme').innerText(), { timeout: 15_000 }).toContain('遵守安全生产法 当好第一责任人');
    expect(await page.getByTestId('campaign-docno').innerText()).toBe('昆安办〔2022〕35号');

    // To English and back.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('menu-units').innerText()).toMatch(/Units/);
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^en/);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('menu-units').innerText()).toMatch(/单位/);

    // A new city enterprise: enterprises owe the liaison form, the statistics table and the summary.
    await page.getByTestId('menu-units').click();
    await page.getByTestId('unit-new').click();
    await page.getByTestId('unit-code').fill('E90');
    await page.getByTestId('unit-name').fill('昆明滇池水务集团有限公司');
    await page.getByTestId('unit-short-name').fill('滇池水务');
    await page.getByTestId('unit-type').click();
    await page.locator('.ant-select-item-option[title="企业"]').click();
    expect(await page.getByTestId('unit-type').innerText()).toBe('企业');
    // Every unit sits under another: saving without a parent is stopped at that field, in Chinese.
    await page.getByTestId('unit-submit').click();
    const parentItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('unit-parent') });
    await expect.poll(() => parentItem.locator('.ant-form-item-explain-error').innerText()).toBe('此项为必填项');
    await pick(page, 'unit-parent', '530100-AW', '昆明市安全生产委员会办公室');
    await page.getByTestId('unit-submit').click();
    // The tree starts collapsed below the counties; the search opens the branch that matches.
    await page.getByTestId('unit-search').locator('input').first().fill('滇池水务');
    await expect.poll(() => page.getByTestId('unit-table').innerText(), { timeout: 10_000 }).toContain('昆明滇池水务集团有限公司');

    // Its reporter account.
    await page.getByTestId('menu-accounts').click();
    await page.getByTestId('account-new').click();
    await page.getByTestId('account-username').fill('huashan');
    await page.getByTestId('account-display-name').fill('水务集团联络员');
    await pick(page, 'account-unit', 'E90', '昆明滇池水务集团有限公司');
    // A new account is a reporter unless the office chooses otherwise.
    expect(await page.getByTestId('account-roles').innerText()).toContain('填报员');
    await page.getByTestId('account-password').fill('initial-pass-2022');
    await page.getByTestId('account-submit').click();
    await expect.poll(() => page.getByTestId('account-table').innerText(), { timeout: 10_000 }).toContain('huashan');
    expect(await page.getByTestId('account-table').innerText()).toContain('昆明滇池水务集团有限公司');
    await page.screenshot({ path: path.join(shots, 'accounts-desktop.png') });

    // Both writes are in the audit log, in words the office reads.
    await page.getByTestId('menu-audit').click();
    await expect.poll(() => page.getByTestId('audit-table').innerText(), { timeout: 10_000 }).toContain('新建账号');
    expect(await page.getByTestId('audit-table').innerText()).toContain('新建单位');

    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    expect(errors).toEqual([]);
    await desk.close();

    // The new account on a phone: first the own password, then the to-do list.
    const phone = await phoneContext(suite.browser);
    const mobile = await phone.newPage();
    const mobileErrors = watchErrors(mobile);
    await mobile.goto(`${suite.server.baseUrl}/login`);
    await login(mobile, 'huashan', 'initial-pass-2022');
    await mobile.waitForURL(/\/profile/);
    await mobile.getByTestId('password-current').fill('initial-pass-2022');
    await mobile.getByTestId('password-new').fill('my-own-pass-2022');
    await mobile.getByTestId('password-confirm').fill('my-own-pass-2022');
    await mobile.getByTestId('password-submit').click();
    await expect.poll(() => mobile.getByTestId('must-change').count()).toBe(0);

    await mobile.goto(`${suite.server.baseUrl}/todo`);
    const todo = mobile.getByTestId('todo-table');
    await expect.poll(() => todo.innerText(), { timeout: 15_000 }).toContain('联络员反馈表');
    // The list is the new enterprise's, not a namesake's.
    expect(await mobile.locator('body').innerText()).toContain('昆明滇池水务集团有限公司');
    const text = await todo.innerText();
    expect(text).toContain('活动进展情况统计表');
    // 2022's deadlines are long past and nothing was filed: the list says so.
    expect(text).toContain('已逾期');
    await mobile.screenshot({ path: path.join(shots, 'todo-phone.png'), fullPage: true });
    const { scrollWidth, clientWidth } = await overflowsHorizontally(mobile);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(mobileErrors).toEqual([]);
    await phone.close();
  });

  it('a unit reporter is kept out of the office pages, and the API refuses it too', async () => {
    const ctx = await suite.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(`${suite.server.baseUrl}/login`);
    await login(page, 'huashan', 'my-own-pass-2022');
    await expect.poll(() => page.getByTestId('menu-todo').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('menu-accounts').count()).toBe(0);
    expect(await page.getByTestId('menu-audit').count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/accounts')).status);
    expect(status).toBe(403);
    await ctx.close();
  });
});
