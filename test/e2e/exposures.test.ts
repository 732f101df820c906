import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { api, deskContext, firstSignIn, issueAccount, signIn, unitIdByCode } from './support/ui';

const TITLE = '某建筑公司违规动火作业被处罚';

/** A site photo with a face-like disc to blur, as base64 for the page to upload. */
async function scenePhoto(): Promise<string> {
  const face = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><circle cx="200" cy="200" r="180" fill="#f5c6a5"/><circle cx="140" cy="160" r="20" fill="#000"/><circle cx="260" cy="160" r="20" fill="#000"/></svg>');
  const jpeg = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3b6ea5' } })
    .composite([{ input: await sharp(face).png().toBuffer(), left: 600, top: 300 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return jpeg.toString('base64');
}

/** Signs in an account the office just issued and sets its own password, as a first login does. */
async function firstLogin(browser: Browser, base: string, username: string): Promise<Page> {
  const page = await (await deskContext(browser)).newPage();
  await firstSignIn(page, base, username, `${username}-own-pass-2022`);
  return page;
}

const typicalStatus = (page: Page) => page.getByTestId('typical-status').getAttribute('data-status');

describeBrowser('typical-case exposure in Chromium: drafted from a closed case with a blurred photo, reviewed, published, seen by the public and the media, reported to the province', () => {
  // The reference campaign as it was on 20 June 2022, so the exposure falls in the Tour's June.
  const suite = browserSuite({ SAFEMONTH_CLOCK: '2022-06-20T09:00:00+08:00' });

  it('the office drafts from a closed case, blurs a face, the reviewer screens, the leader approves, the office publishes; the public page, the feed and the June report show it', async () => {
    const base = suite.server.baseUrl;
    const admin = await (await deskContext(suite.browser)).newPage();
    const adminErrors = watchErrors(admin);
    await signIn(admin, base, 'admin', ADMIN_PASSWORD);

    // A closed case with one evidence photo, as the handling pages leave one.
    const wuhuaId = await unitIdByCode(admin, '530102');
    for (const [username, role] of [['rev_e2e', 'reviewer'], ['lead_e2e', 'leader'], ['media_e2e', 'media_partner']] as const) {
      await issueAccount(admin, { username, displayName: username, unitCode: '530100-AW', roles: [role] });
    }
    const campaigns = await api<{ id: number }[]>(admin, 'GET', '/api/campaigns');
    const cid = campaigns.body[0]!.id;
    const created = await api<{ id: number; revision: number }>(admin, 'POST', `/api/campaigns/${cid}/cases`, {
      source: 'inspection', category: 'construction_subcontracting', countyId: wuhuaId, address: '五华区某工地', enterprise: '某建筑公司',
      description: '执法检查发现违规动火作业，现场无人监护。', whistleblower: false, reporterName: '张三', reporterPhone: '13800000000',
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const uploaded = await admin.evaluate(async ({ url, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'image/jpeg' }), 'scene.jpg');
      const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('sm_csrf='))!.slice(8));
      return (await fetch(url, { method: 'POST', body: form, headers: { 'x-csrf-token': csrf } })).status;
    }, { url: `/api/campaigns/${cid}/cases/${caseId}/files?purpose=evidence`, b64: await scenePhoto() });
    expect(uploaded).toBe(200);
    for (const step of [
      { action: 'accept' }, { action: 'assign', unitId: wuhuaId }, { action: 'verify', founded: true, findings: '属实，已立案处罚' },
      { action: 'order_rectification', requirement: '停工整改' }, { action: 'rectify', report: '已整改' }, { action: 'close', reply: '已办结' },
    ]) {
      const cur = await api<{ revision: number }>(admin, 'GET', `/api/campaigns/${cid}/cases/${caseId}`);
      expect((await api(admin, 'POST', `/api/campaigns/${cid}/cases/${caseId}/actions`, { ...step, revision: cur.body.revision })).status).toBe(200);
    }

    // 1. From the closed case, the office drafts a typical case.
    await admin.goto(`${base}/cases/${caseId}`);
    await admin.getByTestId('case-draft-typical').click();
    await admin.waitForURL(/\/exposures\/new\?fromCase=\d+/);
    await admin.getByTestId('typical-title').waitFor();
    await admin.getByTestId('typical-title').fill(TITLE);
    await admin.getByTestId('typical-subject').fill('某建筑公司');
    await admin.getByTestId('typical-sector').fill('建筑施工');
    await admin.getByTestId('typical-facts').fill('2022年6月，执法人员检查发现该公司违规动火作业。');
    await admin.getByTestId('typical-violations').fill('违反《安全生产法》第四十三条。');
    await admin.getByTestId('typical-handling').fill('对公司罚款5万元，对主要负责人罚款1万元。');
    await admin.getByTestId('typical-dual-penalty').check();
    await admin.getByTestId('typical-lesson').fill('动火作业必须审批并安排专人监护。');
    await admin.getByTestId('typical-save').click();
    await admin.waitForURL(/\/exposures\/\d+$/);
    const typicalId = Number(admin.url().match(/(\d+)$/)![1]);
    await expect.poll(() => typicalStatus(admin), { timeout: 15_000 }).toBe('draft');

    // 2. One photo from the evidence, one box over the face.
    const evidence = admin.locator('[data-testid^="typical-evidence-"]');
    await evidence.first().waitFor({ timeout: 15_000 });
    await evidence.first().click();
    await admin.locator('[data-testid="redact-canvas"][data-loaded="true"]').waitFor({ timeout: 15_000 });
    await admin.waitForTimeout(600);
    const area = (await admin.getByTestId('redact-canvas').boundingBox())!;
    await admin.mouse.move(area.x + area.width * 0.375, area.y + area.height * 0.25);
    await admin.mouse.down();
    await admin.mouse.move(area.x + area.width * 0.5, area.y + area.height * 0.4, { steps: 5 });
    await admin.mouse.move(area.x + area.width * 0.625, area.y + area.height * 0.58, { steps: 5 });
    await admin.mouse.up();
    await admin.getByTestId('redact-box-0').waitFor();
    await admin.screenshot({ path: path.join(shots, 'typical-redact.png') });
    await admin.getByTestId('redact-save').click();
    const blurred = admin.locator('img[data-testid^="typical-image-"]');
    await blurred.first().waitFor({ timeout: 15_000 });
    const stored = await api<{ images: { boxes: { x: number; y: number; w: number; h: number }[] }[] }>(admin, 'GET', `/api/campaigns/${cid}/typical-cases/${typicalId}`);
    expect(stored.body.images).toHaveLength(1);
    expect(stored.body.images[0]!.boxes).toHaveLength(1);
    expect(stored.body.images[0]!.boxes[0]!.x).toBeCloseTo(0.375, 1);

    // 3. Screened, approved, published.
    await admin.getByTestId('typical-action-submit').click();
    await expect.poll(() => typicalStatus(admin)).toBe('in_review');
    const reviewer = await firstLogin(suite.browser, base, 'rev_e2e');
    const reviewerErrors = watchErrors(reviewer);
    await reviewer.goto(`${base}/exposures`);
    await reviewer.getByTestId(`typical-row-${typicalId}`).click();
    await reviewer.getByTestId('typical-action-pass').click();
    await expect.poll(() => reviewer.getByTestId('typical-status').innerText()).toMatch(/领导审核|审核中/);
    const leader = await firstLogin(suite.browser, base, 'lead_e2e');
    await leader.goto(`${base}/exposures/${typicalId}`);
    await leader.getByTestId('typical-action-pass').click();
    await expect.poll(() => typicalStatus(leader)).toBe('approved');
    await admin.reload();
    await admin.getByTestId('typical-action-publish').click();
    await expect.poll(() => typicalStatus(admin)).toBe('published');
    await admin.screenshot({ path: path.join(shots, 'typical-published.png'), fullPage: true });

    // 4. The public exposure page on a phone.
    const phone = await suite.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const citizen = await phone.newPage();
    const citizenErrors = watchErrors(citizen);
    await citizen.goto(`${base}/exposure`);
    await expect.poll(() => citizen.getByTestId(`exposure-title-${typicalId}`).innerText(), { timeout: 15_000 }).toContain(TITLE);
    expect(await citizen.locator('body').innerText()).not.toContain('张三');
    await citizen.screenshot({ path: path.join(shots, 'exposure-phone.png'), fullPage: true });

    // 5. The media partner's feed.
    const media = await firstLogin(suite.browser, base, 'media_e2e');
    await media.goto(`${base}/media-desk`);
    await media.getByTestId(`media-case-${typicalId}`).waitFor({ timeout: 15_000 });
    await media.getByTestId('feed-token-create').click();
    const feedUrl = (await media.getByTestId('feed-url').innerText()).trim();
    const feed = await (await fetch(feedUrl)).json() as { items: { title: string }[] };
    expect(feed.items.map((i) => i.title)).toContain(TITLE);

    // 6. June's report to the province downloads and opens.
    await admin.goto(`${base}/province-reports`);
    await admin.getByTestId('province-month-2022-06').waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('province-xlsx-2022-06').click()]);
    const file = path.join(shots, 'province-2022-06.xlsx');
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheetText = JSON.stringify(book.worksheets[0]!.getSheetValues());
    expect(sheetText).toContain('2022年6月典型案例曝光情况报送表');
    expect(sheetText).toContain(TITLE);
    expect(sheetText).not.toContain('13800000000');
    fs.rmSync(file);

    expect(adminErrors).toEqual([]);
    expect(reviewerErrors).toEqual([]);
    expect(citizenErrors).toEqual([]);
    await phone.close();
  }, 240_000);
});
