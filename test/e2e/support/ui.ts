import type { Browser, BrowserContext, Page } from 'playwright-core';
import { codeFor, nextSecondFactorCode, rememberSecondFactor } from '../../support/second-factor';

/** A desktop window as the office uses it: 1366 wide, Chinese, Kunming time. */
export function deskContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/** A phone 390 px wide, touch, Chinese, Kunming time. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

interface SignInAnswer { account?: { restriction: string | null }; pendingToken?: string }

/**
 * Fills the login form and submits it (the page must be on /login). With two-factor on, enters the
 * code; an account that must set up two-factor does so on its profile page, reading the secret off
 * the page, and is then taken to the start page. An account that must change its password is left
 * on its profile page for the caller (changeOwnPassword enrols afterwards if needed).
 */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST');
  await page.getByTestId('login-submit').click();
  const first = await answered;
  if (first.status() !== 200) return;
  let answer = (await first.json()) as SignInAnswer;
  if (answer.pendingToken) {
    await page.getByTestId('login-code').fill(await nextSecondFactorCode(new URL(page.url()).origin, username));
    const second = page.waitForResponse((r) => r.url().endsWith('/api/auth/login/code') && r.request().method() === 'POST');
    await page.getByTestId('login-code-submit').click();
    const r = await second;
    if (r.status() !== 200) throw new Error(`second step of ${username}: ${r.status()} ${await r.text()}`);
    answer = (await r.json()) as SignInAnswer;
  }
  if (answer.account?.restriction === 'two_factor_enrolment') {
    await page.waitForURL(/\/profile/);
    await enrolTwoFactor(page, username);
    await page.goto(new URL('/', page.url()).toString());
  }
}

/** Sets up two-factor on the profile page as a person does: the secret from the page, the code from an authenticator (otplib). */
export async function enrolTwoFactor(page: Page, username: string): Promise<string[]> {
  await page.getByTestId('twofactor-start').click();
  const secret = (await page.getByTestId('twofactor-secret').innerText()).trim();
  await page.getByTestId('twofactor-code').fill(await codeFor(secret));
  await page.getByTestId('twofactor-confirm').click();
  await page.getByTestId('recovery-codes').waitFor({ timeout: 15_000 });
  const recovery = (await page.getByTestId('recovery-code').allInnerTexts()).map((c) => c.trim());
  rememberSecondFactor(new URL(page.url()).origin, username, secret, recovery);
  await page.getByTestId('recovery-done').click();
  return recovery;
}

/** Opens /login and signs in; waits until the app has left the login page. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await login(page, username, password);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
}

/** Chooses an option of a plain Ant Design Select by its title. */
export async function choose(page: Page, testId: string, title: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-item-option[title="${title}"]`).click();
}

/** Chooses in a searchable (Tree)Select: type a unique search text, wait for the match, take it with Enter. */
export async function pick(page: Page, testId: string, search: string, optionText: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  await page
    .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper')
    .filter({ hasText: optionText })
    .first()
    .waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Changes the own password on /profile (the forced first-login step, or any time). */
export async function changeOwnPassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(next);
  const changed = page.waitForResponse((r) => r.url().endsWith('/api/auth/password') && r.request().method() === 'POST');
  await page.getByTestId('password-submit').click();
  if ((await changed).status() !== 204) return;
  // A role that needs two-factor sets it up next, before anything else.
  const me = await api<{ username: string; restriction: string | null }>(page, 'GET', '/api/auth/me');
  if (me.body.restriction === 'two_factor_enrolment') {
    // The profile page may be navigating after the change: start it afresh.
    await page.goto(new URL('/profile', page.url()).toString());
    await enrolTwoFactor(page, me.body.username);
    await page.goto(new URL('/', page.url()).toString());
  }
}

export interface PageResponse<T = unknown> {
  status: number;
  body: T;
}

/**
 * Calls the API from inside the page, with the page's session cookie and the CSRF token
 * echoed from the sm_csrf cookie, the way the web app itself does.
 */
export async function api<T = unknown>(page: Page, method: string, url: string, body?: unknown): Promise<PageResponse<T>> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = document.cookie
        .split(';')
        .map((p) => p.trim().split('='))
        .find(([k]) => k === 'sm_csrf')?.[1];
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (csrf && method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrf);
      const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'include' });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed };
    },
    { method, url, body },
  ) as Promise<PageResponse<T>>;
}

/** The id of a unit by its code, as the signed-in account sees the unit list. */
export async function unitIdByCode(page: Page, code: string): Promise<number> {
  const r = await api<{ id: number; code: string }[]>(page, 'GET', '/api/units');
  if (r.status !== 200) throw new Error(`GET /api/units: ${r.status}`);
  const unit = r.body.find((u) => u.code === code);
  if (!unit) throw new Error(`no unit ${code}`);
  return unit.id;
}

/** The first password the office gives the accounts it issues in these flows. */
export const FIRST_PASSWORD = 'initial-pass-2022';

/** The office issues an account at a unit, as the accounts page does; the unit's id comes back. */
export async function issueAccount(admin: Page, a: { username: string; displayName: string; unitCode: string; roles: string[] }): Promise<number> {
  const unitId = await unitIdByCode(admin, a.unitCode);
  const created = await api(admin, 'POST', '/api/accounts', { username: a.username, displayName: a.displayName, unitId, roles: a.roles, password: FIRST_PASSWORD });
  if (created.status !== 201) throw new Error(`POST /api/accounts ${a.username}: ${created.status} ${JSON.stringify(created.body)}`);
  return unitId;
}

/** An issued account's first sign-in: it lands on its profile and must set its own password first. */
export async function firstSignIn(page: Page, baseUrl: string, username: string, own = 'my-own-pass-2022'): Promise<void> {
  await signIn(page, baseUrl, username, FIRST_PASSWORD);
  await page.waitForURL(/\/profile/);
  await changeOwnPassword(page, FIRST_PASSWORD, own);
  await page.getByTestId('must-change').waitFor({ state: 'detached', timeout: 15_000 });
}
