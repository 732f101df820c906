import ExcelJS from 'exceljs';
import { fail } from '../http/errors';
import { measureZip, ZIP_CAPS } from './zip-guard';

/**
 * The sheet of an uploaded workbook that a reader wants: the one named `preferred` if there is
 * one, else the first. Anything ExcelJS cannot open (a renamed .xls, a PDF, random bytes) or a
 * workbook without a sheet is the same clear 400 on the `file` field, and so is a zip that really
 * unpacks to more than the zip guard's cap, whatever its headers declare.
 */
export async function openUploadedSheet(data: Buffer, preferred?: string): Promise<ExcelJS.Worksheet> {
  // ExcelJS unpacks every part into memory: the real unpacked size is measured first.
  const measured = await measureZip(data);
  if ('refused' in measured) {
    throw measured.refused === 'expands' ? fail(400, 'import.expands', { max: ZIP_CAPS.totalBytes / (1024 * 1024) }, 'file') : fail(400, 'import.not_xlsx', {}, 'file');
  }
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
