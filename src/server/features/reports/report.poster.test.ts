import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTER_HEIGHT, POSTER_WIDTH, escapeXml, posterSvg, renderPoster, type PosterInput } from './report.poster';

const base: PosterInput = {
  campaignName: '2022年昆明市“安全生产月”活动',
  theme: '遵守安全生产法　当好第一责任人',
  unitName: '五华区应急管理局',
  url: 'https://safemonth.example.cn/report?unit=530102',
  hotline: null,
  format: 'png',
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-poster-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Reads the poster the way a phone camera would: from its pixels, not from how it was drawn. */
async function scan(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  return { code, data, info };
}

describe('report poster PNG', () => {
  it('is A4 at 150 dpi and its QR code scans to the report link', async () => {
    const png = await renderPoster(base);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([POSTER_WIDTH, POSTER_HEIGHT]);

    const { code } = await scan(png);
    expect(code?.data).toBe(base.url);
    // The symbol alone, quiet zone aside, spans more than half the page width.
    const { topLeftCorner, topRightCorner } = code!.location;
    expect(topRightCorner.x - topLeftCorner.x).toBeGreaterThan(640);
  });

  it('draws the code in pure black and white: whole-pixel modules, no blurred edges', async () => {
    const { code, data, info } = await scan(await renderPoster(base));
    const { topLeftCorner: tl, bottomRightCorner: br } = code!.location;
    const grey = new Set<number>();
    for (let y = Math.ceil(tl.y) + 2; y < Math.floor(br.y) - 2; y++) {
      for (let x = Math.ceil(tl.x) + 2; x < Math.floor(br.x) - 2; x++) {
        const v = data[(y * info.width + x) * info.channels]!;
        if (v !== 0 && v !== 255) grey.add(v);
      }
    }
    expect([...grey]).toEqual([]);
  });

  it('scans for a longer link and a unit code with query characters', async () => {
    const url = 'https://aqscy.yingji.kunming.example.gov.cn/report?unit=530102-007&campaign=2022&src=poster';
    const { code } = await scan(await renderPoster({ ...base, url }));
    expect(code?.data).toBe(url);
  });

  it('escapes caller text, so markup in a unit name is printed rather than parsed', async () => {
    const unitName = 'A<&>"\'B\u0001 单位';
    const svg = posterSvg({ ...base, unitName });
    expect(svg).toContain('宣传单位：A&lt;&amp;&gt;&quot;&apos;B 单位');
    expect(svg).not.toContain('\u0001');
    const png = await renderPoster({ ...base, unitName, theme: null, hotline: '0871-1234<5678>' });
    expect((await sharp(png).metadata()).width).toBe(POSTER_WIDTH);
  });

  it('sets a very long unit name smaller and cuts it short rather than off the page', () => {
    const unitName = '云南省昆明市五华区应急管理局安全生产监督管理执法大队第三中队'.repeat(3);
    const line = posterSvg({ ...base, unitName })
      .split('\n')
      .find((l) => l.includes('宣传单位'))!;
    expect(line).toContain('…');
    expect(Number(/font-size="(\d+)"/.exec(line)![1])).toBeLessThan(44);
  });

  it('prints the national hotline unless the campaign has its own', () => {
    expect(posterSvg(base)).toContain('举报电话：12350');
    expect(posterSvg({ ...base, hotline: '  ' })).toContain('举报电话：12350');
    expect(posterSvg({ ...base, hotline: '0871-63120000' })).toContain('举报电话：0871-63120000');
  });

  it('escapeXml drops what XML 1.0 cannot carry', () => {
    expect(escapeXml('a\u0000b\u001fc\td')).toBe('abc\td');
    expect(escapeXml('x\ud800y\ufffe😀')).toBe('xy😀');
  });
});

describe('report poster PDF', () => {
  const hasPdfinfo = spawnSync('pdfinfo', ['-v']).error === undefined;

  it('is a one-page PDF whose cross-reference offsets point at their objects', async () => {
    const pdf = await renderPoster({ ...base, format: 'pdf' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(6);
    entries.forEach((offset, i) => expect(text.slice(offset).startsWith(`${i + 1} 0 obj\n`)).toBe(true));
  });

  it.skipIf(!hasPdfinfo && process.env.CI !== 'true')('opens in poppler as one A4 page', async () => {
    // CI must have poppler: a skipped check there would hide a broken PDF.
    expect(hasPdfinfo, 'pdfinfo (poppler-utils) is not on PATH').toBe(true);
    const file = path.join(dir, 'poster.pdf');
    fs.writeFileSync(file, await renderPoster({ ...base, format: 'pdf' }));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+595 x 842 pts \(A4\)$/m);
    expect(info).toMatch(/^Title:\s+2022年昆明市“安全生产月”活动$/m);
  });
});
