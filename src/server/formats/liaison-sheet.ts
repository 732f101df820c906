import ExcelJS from 'exceljs';
import type { LiaisonField } from '../../domain/campaign/campaign.schema';

/*
 * 附件1 联络员反馈表 as the office sends it on: a merged title row, a header row (序号, 单位, then
 * each field), one row per unit, thin borders, wrapped text, printable on A4 landscape, one page wide.
 */

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

const FONT = '宋体';

function widthOf(f: LiaisonField): number {
  if (f.type === 'email') return 24;
  if (f.type === 'phone' || f.type === 'mobile') return 16;
  return 14;
}

export async function writeLiaisonSheet(input: {
  title: string;
  fields: readonly LiaisonField[];
  rows: { unitName: string; values: Record<string, string> }[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'safemonth';
  const ws = wb.addWorksheet('联络员反馈表', {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:2',
    },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  const columnCount = 2 + input.fields.length;
  ws.columns = [
    { key: 'no', width: 6 },
    { key: 'unit', width: 30 },
    ...input.fields.map((f) => ({ key: f.key, width: widthOf(f) })),
  ];

  ws.mergeCells(1, 1, 1, columnCount);
  const title = ws.getCell(1, 1);
  title.value = input.title;
  title.font = { name: '方正小标宋简体', size: 18, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 40;

  const header = ws.getRow(2);
  header.values = ['序号', '单位', ...input.fields.map((f) => f.label.zh)];
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = thin;
  });

  input.rows.forEach((r, i) => {
    const row = ws.addRow([i + 1, r.unitName, ...input.fields.map((f) => r.values[f.key] ?? '')]);
    row.height = 28;
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      cell.font = { name: FONT, size: 11 };
      cell.border = thin;
      cell.alignment = { horizontal: c === 2 ? 'left' : 'center', vertical: 'middle', wrapText: true };
      // Phone numbers stay text: Excel would drop the leading 0 of an area code.
      if (c > 2) cell.numFmt = '@';
    }
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
