import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors';
import {
  MAX_INDICATOR_VALUE,
  readStatisticsSheet,
  writeStatisticsCsv,
  writeStatisticsSheet,
  type SheetCategory,
  type SheetIndicator,
  type StatisticsSheetRow,
} from './statistics-sheet';

const categories: SheetCategory[] = [
  { key: 'launch', name: { zh: '安全宣传“五进”', en: 'Five-into publicity' } },
  { key: 'drills', name: { zh: '应急演练', en: 'Emergency drills' } },
  { key: 'tour', name: { zh: '安全生产万里行', en: 'Ten-thousand-li tour' } },
];

const ind = (key: string, category: string, zh: string, en: string, mzh: string, men: string): SheetIndicator => ({
  key, category, label: { zh, en }, measure: { zh: mzh, en: men },
});

const indicators: SheetIndicator[] = [
  ind('launch_events', 'launch', '启动活动', 'Launch events', '场', 'events'),
  ind('online_views', 'launch', '线上活动观看（参与）', 'Online views', '人次', 'person-times'),
  ind('drills_held', 'drills', '开展应急演练', 'Emergency drills held', '场', 'drills'),
  ind('drill_participants', 'drills', '应急演练参与', 'Drill participants', '人次', 'person-times'),
  ind('hazards_found', 'tour', '排查发现隐患', 'Hazards found', '项', 'hazards'),
  ind('hazards_rectified', 'tour', '整改隐患', 'Hazards rectified', '项', 'hazards'),
];

const unitRows: StatisticsSheetRow[] = [
  { kind: 'unit', code: '530102', name: '五华区安委会', values: { launch_events: 3, online_views: 12000, drills_held: 5, drill_participants: 340, hazards_found: 27, hazards_rectified: 25 } },
  { kind: 'unit', code: '530103', name: '盘龙区安委会', values: { launch_events: 1, online_views: null, drills_held: 0, drill_participants: 80, hazards_found: null, hazards_rectified: 4 } },
  { kind: 'unit', code: '0871-01', name: '昆明市应急管理局', values: { launch_events: 2, drills_held: 1 } },
];
const rows: StatisticsSheetRow[] = [
  ...unitRows,
  { kind: 'subtotal', code: null, name: '小计：县（市）区', values: { launch_events: 4, online_views: 12000, drills_held: 5, drill_participants: 420, hazards_found: 27, hazards_rectified: 29 } },
  { kind: 'total', code: null, name: '合计', values: { launch_events: 6, online_views: 12000, drills_held: 6, drill_participants: 420, hazards_found: 27, hazards_rectified: 29 } },
];

const title = '2022年昆明市“安全生产月”和“安全生产万里行”活动进展情况统计表';
const subtitle = '填报单位：五华区安委会    截至：2022年7月1日';

async function open(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('活动进展情况统计表');
  if (!ws) throw new Error('worksheet missing');
  return ws;
}

