import { PassThrough } from 'node:stream';
import { columnName, writeXlsx, XS, type Cell, type SheetRow } from './xlsx-stream';
import { csvDocument, csvText } from './csv';

/*
 * 举报案件台账: the office's register of cases, one row per case, as xlsx (A4 landscape, one
 * page wide, the header repeated on every page) and as CSV. The reporter's name and phone are
 * columns only when the caller may see them; otherwise they are not in the file at all.
 */

export interface CaseSheetRow {
  reference: string;
  source: string;
  category: string;
  county: string;
  address: string;
  enterprise: string;
  occurredOn: string;
  receivedOn: string;
  status: string;
  assignedUnit: string;
  deadline: string;
  overdue: string;
  escalated: string;
  findings: string;
  rectification: string;
  reply: string;
  reporterName?: string;
  reporterPhone?: string;
}

const COLUMNS: { key: keyof CaseSheetRow; header: string; width: number }[] = [
  { key: 'reference', header: '案件编号', width: 13 },
  { key: 'source', header: '来源', width: 10 },
  { key: 'category', header: '类别', width: 16 },
  { key: 'county', header: '县（市）区', width: 12 },
  { key: 'address', header: '地址', width: 24 },
  { key: 'enterprise', header: '涉及单位', width: 20 },
  { key: 'occurredOn', header: '发生日期', width: 11 },
  { key: 'receivedOn', header: '收到日期', width: 11 },
  { key: 'status', header: '状态', width: 9 },
  { key: 'assignedUnit', header: '承办单位', width: 16 },
  { key: 'deadline', header: '办理期限', width: 11 },
  { key: 'overdue', header: '超期', width: 6 },
  { key: 'escalated', header: '督办', width: 6 },
  { key: 'findings', header: '核查情况', width: 24 },
  { key: 'rectification', header: '整改情况', width: 24 },
  { key: 'reply', header: '答复', width: 24 },
];
const REPORTER: typeof COLUMNS = [
  { key: 'reporterName', header: '举报人', width: 10 },
  { key: 'reporterPhone', header: '联系电话', width: 14 },
];

const columnsFor = (withReporter: boolean) => (withReporter ? [...COLUMNS, ...REPORTER] : COLUMNS);

export async function writeCasesSheet(input: { title: string; subtitle: string; rows: readonly CaseSheetRow[]; withReporter: boolean }): Promise<Buffer> {
  const cols = columnsFor(input.withReporter);
  const last = columnName(cols.length - 1);
  function* rows(): Generator<SheetRow> {
    yield { cells: [{ v: input.title, s: XS.title }, ...cols.slice(1).map(() => null)], height: 36 };
    yield { cells: [{ v: input.subtitle, s: XS.subtitle }, ...cols.slice(1).map(() => null)] };
    yield { cells: cols.map((c) => ({ v: c.header, s: XS.header })), height: 28 };
    for (const r of input.rows) {
      yield { cells: cols.map((c): Cell => ({ v: r[c.key] ?? '', s: c.key === 'reference' || c.key === 'reporterPhone' ? XS.code : c.width >= 16 ? XS.name : XS.text })) };
    }
  }
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(sink, {
    name: '举报案件台账',
    widths: cols.map((c) => c.width),
    merges: [`A1:${last}1`, `A2:${last}2`],
    frozen: { rows: 3, columns: 1 },
    printTitleRows: [3, 3],
  }, rows());
  return Buffer.concat(chunks);
}

export function writeCasesCsv(rows: readonly CaseSheetRow[], withReporter: boolean): string {
  const cols = columnsFor(withReporter);
  return csvDocument([
    cols.map((c) => csvText(c.header)).join(','),
    ...rows.map((r) => cols.map((c) => csvText(r[c.key] ?? '')).join(',')),
  ]);
}
