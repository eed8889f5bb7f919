// Exporting the whole catalogue (suspended items too) as XLSX or CSV, one row per item.
import type { CatalogueFileFormat } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { findAllItems } from '../catalogue/item-repository.ts';
import { itemToCells, sheetColumns } from './item-sheet.ts';
import { csvOf, xlsxOf } from './workbook.ts';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

export async function exportItems(db: Db, format: CatalogueFileFormat): Promise<ExportFile> {
  const rows = (await findAllItems(db)).map(itemToCells);
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  if (format === 'csv') {
    return {
      body: Buffer.from(csvOf(sheetColumns, rows), 'utf8'),
      contentType: 'text/csv; charset=utf-8',
      fileName: `service-items-${date}.csv`,
    };
  }
  return {
    body: await xlsxOf(sheetColumns, rows),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `service-items-${date}.xlsx`,
  };
}