async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Sheet1'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('writeStatisticsSheet', () => {
  it('lays out the official table: title, subtitle, two-level header, typed cells, print setup', async () => {
    const ws = await open(await writeStatisticsSheet({ title, subtitle, categories, indicators, rows }));
    const lastCol = 3 + indicators.length; // I

    // Title and subtitle merged over the whole width.
    expect(ws.getCell('A1').value).toBe(title);
    expect(ws.getCell('A1').font.name).toBe('方正小标宋简体');
    expect(ws.getCell('A1').font.size).toBe(18);
    expect(ws.getCell('A1').font.bold).toBe(true);
    expect(ws.getCell('A1').alignment.horizontal).toBe('center');
    expect(ws.getRow(1).height).toBeGreaterThanOrEqual(30);
    for (let c = 2; c <= lastCol; c++) {
      expect(ws.getCell(1, c).isMerged).toBe(true);
      expect(ws.getCell(1, c).master.address).toBe('A1');
    }
    expect(ws.getCell(1, lastCol + 1).isMerged).toBe(false);
    expect(ws.getCell('A2').value).toBe(subtitle);
    expect(ws.getCell('A2').alignment.horizontal).toBe('left');
    expect(ws.getCell('A2').font.size).toBe(11);
    expect(ws.getCell(2, lastCol).master.address).toBe('A2');

    // Fixed header cells merged down over both header rows.
    expect([ws.getCell('A3').value, ws.getCell('B3').value, ws.getCell('C3').value]).toEqual(['序号', '单位代码', '单位名称']);
    for (const c of ['A', 'B', 'C']) expect(ws.getCell(`${c}4`).master.address).toBe(`${c}3`);

    // Each category over exactly its own indicators.
    expect(ws.getCell('D3').value).toBe('安全宣传“五进”');
    expect(ws.getCell('E3').master.address).toBe('D3');
    expect(ws.getCell('F3').value).toBe('应急演练');
    expect(ws.getCell('F3').isMerged).toBe(true);
    expect(ws.getCell('F3').master.address).toBe('F3');
    expect(ws.getCell('G3').master.address).toBe('F3');
    expect(ws.getCell('H3').value).toBe('安全生产万里行');
    expect(ws.getCell('I3').master.address).toBe('H3');
    expect(ws.getCell('D4').isMerged).toBe(false);

    expect([4, 5, 6, 7, 8, 9].map((c) => ws.getCell(4, c).value)).toEqual([
      '启动活动（场）', '线上活动观看（参与）（人次）', '开展应急演练（场）', '应急演练参与（人次）', '排查发现隐患（项）', '整改隐患（项）',
    ]);
    expect(ws.getCell('E4').alignment.wrapText).toBe(true);
    expect(ws.getCell('E4').border.bottom?.style).toBe('thin');

    // Unit rows: serial numbers, text codes, numeric values, empty cells for null.
    expect(ws.getCell('A5').value).toBe(1);
    expect(ws.getCell('A7').value).toBe(3);
    expect(ws.getCell('B5').value).toBe('530102');
    expect(typeof ws.getCell('B5').value).toBe('string');
    expect(ws.getCell('B5').numFmt).toBe('@');
    expect(ws.getCell('B7').value).toBe('0871-01');
    expect(ws.getCell('C5').value).toBe('五华区安委会');
    expect(ws.getCell('C5').font.name).toBe('宋体');
    expect(ws.getCell('D5').value).toBe(3);
    expect(typeof ws.getCell('E5').value).toBe('number');
    expect(ws.getCell('E5').value).toBe(12000);
    expect(ws.getCell('E5').numFmt).toBe('0');
    expect(ws.getCell('E6').value).toBeNull();
    expect(ws.getCell('H6').value).toBeNull();
    expect(ws.getCell('E7').value).toBeNull(); // key absent from values
    expect(ws.getCell('I7').border.right?.style).toBe('thin');
    expect(ws.getCell('C5').font.bold).toBeFalsy();

    // Subtotal and total: no serial, no code, bold.
    expect(ws.getCell('A8').value).toBeNull();
    expect(ws.getCell('C8').value).toBe('小计：县（市）区');
    expect(ws.getCell('C9').value).toBe('合计');
    expect(ws.getCell('A9').value).toBeNull();
    expect(ws.getCell('B9').value).toBeNull();
    expect(ws.getCell('I9').value).toBe(29);
    for (let c = 1; c <= lastCol; c++) expect(ws.getCell(9, c).font.bold).toBe(true);
    expect(ws.rowCount).toBe(9);

    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.printTitlesRow).toBe('3:4');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 4 });
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(20);
  });

  it('puts the header in row 2 without a subtitle, and indicators of an unknown category under 其他', async () => {
    const extra = ind('media_reports', 'publicity', '媒体宣传报道', 'Media reports', '篇', 'reports');
    const ws = await open(await writeStatisticsSheet({ title, categories, indicators: [...indicators, extra], rows: [{ kind: 'unit', code: '1', name: 'x', values: { media_reports: 7 } }] }));
    expect(ws.getCell('A2').value).toBe('序号');
    expect(ws.getCell('J2').value).toBe('其他');
    expect(ws.getCell('J3').value).toBe('媒体宣传报道（篇）');
    expect(ws.getCell('J4').value).toBe(7);
    expect(ws.getCell(1, 10).master.address).toBe('A1');
    expect(ws.pageSetup.printTitlesRow).toBe('2:3');
  });
});

