// The statistics as an XLSX workbook: one sheet of rows (the grouping chosen) and the totals.
import ExcelJS from 'exceljs';
import type { WasteFigures, WasteStatistics } from '@citygov/contracts';

const groupLabels: Record<WasteStatistics['groupBy'], string> = {
  day: '日期',
  district: '区县',
  site: '工地（产废单位）',
  disposalSite: '消纳场 / 资源化利用厂',
  company: '运输企业',
};

const figureColumns: Array<{ header: string; key: keyof WasteFigures; isRate?: boolean }> = [
  { header: '联单数', key: 'manifestCount' },
  { header: '排放量 (m³)', key: 'dischargedM3' },
  { header: '消纳量 (m³)', key: 'receivedM3' },
  { header: '填埋量 (m³)', key: 'landfilledM3' },
  { header: '资源化利用量 (m³)', key: 'recycledM3' },
  { header: '资源化利用率', key: 'recyclingRate', isRate: true },
  { header: '分拣量 (m³)', key: 'sortedM3' },
  { header: '分拣率', key: 'sortedRate', isRate: true },
];

/** The workbook's bytes. */
export async function statisticsXlsxOf(stats: WasteStatistics): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CityGov';
  const sheet = workbook.addWorksheet('建筑垃圾统计');
  sheet.addRow([
    `建筑垃圾统计 ${stats.from} 至 ${stats.to}${stats.regionCode ? `（${stats.regionCode}）` : ''}`,
  ]);
  sheet.addRow([groupLabels[stats.groupBy], ...figureColumns.map((c) => c.header)]).font = {
    bold: true,
  };
  const cells = (f: WasteFigures) => figureColumns.map((c) => f[c.key]);
  for (const row of stats.rows) sheet.addRow([row.label, ...cells(row)]);
  sheet.addRow(['合计', ...cells(stats.totals)]).font = { bold: true };
  figureColumns.forEach((c, i) => {
    const column = sheet.getColumn(i + 2);
    column.width = 16;
    column.numFmt = c.isRate ? '0.0%' : c.key === 'manifestCount' ? '0' : '#,##0.0';
  });
  sheet.getColumn(1).width = 28;
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
