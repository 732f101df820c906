import ExcelJS from 'exceljs';
import { fail } from '../http/errors';

/**
 * The sheet of an uploaded workbook that a reader wants: the one named `preferred` if there is
 * one, else the first. Anything ExcelJS cannot open (a renamed .xls, a PDF, random bytes) or a
 * workbook without a sheet is the same clear 400 on the `file` field.
 */
export async function openUploadedSheet(data: Buffer, preferred?: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw fail(400, 'import.not_xlsx', {}, 'file');
  }
  const ws = (preferred ? wb.getWorksheet(preferred) : undefined) ?? wb.worksheets[0];
  if (!ws) throw fail(400, 'import.not_xlsx', {}, 'file');
  return ws;
}
