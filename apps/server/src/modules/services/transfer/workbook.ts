// Reading and writing the sheet as XLSX or CSV: rows of text cells, the header first.
import ExcelJS from 'exceljs';
import { AppError } from '../../../platform/errors.ts';
import { CsvSyntaxError, readCsv, writeCsv } from './csv.ts';
import type { SheetColumn } from './item-sheet.ts';

export const ITEMS_SHEET = '事项目录';
export const HELP_SHEET = '填写说明';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replaceAll('\r\n', '\n');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText(value.result);
  }
  if ('text' in value) return String(value.text);
  return '';
}

/** The rows of an XLSX workbook's catalogue sheet (or its first sheet). */
export async function readXlsxRows(data: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('bad_request', 'The file is not a readable XLSX workbook', {
      field: 'file',
    });
  }
  const sheet = workbook.getWorksheet(ITEMS_SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw new AppError('bad_request', 'The workbook has no sheet', { field: 'file' });
  const width = sheet.columnCount;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** The rows of CSV text; a broken quote is a 400 naming its row. */
export function readCsvRows(text: string): string[][] {
  try {
    return readCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new AppError(
        'validation_failed',
        `The CSV is malformed at row ${error.row}: ${error.message}`,
        {
          field: 'file',
          row: error.row,
        },
      );
    }
    throw error;
  }
}

export const csvOf = (columns: readonly SheetColumn[], rows: Array<Array<string | number>>) =>
  writeCsv([columns.map((c) => c.key), ...rows.map((r) => r.map(String))]);

/** An XLSX workbook: the catalogue sheet (header = column keys) and an explanation sheet. */
export async function xlsxOf(
  columns: readonly SheetColumn[],
  rows: Array<Array<string | number>>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CityGov';
  const sheet = workbook.addWorksheet(ITEMS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map((c) => c.key)).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    const isLong = ['materials', 'steps', 'legalBasis', 'conditions'].includes(c.key);
    column.width = isLong ? 60 : c.isNumeric ? 12 : 22;
    if (isLong) column.alignment = { wrapText: true, vertical: 'top' };
  });
  const help = workbook.addWorksheet(HELP_SHEET);
  help.addRow(['column', '名称', 'required in the header', 'format']).font = { bold: true };
  for (const c of columns) help.addRow([c.key, c.label, c.isRequired ? 'yes' : 'no', c.format]);
  help.getColumn(1).width = 20;
  help.getColumn(2).width = 16;
  help.getColumn(4).width = 100;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
