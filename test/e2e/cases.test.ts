import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, overflowsHorizontally, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { api, firstSignIn, issueAccount, deskContext, pick, signIn } from './support/ui';

const REPLY = '经核查情况属实，已责令当事单位清除钢瓶并配置灭火器，感谢您的举报。';
const QUESTION = '请问钢瓶存放在门店的哪个位置？';
const ANSWER = '在后门楼梯下面，共六个。';

/** A phone photo with the place it was taken in its EXIF, as a camera roll offers it. */
async function gpsPhoto(dir: string): Promise<string> {
  const file = path.join(dir, 'IMG_0420.jpg');
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#8e5a2b' } })
    .jpeg({ quality: 85 })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 2/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 42/1 0/1' } })
    .toFile(file);
  return file;
}

/** Opens a case action's dialog, lets `fill` fill it, and submits it. */
async function step(page: Page, action: string, fill: () => Promise<void> = async () => {}) {
  await page.getByTestId(`case-action-${action}`).click();
  await fill();
  await page.getByTestId('case-action-submit').click();
}

const caseStatus = (page: Page) => page.getByTestId('case-status').getAttribute('data-status');

describeBrowser('public reporting in Chromium: a citizen reports from a phone, the office and the county handle it, the citizen reads the reply', () => {
  // A light proof of work keeps the test quick; the rule is the same at any difficulty.
  const suite = browserSuite({ REPORT_POW_BITS: '10' });

  it('an anonymous citizen reports with a photo and keeps the receipt; the office accepts and assigns; the county verifies, rectifies and replies; the citizen reads it and answers', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-case-'));
    const base = suite.server.baseUrl;

    // 1. A citizen on a 360-pixel phone, from 五华区's poster, without an account.
    const phone = await suite.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const citizen = await phone.newPage();
    const citizenErrors = watchErrors(citizen);
    await citizen.goto(`${base}/report?unit=530102`);
    await citizen.getByTestId('report-category').waitFor();
    expect(await citizen.locator('h1, header').first().innerText()).toMatch(/安全/);
    await citizen.getByTestId('report-category').selectOption('gas_safety');
    await citizen.getByTestId('report-county').selectOption({ label: '五华区' });
    await citizen.getByTestId('report-address').fill('五华区某街道 12 号');
    await citizen.getByTestId('report-enterprise').fill('某燃气经营部');
    await citizen.getByTestId('report-description').fill('门店内违规存放多个液化石油气钢瓶，无任何消防器材。');
    await citizen.getByTestId('report-files').setInputFiles(await gpsPhoto(tmp));
    expect(await overflowsHorizontally(citizen)).toMatchObject({ scrollWidth: expect.any(Number) });
    const { scrollWidth, clientWidth } = await overflowsHorizontally(citizen);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await citizen.screenshot({ path: path.join(shots, 'report-phone.png'), fullPage: true });
    await citizen.getByTestId('report-submit').click();
    const receiptText = citizen.getByTestId('report-receipt');
    await receiptText.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await citizen.screenshot({ path: path.join(shots, 'report-failed.png'), fullPage: true });
      throw e;
    });
    const receipt = (await receiptText.innerText()).trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(citizen.url()).not.toContain(receipt);
    const reference = (await citizen.getByTestId('report-reference').innerText()).match(/2022-\d{6,}/)![0];
    await citizen.screenshot({ path: path.join(shots, 'report-receipt.png'), fullPage: true });

    // 2. The office's desk accepts it and hands it to 五华区, whose handler account it issues.
    const desk = await deskContext(suite.browser);
    const admin = await desk.newPage();
    const adminErrors = watchErrors(admin);
    await signIn(admin, base, 'admin', ADMIN_PASSWORD);
    await issueAccount(admin, { username: 'wuhua_cases', displayName: '五华区办案人员', unitCode: '530102', roles: ['case_handler'] });
    await admin.goto(`${base}/cases`);
    const row = admin.getByTestId('cases-table').locator('tr', { hasText: reference });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await admin.waitForURL(/\/cases\/\d+$/);
    await expect.poll(() => caseStatus(admin), { timeout: 15_000 }).toBe('received');
    // The photo reached the office without its GPS position; the reporter left no name.
    await step(admin, 'accept');
    await expect.poll(() => caseStatus(admin)).toBe('accepted');
    await step(admin, 'assign', () => pick(admin, 'case-assign-unit', '五华', '五华区'));
    await expect.poll(() => caseStatus(admin)).toBe('assigned');
    await admin.screenshot({ path: path.join(shots, 'case-office.png'), fullPage: true });

    // The desk adds its own photo as taken, GPS and all: the original is offered to the desk only.
    const caseId = Number(reference.slice(5));
    type Files = { files: { id: number; addedBy: string }[] };
    await admin.locator('[data-testid="case-upload-evidence"] input[type=file]').setInputFiles(await gpsPhoto(tmp));
    await expect.poll(async () => (await api<Files>(admin, 'GET', `/api/campaigns/1/cases/${caseId}`)).body.files.length, { timeout: 15_000 }).toBe(2);
    const evidence = (await api<Files>(admin, 'GET', `/api/campaigns/1/cases/${caseId}`)).body.files;
    const staffPhoto = evidence.find((f) => f.addedBy === 'staff')!.id;
    const citizenPhoto = evidence.find((f) => f.addedBy === 'reporter')!.id;
    await admin.getByTestId(`case-file-original-${staffPhoto}`).waitFor({ timeout: 15_000 });
    expect(await admin.getByTestId(`case-file-original-${citizenPhoto}`).count()).toBe(1);

    // 3. 五华区's handler verifies, asks the reporter a question, orders rectification, closes with a reply.
    const county = await (await deskContext(suite.browser)).newPage();
    const countyErrors = watchErrors(county);
    await firstSignIn(county, base, 'wuhua_cases');
    await county.goto(`${base}/cases`);
    const mine = county.getByTestId('cases-table').locator('tr', { hasText: reference });
    await mine.waitFor({ timeout: 15_000 });
    await mine.click();
    await expect.poll(() => caseStatus(county), { timeout: 15_000 }).toBe('assigned');
    // The county gets the desk's photo as a copy without metadata, and no link to its original.
    await county.getByTestId(`case-file-copy-${staffPhoto}`).waitFor();
    expect(await county.getByTestId(`case-file-original-${staffPhoto}`).count()).toBe(0);
    expect(await county.getByTestId(`case-file-original-${citizenPhoto}`).count()).toBe(1);
    const copy = await api<unknown>(county, 'GET', (await county.getByTestId(`case-file-copy-${staffPhoto}`).getAttribute('href'))!);
    expect(copy.status).toBe(200);
    expect((await api<unknown>(county, 'GET', `/api/case-files/${staffPhoto}/original`)).status).toBe(403);
    await county.getByTestId('case-message-reporter-input').fill(QUESTION);
    await county.getByTestId('case-message-reporter-send').click();
    await expect.poll(() => county.getByTestId('case-messages-reporter').innerText()).toContain(QUESTION);
    await county.getByTestId('case-note-input').fill('内部备注：该店去年曾被处罚');
    await county.getByTestId('case-note-send').click();
    await expect.poll(() => county.getByTestId('case-notes').innerText()).toContain('去年曾被处罚');
    await step(county, 'verify', async () => {
      await county.getByTestId('case-verify-founded').click();
      await county.getByTestId('case-findings').fill('现场存放 6 个液化石油气钢瓶，情况属实');
    });
    await expect.poll(() => caseStatus(county)).toBe('founded');
    await step(county, 'order_rectification', () => county.getByTestId('case-requirement').fill('立即清除钢瓶，配置灭火器'));
    await expect.poll(() => caseStatus(county)).toBe('rectifying');
    await step(county, 'rectify', () => county.getByTestId('case-report').fill('已清除钢瓶，配置灭火器 2 具'));
    await expect.poll(() => caseStatus(county)).toBe('rectified');
    await step(county, 'close', () => county.getByTestId('case-reply').fill(REPLY));
    await expect.poll(() => caseStatus(county)).toBe('closed');
    await county.screenshot({ path: path.join(shots, 'case-county.png'), fullPage: true });

    // 4. The citizen, with nothing but the receipt, reads the reply and the question, and answers.
    await citizen.goto(`${base}/report/status`);
    await citizen.getByTestId('status-receipt-input').fill(receipt.toLowerCase());
    await citizen.getByTestId('status-open').click();
    await expect.poll(() => citizen.getByTestId('status-reply').innerText(), { timeout: 15_000 }).toContain(REPLY);
    const thread = citizen.getByTestId('status-messages');
    expect(await thread.innerText()).toContain(QUESTION);
    expect(await citizen.locator('body').innerText()).not.toContain('去年曾被处罚');
    await citizen.getByTestId('status-message-input').fill(ANSWER);
    await citizen.getByTestId('status-message-send').click();
    await expect.poll(() => thread.innerText(), { timeout: 15_000 }).toContain(ANSWER);
    await citizen.screenshot({ path: path.join(shots, 'report-status.png'), fullPage: true });

    // The answer reached the case, from nobody in particular.
    const id = Number(reference.slice(5));
    const seen = await api<{ messages: { kind: string; body: string; author: unknown }[]; files: { kind: string }[] }>(admin, 'GET', `/api/campaigns/1/cases/${id}`);
    expect(seen.body.messages.at(-1)).toMatchObject({ kind: 'from_reporter', body: ANSWER, author: null });
    expect(seen.body.files).toHaveLength(2);

    expect(citizenErrors).toEqual([]);
    expect(adminErrors).toEqual([]);
    expect(countyErrors).toEqual([]);
    await phone.close();
    await desk.close();
  }, 180_000);
});