describe('readStatisticsSheet', () => {
  it('reads back the unit rows of a written sheet and skips subtotal and total rows', async () => {
    const buffer = await writeStatisticsSheet({ title, subtitle, categories, indicators, rows });
    const read = await readStatisticsSheet(buffer, indicators);
    expect(read.missingColumns).toEqual([]);
    expect(read.rows.map((r) => r.row)).toEqual([5, 6, 7]);
    expect(read.rows.map((r) => ({ code: r.code, name: r.name }))).toEqual(unitRows.map((r) => ({ code: r.code, name: r.name })));
    const complete = (v: Record<string, number | null>) => Object.fromEntries(indicators.map((i) => [i.key, v[i.key] ?? null]));
    expect(read.rows.map((r) => r.values)).toEqual(unitRows.map((r) => complete(r.values)));
    expect(read.rows.every((r) => r.errors.length === 0)).toBe(true);
  });

  it('reports a bad cell by indicator key and Excel row, and reads what a clerk typed', async () => {
    const buffer = await xlsx((ws) => {
      ws.addRow(['活动进展情况统计表']);
      ws.addRow(['序号', '单位代码', '单位名称', '启动活动（场）', '开展应急演练(场)', '排查发现隐患 （项）', '整改隐患']);
      ws.addRow([1, 530102, ' 五华区安委会 ', '3.5', '-1', 'abc', '1,200']);
      ws.addRow([2, '530103', '盘龙区安委会', 2e9, ' 12 ', '-', '—']);
      ws.addRow([3, null, '官渡区安委会', -4, 1.5, { formula: 'D5*2', result: 8 }, { formula: 'E5', result: undefined }]);
      ws.addRow([]);
      ws.addRow([null, null, '合计', 1, 2, 3, 4]);
      ws.addRow([null, null, '总计', 1, 2, 3, 4]);
    });
    const read = await readStatisticsSheet(buffer, indicators);
    expect(read.missingColumns).toEqual(['线上活动观看（参与）', '应急演练参与']);
    const at = (field: string, col: number) => ({ field, col, header: ['启动活动（场）', '开展应急演练(场)', '排查发现隐患 （项）', '整改隐患'][col - 4]! });
    expect(read.rows).toEqual([
      {
        row: 3, code: '530102', name: '五华区安委会',
        values: { launch_events: null, drills_held: null, hazards_found: null, hazards_rectified: 1200 },
        errors: [
          { ...at('launch_events', 4), code: 'not_integer', raw: '3.5' },
          { ...at('drills_held', 5), code: 'negative', raw: '-1' },
          { ...at('hazards_found', 6), code: 'not_number', raw: 'abc' },
        ],
        blank: [],
      },
      {
        row: 4, code: '530103', name: '盘龙区安委会',
        values: { launch_events: null, drills_held: 12, hazards_found: null, hazards_rectified: null },
        errors: [{ ...at('launch_events', 4), code: 'too_large', raw: '2000000000' }],
        // A dash is how a clerk writes "nothing": blank, which is not 0.
        blank: ['hazards_found', 'hazards_rectified'],
      },
      {
        row: 5, code: null, name: '官渡区安委会',
        values: { launch_events: null, drills_held: null, hazards_found: 8, hazards_rectified: null },
        errors: [
          { ...at('launch_events', 4), code: 'negative', raw: '-4' },
          { ...at('drills_held', 5), code: 'not_integer', raw: '1.5' },
          // A formula Excel never computed is not read as blank or 0.
          { ...at('hazards_rectified', 7), code: 'formula_no_value', raw: '', detail: 'E5' },
        ],
        blank: [],
      },
    ]);
  });

  it('reads a hand-made two-level header without merges, rich text, full-width digits and English labels', async () => {
    const buffer = await xlsx((ws) => {
      ws.addRow(['统计表']);
      ws.addRow(['序号', 'Unit code', '单位名称', '启动', null, '应急演练']);
      ws.addRow([null, null, null, 'Launch events (events)', '线上活动观看(参与)', '开展应急演练\n（场）']);
      ws.addRow([1, { richText: [{ text: '5301' }, { text: '14' }] }, { text: { richText: [{ text: '官渡区' }, { text: '安委会' }] }, hyperlink: 'https://example.org' }, '１２', '１，２００', ' ']);
    });
    const read = await readStatisticsSheet(buffer, indicators);
    expect(read.missingColumns).toEqual(['应急演练参与', '排查发现隐患', '整改隐患']);
    expect(read.rows).toEqual([
      { row: 4, code: '530114', name: '官渡区安委会', values: { launch_events: 12, online_views: 1200, drills_held: null }, errors: [], blank: ['drills_held'] },
    ]);
  });

  it('accepts the limit itself and rejects one more', async () => {
    const buffer = await xlsx((ws) => {
      ws.addRow(['单位名称', '启动活动']);
      ws.addRow(['甲', MAX_INDICATOR_VALUE]);
      ws.addRow(['乙', MAX_INDICATOR_VALUE + 1]);
    });
    const read = await readStatisticsSheet(buffer, indicators);
    expect(read.rows.map((r) => [r.values.launch_events, r.errors.map((e) => e.code)])).toEqual([[MAX_INDICATOR_VALUE, []], [null, ['too_large']]]);
  });

  it('reads a single header row without codes or measures and lists the labels it lacks', async () => {
    const buffer = await xlsx((ws) => {
      ws.addRow(['单位名称', '开展应急演练', '整改隐患', 'Hazards found', '备注']);
      ws.addRow(['呈贡区安委会', 4, 9, '10', '按时报送']);
      ws.addRow([null, null, null, null, null]);
      ws.addRow(['小计：开发区', 4, 9, 10]);
      ws.addRow(['晋宁区安委会', null, 0, '']);
    });
    const read = await readStatisticsSheet(buffer, indicators);
    expect(read.missingColumns).toEqual(['启动活动', '线上活动观看（参与）', '应急演练参与']);
    expect(read.rows).toEqual([
      { row: 2, code: null, name: '呈贡区安委会', values: { drills_held: 4, hazards_found: 10, hazards_rectified: 9 }, errors: [], blank: [] },
      { row: 5, code: null, name: '晋宁区安委会', values: { drills_held: null, hazards_found: null, hazards_rectified: 0 }, errors: [], blank: ['drills_held', 'hazards_found'] },
    ]);
  });

  it('answers 400 import.header_missing when no row names the units', async () => {
    const buffer = await xlsx((ws) => {
      ws.addRow(['单位', '启动活动']);
      ws.addRow(['甲', 1]);
    });
    const e = await appErrorOf(readStatisticsSheet(buffer, indicators));
    expect([e.statusCode, e.code]).toEqual([400, 'import.header_missing']);
  });

  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256))],
    ['a text file', Buffer.from('单位代码,单位名称\r\n530102,五华区安委会\r\n', 'utf8')],
    ['an empty file', Buffer.alloc(0)],
  ])('answers 400 import.not_xlsx for %s', async (_what, data) => {
    const e = await appErrorOf(readStatisticsSheet(data, indicators));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('import.not_xlsx');
    expect(e.fields.map((f) => f.field)).toEqual(['file']);
  });
});

