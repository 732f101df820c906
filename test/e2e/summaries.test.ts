import path from 'node:path';
import sharp from 'sharp';
import unzipper from 'unzipper';
import { expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { describeBrowser, overflowsHorizontally, watchErrors } from './support/browser';
import { ADMIN_PASSWORD, browserSuite, shots } from './support/server';
import { api, firstSignIn, issueAccount, deskContext, phoneContext, pick, signIn, type PageResponse } from './support/ui';

const WUHUA = '530102';
const OVERVIEW = '五华区组织开展安全宣传咨询日活动十二场，覆盖全区各街道';
const EXPERIENCE_PLAIN = '坚持“一把手”讲安全，';
const EXPERIENCE_BOLD = '形成长效机制';
const CAPTION = '6月16日安全宣传咨询日现场';
const PHOTO_NAME = '咨询日现场.jpg';
const RETURN_COMMENT = '请补充下步工作打算';
const NEXT_STEPS = '持续开展隐患排查整治';

const status = (page: Page) => page.getByTestId('sum-status').getAttribute('data-status');

/** The entries of a zip the browser saved, by path (files only). */
async function zipEntries(download: Download) {
  const dir = await unzipper.Open.file(await download.path());
  return new Map(dir.files.filter((f) => f.type === 'File').map((f) => [f.path, f]));
}

/**
 * A multipart upload from inside the page, with the page's session and CSRF token, as the media
 * library's upload sends it: the fields first, then the file.
 */
async function uploadMedia(page: Page, url: string, bytes: Buffer, name: string, fields: Record<string, string>) {
  return page.evaluate(
    async ({ url, b64, name, fields }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      fd.append('file', new Blob([bin], { type: 'image/jpeg' }), name);
      const csrf = document.cookie
        .split(';')
        .map((p) => p.trim().split('='))
        .find(([k]) => k === 'sm_csrf')?.[1];
      const res = await fetch(url, { method: 'POST', body: fd, credentials: 'include', headers: csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {} });
      return { status: res.status, body: await res.json() };
    },
    { url, b64: bytes.toString('base64'), name, fields },
  ) as Promise<PageResponse<{ id: number; kind: string; thumbUrl: string | null }>>;
}

describeBrowser('summary reports in Chromium: a county writes its 总结报告 on a phone, the office accepts it, downloads it and packages it', () => {
  const suite = browserSuite();

  it('五华区 writes two sections and picks a photo, submits, is returned and resubmits; the office accepts, downloads the .docx and the unit\'s package', async () => {
    // The office issues the county's reporter account, as the accounts page does.
    const desk = await deskContext(suite.browser);
    const admin = await desk.newPage();
    const adminErrors = watchErrors(admin);
    await signIn(admin, suite.server.baseUrl, 'admin', ADMIN_PASSWORD);
    const wuhuaId = await issueAccount(admin, { username: 'wuhua_summary', displayName: '五华区总结填报员', unitCode: WUHUA, roles: ['unit_reporter'] });

    const phone = await phoneContext(suite.browser);
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await firstSignIn(page, suite.server.baseUrl, 'wuhua_summary');

    // One photo in the county's media library, filed under the drills task category.
    const campaigns = await api<{ id: number }[]>(page, 'GET', '/api/campaigns');
    const campaignId = campaigns.body[0]!.id;
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2a7f62' } }).jpeg({ quality: 80 }).toBuffer();
    const uploaded = await uploadMedia(page, `/api/campaigns/${campaignId}/media`, jpeg, PHOTO_NAME, { category: 'drills', takenOn: '2022-06-16' });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const photoId = uploaded.body.id;

    await page.goto(`${suite.server.baseUrl}/summary`);
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('none');
    expect(await page.getByTestId('sum-unit').innerText()).toBe('五华区');

    // Two sections typed into the rich-text editors, one with the bold tool.
    const overview = page.getByTestId('sum-section-overview');
    await overview.click();
    await page.keyboard.type(OVERVIEW);
    await expect.poll(() => overview.innerText()).toContain(OVERVIEW);
    const experience = page.getByTestId('sum-section-experience');
    await experience.click();
    await page.keyboard.type(EXPERIENCE_PLAIN);
    await page.getByTestId('sum-section-experience-toolbar').locator('[data-tool="bold"]').click();
    await page.keyboard.type(EXPERIENCE_BOLD);
    expect(await experience.locator('strong').innerText()).toBe(EXPERIENCE_BOLD);
    // The toolbar offers only what the server keeps; pasted links and images arrive as plain text or not at all.
    expect(await page.getByTestId('sum-section-highlights-toolbar').locator('[data-tool]').evaluateAll((b) => b.map((x) => x.getAttribute('data-tool')))).toEqual(
      ['bold', 'italic', 'underline', 'strike', 'h3', 'h4', 'bulletList', 'orderedList', 'blockquote', 'undo', 'redo'],
    );
    const highlights = page.getByTestId('sum-section-highlights');
    await highlights.click();
    await highlights.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/html', '<p>见<a href="https://example.com/x">宣传视频</a><img src="https://example.com/x.png">全文</p>');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => highlights.innerText()).toContain('见宣传视频全文');
    expect(await highlights.locator('a, img').count()).toBe(0);
    // The counter measures what is stored (markup included) against the server's limit.
    const counter = page.getByTestId('sum-count-overview');
    expect(Number(await counter.getAttribute('data-used'))).toBe(`<p>${OVERVIEW}</p>`.length);
    expect(await counter.getAttribute('data-max')).toBe('30000');
    expect(await counter.innerText()).toContain(`${OVERVIEW.length} 字`);

    // The photo is picked from the library with a caption.
    const tile = page.getByTestId(`sum-media-${photoId}`);
    await expect.poll(() => tile.count(), { timeout: 10_000 }).toBe(1);
    expect(await tile.getAttribute('data-picked')).toBe('false');
    await tile.getByRole('checkbox').check();
    expect(await tile.getAttribute('data-picked')).toBe('true');
    await page.getByTestId(`sum-caption-${photoId}`).fill(CAPTION);
    expect(await page.getByTestId('sum-media-count').getAttribute('data-picked')).toBe('1');

    const { scrollWidth, clientWidth } = await overflowsHorizontally(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await page.screenshot({ path: path.join(shots, 'summary-phone.png'), fullPage: true });

    // A draft first, then the submission; the text and the pick come back from the server.
    await page.getByTestId('sum-save').click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('draft');
    expect(await overview.innerText()).toContain(OVERVIEW);
    await page.getByTestId('sum-submit').click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('submitted');
    expect(await page.getByTestId('sum-status').innerText()).toBe('已提交');
    // 2022's deadline is long past on the machine's clock.
    expect(await page.getByTestId('sum-late').getAttribute('data-late')).toBe('true');
    expect(await page.getByTestId('sum-save').count()).toBe(0);
    expect(await page.getByTestId(`sum-media-${photoId}`).innerText()).toContain(CAPTION);

    // The office sees the county as submitted and opens its summary.
    await admin.goto(`${suite.server.baseUrl}/`);
    await admin.getByTestId('menu-summaries-office').click();
    await admin.waitForURL(/\/summaries\/office$/);
    const row = admin.getByTestId(`sum-office-row-${WUHUA}`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
    expect(await row.innerText()).toContain('已提交');
    expect(await admin.getByTestId('sum-completeness-overall').innerText()).toContain('报送率');
    expect(await admin.getByTestId('sum-office-missing').innerText()).not.toContain('五华区');
    await admin.screenshot({ path: path.join(shots, 'summary-office.png'), fullPage: true });

    // The city summary draft is a Word document.
    const [cityDocx] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('sum-city-docx').click()]);
    expect(cityDocx.suggestedFilename()).toMatch(/\.docx$/);
    expect((await zipEntries(cityDocx)).has('word/document.xml')).toBe(true);

    await admin.getByTestId(`sum-office-open-${WUHUA}`).click();
    await admin.waitForURL(new RegExp(`/summary/${wuhuaId}$`));
    await expect.poll(() => status(admin), { timeout: 10_000 }).toBe('submitted');
    expect(await admin.getByTestId('sum-section-overview').innerText()).toContain(OVERVIEW);
    expect(await admin.getByTestId('sum-section-overview').getAttribute('contenteditable')).toBe('false');

    // Returned with a comment: the county reads it, adds a sentence and submits again.
    await admin.getByTestId('sum-return').click();
    expect(await admin.getByTestId('sum-return-confirm').isDisabled()).toBe(true);
    await admin.getByTestId('sum-return-comment').fill(RETURN_COMMENT);
    await admin.getByTestId('sum-return-confirm').click();
    await expect.poll(() => status(admin), { timeout: 10_000 }).toBe('returned');
    await page.reload();
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('returned');
    expect(await page.getByTestId('sum-return-alert').innerText()).toContain(RETURN_COMMENT);
    const next = page.getByTestId('sum-section-next_steps');
    await next.click();
    await page.keyboard.type(NEXT_STEPS);
    await page.getByTestId('sum-submit').click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('submitted');
    expect(await page.getByTestId('sum-return-alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await phone.close();

    await admin.reload();
    await expect.poll(() => status(admin), { timeout: 15_000 }).toBe('submitted');
    expect(await admin.getByTestId('sum-section-next_steps').innerText()).toContain(NEXT_STEPS);
    await admin.getByTestId('sum-accept').click();
    await admin.getByTestId('sum-accept-confirm').click();
    await expect.poll(() => status(admin), { timeout: 10_000 }).toBe('accepted');
    expect(await admin.getByTestId('sum-status').innerText()).toBe('已接收');
    expect(await admin.getByTestId('sum-accept').count()).toBe(0);
    expect(await admin.getByTestId('sum-reopen').count()).toBe(1);
    const history = await admin.getByTestId('sum-history').innerText();
    for (const word of ['接收', '提交', '保存', '退回', RETURN_COMMENT]) expect(history).toContain(word);
    await admin.screenshot({ path: path.join(shots, 'summary-accepted.png'), fullPage: true });

    // The unit's Word document carries the typed text and the picked photo.
    const [docx] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('sum-export').click()]);
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    const parts = await zipEntries(docx);
    const documentXml = (await parts.get('word/document.xml')!.buffer()).toString('utf8');
    expect(documentXml).toContain(OVERVIEW);
    expect(documentXml).toContain(EXPERIENCE_BOLD);
    expect(documentXml).toContain(CAPTION);
    expect(documentXml).toContain(NEXT_STEPS);
    expect([...parts.keys()].some((p) => p.startsWith('word/media/'))).toBe(true);

    // The unit's package: made in the background, followed to done, downloaded and listed.
    await admin.getByTestId('menu-packages').click();
    await admin.waitForURL(/\/packages$/);
    await pick(admin, 'pkg-unit', '五华', '五华区');
    await admin.getByTestId('pkg-start-unit').click();
    const job = admin.locator('[data-testid^="pkg-job-"]').first();
    await expect.poll(() => job.count(), { timeout: 10_000 }).toBe(1);
    const jobId = (await job.getAttribute('data-testid'))!.replace('pkg-job-', '');
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    const progress = admin.getByTestId(`pkg-progress-${jobId}`);
    expect(Number(await progress.getAttribute('data-total'))).toBeGreaterThanOrEqual(2);
    expect(await progress.getAttribute('data-done')).toBe(await progress.getAttribute('data-total'));
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await job.innerText()).toContain('五华区');
    const [zip] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId(`pkg-download-${jobId}`).click()]);
    await admin.screenshot({ path: path.join(shots, 'summary-package.png'), fullPage: true });
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    const entries = [...(await zipEntries(zip)).keys()];
    const folder = `${WUHUA} 五华区`;
    expect(entries).toContain(`${folder}/总结报告.docx`);
    expect(entries).toContainEqual(expect.stringMatching(new RegExp(`^${folder}/媒体资料/全领域应急演练/[^/]+\\.jpg$`)));
    expect(adminErrors).toEqual([]);
    await desk.close();
  });
});
