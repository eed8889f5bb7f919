// The indicators as an XLSX workbook: the same rows and numbers as the API answer (counts,
// then the shares as numbers formatted as percentages), one sheet, a total row at the end.
import ExcelJS from 'exceljs';
import type { IndicatorCounts, IndicatorsAnswer, IndicatorValues } from '@citygov/contracts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const countColumns: Array<[keyof IndicatorCounts, string]> = [
  ['received', '收件数'],
  ['receivedOnline', '网上收件数'],
  ['finished', '办结数'],
  ['finishedOnTime', '按时办结数'],
  ['finishedSupplemented', '经补正办结数'],
  ['workingDaysSum', '办结用时合计（工作日）'],
  ['items', '事项数'],
  ['itemsAtMostOneVisit', '最多跑一次事项数'],
  ['ratings', '评价数'],
  ['ratingsSatisfied', '满意及以上'],
  ['badRatings', '差评数'],
  ['badRatingsRectified', '差评已整改'],
];
const valueColumns: Array<[keyof IndicatorValues, string, 'share' | 'days']> = [
  ['onlineRate', '网上办理率', 'share'],
  ['atMostOneVisitShare', '最多跑一次比例', 'share'],
  ['avgWorkingDays', '平均办结用时（工作日）', 'days'],
  ['p90WorkingDays', 'P90 办结用时（工作日）', 'days'],
  ['onTimeRate', '按时办结率', 'share'],
  ['supplementRate', '补正率', 'share'],
  ['satisfaction', '满意率', 'share'],
  ['rectificationRate', '差评整改率', 'share'],
];

/** The workbook of an indicators answer, with its file name. */
export async function exportIndicators(
  answer: IndicatorsAnswer,
): Promise<{ body: Buffer; fileName: string }> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CityGov';
  const sheet = workbook.addWorksheet('办件指标');
  const isByItem = answer.groupBy === 'item';
  const head = ['部门', '区划', ...(isByItem ? ['事项编码', '事项名称'] : [])];
  sheet.addRow([`统计期间 ${answer.from} 至 ${answer.to}`]);
  sheet.addRow([...head, ...countColumns.map((c) => c[1]), ...valueColumns.map((c) => c[1])]);
  sheet.getRow(2).font = { bold: true };
  const line = (
    first: string[],
    counts: IndicatorCounts,
    values: IndicatorValues,
  ): Array<string | number | null> => [
    ...first,
    ...countColumns.map(([key]) => counts[key]),
    ...valueColumns.map(([key]) => values[key]),
  ];
  for (const row of answer.rows) {
    sheet.addRow(
      line(
        [
          row.departmentName,
          row.regionCode,
          ...(isByItem ? [row.itemCode ?? '', row.itemName ?? ''] : []),
        ],
        row.counts,
        row.values,
      ),
    );
  }
  const total = sheet.addRow(
    line(['合计', '', ...(isByItem ? ['', ''] : [])], answer.total.counts, answer.total.values),
  );
  total.font = { bold: true };
  valueColumns.forEach(([, , kind], i) => {
    const column = sheet.getColumn(head.length + countColumns.length + i + 1);
    column.numFmt = kind === 'share' ? '0.00%' : '0.00';
    column.width = 14;
  });
  sheet.getColumn(1).width = 28;
  if (isByItem) sheet.getColumn(4).width = 40;
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { body, fileName: `indicators-${answer.groupBy}-${answer.from}-${answer.to}.xlsx` };
}
