import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { describe, expect, it } from 'vitest';
import { CRIMINAL_TRANSFER_SENTENCE, DUAL_PENALTY_SENTENCE, textParagraphs, writeTypicalCaseDocx, type TypicalCaseDocInput } from './typical-case-docx';
import { writeProvinceDocx, writeProvinceSheet, type ProvinceReportInput, type ProvinceRow } from './province-report';
import { TEXT_WIDTH_PX } from './official-docx';
import { docxToPdf, documentTools, pdfText } from '../../../test/support/documents';
import { solidJpeg } from '../../../test/support/files';

async function parts(docx: Buffer) {
  const dir = await unzipper.Open.buffer(docx);
  const document = (await dir.files.find((f) => f.path === 'word/document.xml')?.buffer())?.toString('utf8') ?? '';
  return { names: dir.files.map((f) => f.path), document };
}

/** The text of the document's paragraphs, one per entry. */
const paragraphsOf = (documentXml: string) => documentXml
  .split('</w:p>')
  .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
  .filter(Boolean);

/**
 * The PDF's text in the order it was drawn, spaces and line breaks removed: pdftotext's default
 * reading order interleaves the lines of a table's neighbouring cells, LibreOffice draws a cell at a time.
 */
function drawnText(pdf: string): string {
  const r = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout.replace(/\s+/g, '');
}

const TITLE = '某建筑公司未落实安全防护措施致一人高处坠落死亡案';

async function typicalCase(over: Partial<TypicalCaseDocInput> = {}): Promise<TypicalCaseDocInput> {
  return {
    campaignName: '昆明市2022年“安全生产月”活动',
    title: TITLE,
    subject: '昆明某建筑工程有限公司',
    sector: '建筑施工',
    publishedOn: '2022-06-20',
    facts: '2022年5月12日，昆明某建筑工程有限公司承建的住宅项目发生一起高处坠落事故，造成1人死亡。\n\n经调查，事故发生时作业人员未系挂安全带，作业面临边防护缺失。',
    violations: '该公司未按规定为从业人员提供符合标准的劳动防护用品；\n未及时发现并消除临边作业的事故隐患。',
    handling: '市应急管理局依据《中华人民共和国安全生产法》第九十九条，对该公司处以罚款人民币50万元。',
    dualPenalty: true,
    criminalTransfer: false,
    lesson: '生产经营单位必须落实安全生产主体责任，严格执行高处作业安全规定。',
    images: [
      { data: await solidJpeg(1600, 1200, '#7a8a99'), width: 1600, height: 1200, caption: '事故现场（已作模糊处理）' },
      { data: await solidJpeg(480, 360, '#99806a'), width: 480, height: 360, caption: null },
    ],
    ...over,
  };
}

describe('textParagraphs', () => {
  it('makes each non-blank line a paragraph, whatever the line ending', () => {
    expect(textParagraphs('甲\r\n\r\n  乙  \n丙\r丁\n\n\n')).toEqual(['甲', '乙', '丙', '丁']);
    expect(textParagraphs('  \n ')).toEqual([]);
  });
});

