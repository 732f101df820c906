import path from 'node:path';
import { expect, it } from 'vitest';
import { generate } from 'otplib';
import { describeBrowser, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { api, deskContext, FIRST_PASSWORD, issueAccount, signIn } from './support/ui';

describeBrowser('two-factor in Chromium: a case handler of the city desk enrols, signs in with a code and with a recovery code; the office resets it', () => {
  const suite = browserSuite();

  it('enrols with a code computed from the secret on the page, logs out, signs in with password and code, then with a recovery code; a used recovery code is refused', async () => {
    const base = suite.server.baseUrl;
    const office = await (await deskContext(suite.browser)).newPage();
    await signIn(office, base, 'admin', ADMIN_PASSWORD);
    await issueAccount(office, { username: 'desk_2fa', displayName: '市级受理员', unitCode: '530100-AW', roles: ['case_handler'] });

    const ctx = await deskContext(suite.browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const fillLogin = async (password: string) => {
      await page.goto(`${base}/login`);
      await page.getByTestId('login-username').fill('desk_2fa');
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
    };

    // First sign-in: the own password, then the second factor before anything else (the desk sees reporters).
    await fillLogin(FIRST_PASSWORD);
    await page.waitForURL(/\/profile/);
    await page.getByTestId('password-current').fill(FIRST_PASSWORD);
    await page.getByTestId('password-new').fill('Desk-own-pass-2022');
    await page.getByTestId('password-confirm').fill('Desk-own-pass-2022');
    await page.getByTestId('password-submit').click();
    await page.goto(`${base}/profile`);
    await page.getByTestId('must-enrol').waitFor({ timeout: 15_000 });
    expect((await api(page, 'GET', '/api/campaigns')).status).toBe(403);

    // Set-up: a QR code and the secret as text; the code comes from an authenticator (otplib here).
    await page.getByTestId('twofactor-start').click();
    await page.getByTestId('twofactor-qr').waitFor();
    const secret = (await page.getByTestId('twofactor-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.getByTestId('twofactor-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await page.getByTestId('twofactor-code').fill(await generate({ secret }));
    await page.getByTestId('twofactor-confirm').click();
    await page.getByTestId('recovery-codes').waitFor({ timeout: 15_000 });
    const recovery = (await page.getByTestId('recovery-code').allInnerTexts()).map((c) => c.trim());
    expect(recovery).toHaveLength(10);
    await page.screenshot({ path: path.join(shots, 'two-factor-recovery-codes.png') });
    await page.getByTestId('recovery-done').click();
    await expect.poll(() => page.getByTestId('twofactor-state').innerText()).toBe('已启用');
    await expect.poll(async () => (await api(page, 'GET', '/api/campaigns')).status).toBe(200);

    await page.goto(`${base}/`);
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);

    // Password, then the code of the next time step (the enrolment's own code cannot be used again).
    await fillLogin('Desk-own-pass-2022');
    await page.getByTestId('login-code').waitFor();
    expect(page.url()).toMatch(/\/login/);
    const enrolledStep = Math.floor(Date.now() / 30_000);
    await page.waitForFunction((s) => Math.floor(Date.now() / 30_000) > s, enrolledStep, { timeout: 35_000, polling: 500 });
    await page.getByTestId('login-code').fill(await generate({ secret }));
    await page.getByTestId('login-code-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
    expect((await api<{ username: string }>(page, 'GET', '/api/auth/me')).body.username).toBe('desk_2fa');
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);

    // A recovery code instead of the phone.
    await fillLogin('Desk-own-pass-2022');
    await page.getByTestId('login-code').fill(recovery[0]!);
    await page.getByTestId('login-code-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
    // Left signed in there (its cookies gone from this browser): the office lists that session below.
    await ctx.clearCookies();

    // The same recovery code again: refused, still on the code step.
    await fillLogin('Desk-own-pass-2022');
    await page.getByTestId('login-code').fill(recovery[0]!);
    await page.getByTestId('login-code-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('验证码或恢复码不正确');
    expect(page.url()).toMatch(/\/login/);
    expect((await api(page, 'GET', '/api/auth/me')).status).toBe(401);
    await page.screenshot({ path: path.join(shots, 'two-factor-refused.png') });
    expect(errors).toEqual([]);
    await ctx.close();

    // The office's side: the account's sessions, and a reset for a lost phone, from the accounts page.
    await office.goto(`${base}/accounts`);
    await office.getByTestId('account-security-desk_2fa').click();
    await office.getByTestId('account-security').waitFor();
    await expect.poll(() => office.getByTestId('account-security').getByTestId('session-revoke').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await office.getByTestId('account-reset-two-factor').click();
    await office.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(async () => {
      const list = await api<{ username: string; twoFactorEnabled: boolean }[]>(office, 'GET', '/api/accounts');
      return list.body.find((a) => a.username === 'desk_2fa')?.twoFactorEnabled;
    }, { timeout: 10_000 }).toBe(false);
  });
});