describe('writeStatisticsCsv', () => {
  it('writes UTF-8 with a BOM and CRLF, quotes per RFC 4180 and defuses formulas', () => {
    const csv = writeStatisticsCsv({
      indicators: indicators.slice(0, 3),
      rows: [
        { kind: 'unit', code: '530102', name: '=cmd()', values: { launch_events: 3, online_views: null, drills_held: 1200 } },
        { kind: 'unit', code: '-530103', name: '盘龙区安委会, 城区', values: { launch_events: 0 } },
        { kind: 'unit', code: 'A1', name: '说"安全"', values: {} },
        { kind: 'total', code: null, name: '合计', values: { launch_events: 3, drills_held: 1200 } },
      ],
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '单位代码,单位名称,启动活动（场）,线上活动观看（参与）（人次）,开展应急演练（场）',
      "530102,'=cmd(),3,,1200",
      "'-530103,\"盘龙区安委会, 城区\",0,,",
      'A1,"说""安全""",,,',
      ',合计,3,,1200',
      '',
    ]);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n|\r/);
  });

  it.each(['+1', '@SUM(A1)', '\tx', '\rx'])('prefixes an apostrophe to %j', (name) => {
    const line = writeStatisticsCsv({ indicators: [], rows: [{ kind: 'unit', code: null, name, values: {} }] }).split('\r\n')[1];
    expect(line).toMatch(/^,"?'/);
  });
});

describe('write then read', () => {
  const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((n) => String.fromCodePoint(n));
  const latin = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 （）()·-_'.split(''));
  const name = fc
    .array(fc.oneof(cjk, latin), { minLength: 1, maxLength: 20 })
    .map((cs) => cs.join('').trim())
    .filter((s) => s.length > 0 && !/^(小计|合计|总计)/.test(s) && s !== '单位名称');
  const value = fc.option(fc.integer({ min: 0, max: MAX_INDICATOR_VALUE }), { nil: null });
  const unitRow = fc.record({
    code: fc.stringMatching(/^[A-Z0-9-]{1,12}$/),
    name,
    values: fc.tuple(...indicators.map(() => value)),
  });

  it('gives back exactly the codes, names and values written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(unitRow, { minLength: 0, maxLength: 8 }), async (generated) => {
        const written: StatisticsSheetRow[] = generated.map((g) => ({
          kind: 'unit', code: g.code, name: g.name, values: Object.fromEntries(indicators.map((i, n) => [i.key, g.values[n] ?? null])),
        }));
        const buffer = await writeStatisticsSheet({ title, subtitle, categories, indicators, rows: [...written, { kind: 'total', code: null, name: '合计', values: {} }] });
        const read = await readStatisticsSheet(buffer, indicators);
        expect(read.missingColumns).toEqual([]);
        expect(read.rows.map((r) => ({ kind: 'unit', code: r.code, name: r.name, values: r.values }))).toEqual(written);
        expect(read.rows.flatMap((r) => r.errors)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
