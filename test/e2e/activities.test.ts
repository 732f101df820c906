import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, overflowsHorizontally, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { api, firstSignIn, issueAccount, choose, deskContext, phoneContext, signIn } from './support/ui';

const WUHUA = '530102';
const TITLE = '危险化学品泄漏应急演练';

const status = (page: Page) => page.getByTestId('act-status').getAttribute('data-status');

/** The <input> of an Ant Design date picker, whichever element carries the test id. */
const dateInput = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

/** Two small JPEGs of different colours, as a phone's camera roll would offer them. */
async function photos(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const [name, colour] of [['drill-1.jpg', '#c0392b'], ['drill-2.jpg', '#2e86c1']] as const) {
    const file = path.join(dir, name);
    await sharp({ create: { width: 800, height: 600, channels: 3, background: colour } }).jpeg({ quality: 80 }).toFile(file);
    out.push(file);
  }
  return out;
}

describeBrowser('activities in Chromium: a county records a drill with photos, the office accepts it, the table is pre-filled, the public sees it', () => {
  const suite = browserSuite();

  it('五华区 records and submits a drill with two photos on a phone; the office accepts; the statistics pre-fill and the public page show it', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-act-'));
    const desk = await deskContext(suite.browser);
    try {
      // The office issues the county's reporter account, as the accounts page does.
      const admin = await desk.newPage();
      const adminErrors = watchErrors(admin);
      await signIn(admin, suite.server.baseUrl, 'admin', ADMIN_PASSWORD);
      await issueAccount(admin, { username: 'wuhua_act', displayName: '五华区活动填报员', unitCode: WUHUA, roles: ['unit_reporter'] });
      const campaigns = await api<{ id: number; code: string }[]>(admin, 'GET', '/api/campaigns');
      const code = campaigns.body[0]!.code;

      // The reporter, on a phone, records the drill from the to-do list's missing task.
      const phone = await phoneContext(suite.browser);
      const page = await phone.newPage();
      const errors = watchErrors(page);
      await firstSignIn(page, suite.server.baseUrl, 'wuhua_act');

      await page.goto(`${suite.server.baseUrl}/todo`);
      const missing = page.getByTestId('todo-missing-activity_coverage');
      await expect.poll(() => missing.getAttribute('data-count'), { timeout: 15_000 }).toBe('7');
      await page.getByTestId('todo-missing-activity_coverage-drills').click();
      await page.waitForURL(/\/activities\/new\?category=drills$/);
      await expect.poll(() => page.getByTestId('act-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('new');
      expect(await page.getByTestId('act-category').innerText()).toContain('全领域应急演练');

      await choose(page, 'act-forms', '实战化应急演练');
      await page.keyboard.press('Escape');
      await page.getByTestId('act-title').fill(TITLE);
      await dateInput(page, 'act-start').click();
      await dateInput(page, 'act-start').fill('2022-06-16');
      await page.keyboard.press('Enter');
      // The end day follows the start day until it is set on its own.
      await expect.poll(() => dateInput(page, 'act-end').inputValue()).toBe('2022-06-16');
      await page.getByTestId('act-participants').fill('300');
      // A county's activity is placed in the county itself unless said otherwise.
      expect(await page.getByTestId('act-county').innerText()).toContain('五华区');
      await page.getByTestId('act-address').fill('普吉路 88 号');
      await page.getByTestId('act-public').click();
      expect(await page.getByTestId('act-public').getAttribute('aria-checked')).toBe('true');

      // What it adds to the statistics table follows the chosen form and participants.
      await expect.poll(() => page.getByTestId('act-contrib-drills_held').inputValue()).toBe('1');
      await expect.poll(() => page.getByTestId('act-contrib-drill_participants').inputValue()).toBe('300');
      expect(await page.getByTestId('act-contrib').getAttribute('data-own')).toBe('false');

      // Two photos from the phone, uploaded before the record is first saved.
      await page.locator('[data-testid="act-upload"] input[type=file]').setInputFiles(await photos(tmp));
      for (const n of [0, 1]) {
        const img = page.getByTestId(`act-attachment-${n}`).locator('img');
        await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
      }
      expect(await page.getByTestId('act-uploading').count()).toBe(0);
      const { scrollWidth, clientWidth } = await overflowsHorizontally(page);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      await page.screenshot({ path: path.join(shots, 'activity-phone-form.png'), fullPage: true });

      await page.getByTestId('act-submit').click();
      await page.waitForURL(/\/activities\/\d+$/, { timeout: 15_000 });
      await expect.poll(() => status(page), { timeout: 15_000 }).toBe('submitted');
      const id = Number(/\/activities\/(\d+)$/.exec(page.url())![1]);
      expect(await page.getByTestId('act-page').getAttribute('data-activity-id')).toBe(String(id));
      // Both photos went with the record, in the order they were chosen; a submitted record is read-only.
      expect(await page.getByTestId('act-attachment-1').count()).toBe(1);
      expect(await page.getByTestId('act-submit').count()).toBe(0);
      expect(await page.getByTestId('act-accept').count()).toBe(0);

      // The office finds it in the list, opens it and accepts it.
      await admin.getByTestId('menu-activities').click();
      await admin.waitForURL(/\/activities$/);
      const row = admin.getByTestId(`act-row-${id}`);
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
      expect(await row.innerText()).toContain(TITLE);
      await row.click();
      await admin.waitForURL(new RegExp(`/activities/${id}$`));
      await expect.poll(() => status(admin), { timeout: 15_000 }).toBe('submitted');
      expect(await admin.getByTestId('act-attachment-0').count()).toBe(1);
      await admin.getByTestId('act-accept').click();
      await admin.getByTestId('act-accept-confirm').click();
      await expect.poll(() => status(admin), { timeout: 10_000 }).toBe('accepted');
      expect(await admin.getByTestId('act-accept').count()).toBe(0);
      await admin.screenshot({ path: path.join(shots, 'activity-accepted.png'), fullPage: true });

      // The calendar has it on its day, beside the campaign's own dates; the gallery has its photos.
      await admin.getByTestId('menu-activity-calendar').click();
      await admin.waitForURL(/\/activities\/calendar/);
      const day = admin.getByTestId('cal-day-2022-06-16');
      await expect.poll(() => day.getAttribute('data-count'), { timeout: 15_000 }).toBe('1');
      expect(await admin.getByTestId(`cal-item-${id}`).innerText()).toContain(TITLE);
      expect(await admin.getByTestId('cal-milestone-launch_ceremony').count()).toBe(1);
      await admin.getByTestId('menu-media').click();
      await admin.waitForURL(/\/media$/);
      await expect.poll(() => admin.getByTestId('media-grid').getAttribute('data-total'), { timeout: 15_000 }).toBe('2');
      const [first] = await admin.locator('[data-testid^="media-item-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('media-item-'.length)));
      await admin.getByTestId(`media-open-${first}`).click();
      const preview = admin.getByTestId('media-preview-image');
      await expect.poll(() => preview.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await admin.getByTestId('media-original').count()).toBe(1);
      await admin.getByTestId('media-feature').click();
      await expect.poll(() => admin.getByTestId(`media-item-${first}`).getAttribute('data-featured'), { timeout: 10_000 }).toBe('true');
      expect(adminErrors).toEqual([]);

      // The reporter's table starts from the accepted drill: +1 drill held, +300 participants.
      await page.goto(`${suite.server.baseUrl}/statistics`);
      const prefill = (key: string) => page.getByTestId(`stat-prefill-${key}`).getAttribute('data-prefill');
      await expect.poll(() => prefill('drills_held'), { timeout: 15_000 }).toBe('1');
      expect(await prefill('drill_participants')).toBe('300');
      expect(await page.getByTestId('stat-prefill-drills_held').innerText()).toContain('活动预填 1');
      expect(await page.getByTestId('stat-input-drills_held').inputValue()).toBe('1');
      expect(await page.getByTestId('stat-input-drill_participants').inputValue()).toBe('300');
      // Indicators no accepted activity mentions are left to the unit.
      expect(await page.getByTestId('stat-prefill-study_sessions').count()).toBe(0);
      await page.getByTestId('stat-prefill-drills_held').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, 'activity-statistics-prefill.png') });

      // A figure changed from the pre-fill is allowed with a reason, and both numbers stay visible.
      await page.getByTestId('stat-input-drill_participants').fill('320');
      const override = page.getByTestId('stat-finding-override.drill_participants');
      await expect.poll(() => override.getAttribute('data-kind'), { timeout: 10_000 }).toBe('override');
      expect(await override.getAttribute('data-severity')).toBe('soft');
      expect(await page.getByTestId('stat-override-drill_participants').getAttribute('data-value')).toBe('320');
      await expect.poll(() => page.getByTestId('stat-submit').isDisabled(), { timeout: 10_000 }).toBe(true);
      await page.getByTestId('stat-comment-override.drill_participants').fill('另有 20 人参加的演练未在平台登记');
      await expect.poll(() => page.getByTestId('stat-submit').isDisabled(), { timeout: 10_000 }).toBe(false);
      await page.getByTestId('stat-save').click();
      await expect.poll(() => page.getByTestId('stat-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('draft');
      const overrides = page.getByTestId('stat-overrides-drill_participants');
      await expect.poll(() => overrides.count(), { timeout: 10_000 }).toBe(1);
      expect(await overrides.innerText()).toContain('填报 320，活动合计 300');
      expect(await overrides.innerText()).toContain('另有 20 人参加的演练');

      // And the drills task counts as covered.
      await page.goto(`${suite.server.baseUrl}/activities`);
      await expect.poll(() => page.getByTestId('act-coverage-drills').getAttribute('data-state'), { timeout: 15_000 }).toBe('covered');
      expect(await page.getByTestId('act-coverage').getAttribute('data-missing')).toBe('6');
      expect(errors).toEqual([]);
      await phone.close();

      // Anyone, signed in or not, on the narrowest phone: the public page shows the drill with its photo.
      const anon = await suite.browser.newContext({
        viewport: { width: 360, height: 780 },
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const visitor = await anon.newPage();
      const visitorErrors = watchErrors(visitor);
      const apiCalls: string[] = [];
      visitor.on('request', (r) => {
        const p = new URL(r.url()).pathname;
        if (p.startsWith('/api/')) apiCalls.push(p);
      });
      await visitor.goto(`${suite.server.baseUrl}/campaign/${code}`);
      const card = visitor.getByTestId(`public-activity-${id}`);
      await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
      const text = await card.innerText();
      for (const part of [TITLE, '2022年6月16日', '五华区', '普吉路 88 号', '五华']) expect(text).toContain(part);
      expect(await visitor.getByTestId('public-campaign-title').innerText()).toContain('安全生产月');
      const photo = visitor.getByTestId(`public-photo-${id}`);
      await photo.scrollIntoViewIfNeeded();
      await expect.poll(() => photo.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(new URL(await photo.evaluate((el) => (el as HTMLImageElement).currentSrc)).pathname).toMatch(/^\/api\/public\/media\/\d+\/display$/);
      const width = await overflowsHorizontally(visitor);
      expect(width.scrollWidth).toBeLessThanOrEqual(width.clientWidth);
      // Only the public API: no session is asked for, so nothing sends the visitor to the login page.
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(apiCalls.filter((p) => !p.startsWith('/api/public/'))).toEqual([]);
      expect(visitor.url()).toContain(`/campaign/${code}`);
      await visitor.screenshot({ path: path.join(shots, 'activity-public-phone.png'), fullPage: true });
      expect(visitorErrors).toEqual([]);
      await anon.close();
    } finally {
      await desk.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