describe('a typical case (.docx)', () => {
  it('has the title, the campaign and date, the four sections with their paragraphs, the closing sentences as set, and every photo embedded with its caption', async () => {
    const p = await parts(await writeTypicalCaseDocx(await typicalCase()));
    const text = paragraphsOf(p.document);
    expect(text.slice(0, 2)).toEqual([TITLE, '昆明市2022年“安全生产月”活动\u30002022年6月20日']);
    expect(text).toContain('涉事单位：昆明某建筑工程有限公司');
    expect(text).toContain('行业领域：建筑施工');
    const at = (s: string) => text.indexOf(s);
    expect(at('一、基本案情')).toBeGreaterThan(0);
    expect(at('二、违法违规行为')).toBeGreaterThan(at('一、基本案情'));
    expect(at('三、处理情况')).toBeGreaterThan(at('二、违法违规行为'));
    expect(at('四、警示意义')).toBeGreaterThan(at('三、处理情况'));
    // The blank line and the single line break both separate paragraphs; no empty paragraph between.
    expect(text[at('一、基本案情') + 1]).toMatch(/^2022年5月12日/);
    expect(text[at('一、基本案情') + 2]).toMatch(/^经调查/);
    expect(text[at('二、违法违规行为') + 2]).toBe('未及时发现并消除临边作业的事故隐患。');
    expect(text[at('四、警示意义') - 1]).toBe(DUAL_PENALTY_SENTENCE);
    expect(text).not.toContain(CRIMINAL_TRANSFER_SENTENCE);
    expect(text).toContain('图1\u3000事故现场（已作模糊处理）');
    expect(text).toContain('图2');
    expect(p.names.filter((n) => /^word\/media\/[^/]+$/.test(n))).toHaveLength(2);
    // The wide photo fills the text width; the small one is not enlarged.
    const extents = [...p.document.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(extents[0]![0]).toBe(TEXT_WIDTH_PX * 9525);
    expect(extents[1]).toEqual([480 * 9525, 360 * 9525]);
  });

  it('writes the transfer sentence when set, drops the sector and date when unknown, and has no photo when there is none', async () => {
    const p = await parts(await writeTypicalCaseDocx(await typicalCase({ dualPenalty: false, criminalTransfer: true, sector: null, publishedOn: null, images: [] })));
    const text = paragraphsOf(p.document);
    expect(text[1]).toBe('昆明市2022年“安全生产月”活动');
    expect(text).toContain(CRIMINAL_TRANSFER_SENTENCE);
    expect(text.join('\n')).not.toContain('一案双罚');
    expect(text.join('\n')).not.toContain('行业领域');
    expect(p.names.some((n) => /^word\/media\/[^/]+$/.test(n))).toBe(false);
  });

  it.runIf(documentTools)('opens in LibreOffice with its title, headings, the dual-penalty sentence only when set, and the caption', { timeout: 240_000 }, async () => {
    const { pdfs, dispose } = await docxToPdf({
      dual: await writeTypicalCaseDocx(await typicalCase()),
      single: await writeTypicalCaseDocx(await typicalCase({ dualPenalty: false })),
    });
    try {
      const dual = pdfText(pdfs.dual!);
      for (const s of [TITLE, '一、基本案情', '二、违法违规行为', '三、处理情况', '四、警示意义', '图1事故现场（已作模糊处理）', '2022年6月20日']) expect(dual).toContain(s);
      expect(dual).toContain(DUAL_PENALTY_SENTENCE);
      const single = pdfText(pdfs.single!);
      expect(single).toContain(TITLE);
      expect(single).toContain('四、警示意义');
      expect(single).not.toContain('一案双罚');
    } finally {
      dispose();
    }
  });
});

const rows: ProvinceRow[] = [
  {
    title: TITLE,
    subject: '昆明某建筑工程有限公司',
    sector: '建筑施工',
    publishedOn: '2022-06-20',
    outlets: [
      { outlet: '云南日报', ranOn: '2022-06-21', link: 'https://example.org/yn/20220621/1.html' },
      { outlet: '昆明电视台', ranOn: '2022-06-22', link: null },
    ],
    handling: '对该公司处以罚款50万元。\n\n对主要负责人处以罚款8万元。',
    dualPenalty: true,
    criminalTransfer: false,
  },
  {
    title: '某化工企业违规动火作业案',
    subject: '安宁某化工有限公司',
    sector: null,
    publishedOn: '2022-06-25',
    outlets: [{ outlet: '昆明日报', ranOn: '2022-06-26', link: null }],
    handling: '责令停产整顿，移送公安机关。',
    dualPenalty: false,
    criminalTransfer: true,
  },
];

const report = (over: Partial<ProvinceReportInput> = {}): ProvinceReportInput => ({
  campaignName: '昆明市2022年“安全生产月”活动',
  month: '2022-06',
  reportingUnit: '昆明市安全生产委员会办公室',
  rows,
  sentTo: '云南省安全生产委员会办公室',
  sentOn: '2022-07-05',
  ...over,
});

async function openSheet(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('worksheet missing');
  return ws;
}

const HEADER = ['序号', '案例名称', '涉事单位', '行业领域', '曝光媒体', '刊播日期', '链接', '处理结果', '一案双罚', '行刑衔接'];

describe('the province report sheet (.xlsx)', () => {
  it('has the merged title and subtitle, the header, one row a case with its outlets in one cell, the total, and prints A4 landscape one page wide', async () => {
    const ws = await openSheet(await writeProvinceSheet(report()));
    expect(ws.name).toBe('典型案例曝光情况报送表');
    expect(ws.getCell('A1').value).toBe('2022年6月典型案例曝光情况报送表');
    expect(ws.getCell('A1').font.name).toBe('方正小标宋简体');
    expect(ws.getCell('J1').master.address).toBe('A1');
    expect(ws.getCell('A2').value).toBe('报送单位：昆明市安全生产委员会办公室\u3000报送时间：2022-07-05\u3000报送对象：云南省安全生产委员会办公室');
    expect(ws.getCell('J2').master.address).toBe('A2');
    expect(HEADER.map((_, i) => ws.getRow(3).getCell(i + 1).value)).toEqual(HEADER);
    expect(ws.getCell('A3').font.bold).toBe(true);

    const first = ws.getRow(4);
    expect([1, 2, 3, 4, 9, 10].map((c) => first.getCell(c).value)).toEqual([1, TITLE, '昆明某建筑工程有限公司', '建筑施工', '是', '否']);
    expect(first.getCell(5).value).toBe('云南日报\n昆明电视台');
    expect(first.getCell(5).alignment.wrapText).toBe(true);
    expect(first.getCell(6).value).toBe('2022-06-21\n2022-06-22');
    expect(first.getCell(7).value).toBe('https://example.org/yn/20220621/1.html\n—');
    expect(first.getCell(8).value).toBe('对该公司处以罚款50万元。\n对主要负责人处以罚款8万元。');
    expect(first.height).toBeGreaterThanOrEqual(2 * 14);
    const second = ws.getRow(5);
    expect([1, 4, 5, 7, 9, 10].map((c) => second.getCell(c).value)).toEqual([2, null, '昆明日报', null, '否', '是']);

    expect(ws.getCell('A6').value).toBe('合计 2 个');
    expect(ws.getCell('B6').master.address).toBe('A6');
    expect(ws.getCell('I6').value).toBe(1);
    expect(ws.getCell('J6').value).toBe(1);
    expect(ws.rowCount).toBe(6);

    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
  });

  it('for a month without exposures still has the header and 合计 0 个, and leaves unknown sending details blank', async () => {
    const ws = await openSheet(await writeProvinceSheet(report({ month: '2022-11', rows: [], sentTo: null, sentOn: null })));
    expect(ws.getCell('A1').value).toBe('2022年11月典型案例曝光情况报送表');
    expect(ws.getCell('A2').value).toBe('报送单位：昆明市安全生产委员会办公室\u3000报送时间：\u3000报送对象：');
    expect(HEADER.map((_, i) => ws.getRow(3).getCell(i + 1).value)).toEqual(HEADER);
    expect(ws.getCell('A4').value).toBe('合计 0 个');
    expect(ws.getCell('I4').value).toBe(0);
    expect(ws.rowCount).toBe(4);
  });

  it('refuses a month that is not YYYY-MM', async () => {
    await expect(writeProvinceSheet(report({ month: '2022-6' }))).rejects.toThrow(RangeError);
  });
});

describe('the province report letter (.docx)', () => {
  it('is one landscape A4 section with the title, the summary sentence and the table', async () => {
    const p = await parts(await writeProvinceDocx(report()));
    expect(p.document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const text = paragraphsOf(p.document);
    expect(text[0]).toBe('2022年6月典型案例曝光情况报送表');
    expect(text[1]).toBe('6月，共组织市级以上主流媒体曝光典型案例2个。其中，依法实行“一案双罚”1个，涉嫌犯罪移送司法机关1个。');
    expect(text[2]).toBe('报送单位：昆明市安全生产委员会办公室\u3000报送时间：2022-07-05\u3000报送对象：云南省安全生产委员会办公室');
    // The outlets of a case are lines of one cell.
    expect(text).toContain('云南日报');
    expect(text).toContain('昆明电视台');
    expect(text).toContain('合计');
    expect(text).toContain('2个');
  });

  it.runIf(documentTools)('opens in LibreOffice with the title, each case and the count; an empty month says 0', { timeout: 240_000 }, async () => {
    const { pdfs, dispose } = await docxToPdf({
      june: await writeProvinceDocx(report()),
      november: await writeProvinceDocx(report({ month: '2022-11', rows: [] })),
    });
    try {
      const june = drawnText(pdfs.june!);
      expect(june).toContain('2022年6月典型案例曝光情况报送表');
      for (const r of rows) expect(june).toContain(r.title);
      expect(june).toContain('6月，共组织市级以上主流媒体曝光典型案例2个。');
      expect(june).toContain('报送对象：云南省安全生产委员会办公室');
      const november = pdfText(pdfs.november!);
      expect(november).toContain('2022年11月典型案例曝光情况报送表');
      expect(november).toContain('11月，共组织市级以上主流媒体曝光典型案例0个。');
      expect(november).toContain('行刑衔接');
    } finally {
      dispose();
    }
  });
});
