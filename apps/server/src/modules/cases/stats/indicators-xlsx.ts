// The indicators as an XLSX workbook: the ranked rows and the total with the same numbers as
// the JSON answer (rates as percentages with their formula in a second sheet).
import ExcelJS from 'exceljs';
import type { CaseIndicatorRow, CaseIndicators } from '@citygov/contracts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Column = {
  header: string;
  key: keyof CaseIndicatorRow;
  width: number;
  /** A fraction shown as a percentage. */
  isRate?: boolean;
};

const columns: Column[] = [
  { header: '排名 Rank', key: 'rank', width: 8 },
  { header: '单位/区域 Unit', key: 'name', width: 28 },
  { header: '编码 Key', key: 'key', width: 10 },
  { header: '立案数 Filed', key: 'filed', width: 10 },
  { header: '结案数 Closed', key: 'closed', width: 10 },
  { header: '结案率 Closure rate', key: 'closureRate', width: 12, isRate: true },
  { header: '应结案数 Due', key: 'due', width: 10 },
  { header: '其中延期 Due, extended', key: 'dueExtended', width: 12 },
  { header: '按期结案数 On time', key: 'onTimeClosed', width: 12 },
  { header: '按期结案率 On-time rate', key: 'onTimeRate', width: 12, isRate: true },
  { header: '返工数 Reworked', key: 'reworked', width: 10 },
  { header: '返工率 Rework rate', key: 'reworkRate', width: 12, isRate: true },
  { header: '延期数 Extensions', key: 'extensions', width: 10 },
  { header: '延期率 Extension rate', key: 'extensionRate', width: 12, isRate: true },
  { header: '平均处置时长(小时) Avg handling h', key: 'averageHandlingHours', width: 14 },
  { header: '回访数 Call backs', key: 'callbacks', width: 10 },
  { header: '满意 Satisfied', key: 'satisfied', width: 10 },
  { header: '基本满意 Basically', key: 'basicallySatisfied', width: 10 },
  { header: '不满意 Dissatisfied', key: 'dissatisfied', width: 10 },
  { header: '满意度 Satisfaction', key: 'satisfaction', width: 12 },
  { header: '综合评分 Score', key: 'score', width: 10 },
];

const formulas: Array<[string, string]> = [
  ['结案率 Closure rate', '结案数 ÷ 立案数 (closed ÷ filed)'],
  [
    '按期结案率 On-time rate',
    '按期结案数 ÷ (应结案数 − 其中延期) (on-time closures ÷ (cases due − approved extensions))',
  ],
  ['应结案数 Due', '结案数 + 超期未办结数 (closures + cases still handled past their deadline)'],
  ['返工率 Rework rate', '返工结案数 ÷ 结案数 (closures after a failed verification ÷ closed)'],
  ['延期率 Extension rate', '批准延期数 ÷ 立案数 (approved extensions ÷ filed)'],
  ['平均处置时长 Avg handling', '首次派遣 → 最后处置反馈 (first dispatch → last handling report)'],
  ['满意度 Satisfaction', '满意 100, 基本满意 80, 不满意 0 的平均 (mean of the call backs)'],
  ['综合评分 Score', 'Σ 权重 × 分项 ÷ Σ 权重 (weighted mean of the known parts, × 100)'],
];

function addRow(sheet: ExcelJS.Worksheet, row: CaseIndicatorRow) {
  const added = sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null])));
  for (const [i, c] of columns.entries()) {
    if (c.isRate) added.getCell(i + 1).numFmt = '0.00%';
  }
  return added;
}

/** The workbook's bytes. */
export async function indicatorsWorkbook(result: CaseIndicators): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CityGov';
  workbook.created = new Date(result.generatedAt);
  const groupName = result.groupBy === 'region' ? '区域' : '部门';
  const sheet = workbook.addWorksheet(`${groupName}考评`);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of result.rows) addRow(sheet, row);
  const total = addRow(sheet, result.total);
  total.font = { bold: true };

  const about = workbook.addWorksheet('说明 About');
  about.columns = [
    { header: '项目 Item', key: 'item', width: 28 },
    { header: '内容 Value', key: 'value', width: 90 },
  ];
  about.getRow(1).font = { bold: true };
  about.addRow({ item: '期间 Period', value: `${result.from} — ${result.to}` });
  about.addRow({ item: '分组 Grouped by', value: result.groupBy });
  about.addRow({ item: '生成时间 Generated', value: result.generatedAt });
  about.addRow({
    item: '权重 Weights',
    value: Object.entries(result.weights)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
  });
  for (const [item, value] of formulas) about.addRow({ item, value });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const indicatorsFileName = (result: CaseIndicators) =>
  `case-indicators-${result.groupBy}-${result.from}-${result.to}.xlsx`;
