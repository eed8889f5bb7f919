// The catalogue as a sheet: one row per item, one column per guide element. The same columns
// serve XLSX and CSV; lists and materials use the cell codec (cell-codec.ts).
import type { CreateServiceItemBody } from '@citygov/contracts';
import type { StoredItem } from '../catalogue/item-repository.ts';
import { decodeList, decodeRecords, encodeList, encodeRecords } from './cell-codec.ts';

export interface SheetColumn {
  key: string;
  label: string;
  /** Must appear in the header of an imported sheet. */
  isRequired: boolean;
  /** How the cell is written, for the explanation sheet. */
  format: string;
  isNumeric?: boolean;
}

const col = (
  key: string,
  label: string,
  format: string,
  opts: { isRequired?: boolean; isNumeric?: boolean } = {},
): SheetColumn => ({
  key,
  label,
  format,
  isRequired: opts.isRequired ?? true,
  isNumeric: opts.isNumeric ?? false,
});

export const materialFields =
  'name|forms|copies|requirement|condition|source|licenceType|blankFormRef|sampleRef|notes';
export const stepFields = 'name|actor|limitDays|description';
export const specialStepFields = 'name|kind|maxDays';

export const sheetColumns: readonly SheetColumn[] = [
  col(
    'code',
    '实施编码',
    "written on export; on import, when given, it must match the row's codes",
    { isRequired: false },
  ),
  col('typeCode', '事项类型', 'XK QR JF GG QT CF QZ ZS JC JL CJ'),
  col('mainCode', '主项编码', '5 digits'),
  col('subCode', '子项编码', '3 digits, 000 when none'),
  col(
    'departmentCode',
    '实施机构编码',
    'department code (or leave empty and give departmentName)',
    { isRequired: false },
  ),
  col('departmentName', '实施机构', 'full department name; used when departmentCode is empty', {
    isRequired: false,
  }),
  col('regionCode', '行政区划', "division code; empty = the department's", { isRequired: false }),
  col('name', '事项名称', 'text'),
  col('audience', '服务对象', 'citizen | enterprise | both'),
  col('legalBasis', '设定依据', 'text'),
  col('conditions', '受理条件', 'text'),
  col(
    'materials',
    '申请材料',
    `one per line: ${materialFields}; forms joined by + (original+copy); requirement required|conditional; source applicant|department|intermediary`,
  ),
  col(
    'steps',
    '办理流程',
    `one per line: ${stepFields}; actor applicant|window|reviewer|approver|department`,
  ),
  col('legalLimitDays', '法定办结时限', 'working days', { isNumeric: true }),
  col('promisedLimitDays', '承诺办结时限', 'working days, at most the legal limit', {
    isNumeric: true,
  }),
  col(
    'specialSteps',
    '特殊环节',
    `one per line: ${specialStepFields}; kind expert_review|public_notice|hearing|inspection|testing|other`,
    { isRequired: false },
  ),
  col('isFree', '是否免费', 'true | false'),
  col('feeAmountYuan', '收费金额（元）', 'number; empty when free or when it varies', {
    isRequired: false,
    isNumeric: true,
  }),
  col('feeBasis', '收费依据', 'text; required when not free', { isRequired: false }),
  col('place', '办理地点', 'text'),
  col('hours', '办理时间', 'text'),
  col('visits', '到现场次数', '0 | 1 | 2', { isNumeric: true }),
  col(
    'onlineDepth',
    '网办深度',
    '1 guide only | 2 forms online | 3 online pre-review | 4 fully online',
    { isNumeric: true },
  ),
  col('channels', '办理渠道', 'web|mobile|mini_program|bank_terminal|rural_point|window'),
  col('lifeEvents', '主题分类', 'life-event codes joined by |', { isRequired: false }),
  col('keywords', '关键词', 'joined by |', { isRequired: false }),
  col('enquiryPhone', '咨询电话', 'phone'),
  col('complaintPhone', '监督投诉电话', 'phone'),
  col('workflowKey', '办理流程定义', "workflow definition key; empty = the type's default", {
    isRequired: false,
  }),
  col('isLicensing', '是否发证', 'true | false'),
  col('issuedLicenceType', '证照类型', 'licence type code; required when licensing', {
    isRequired: false,
  }),
  col('resultName', '办理结果', 'text', { isRequired: false }),
  col('deliveryMethods', '送达方式', 'window|post|electronic'),
  col('frequency', '年办件量', 'applications a year', { isRequired: false, isNumeric: true }),
  col('status', '状态', 'active | suspended', { isRequired: false }),
];

/** The cells of one item, in column order (numbers for numeric columns). */
export function itemToCells(item: StoredItem): Array<string | number> {
  const { codes, guide, department } = item;
  const cells: Record<string, string | number> = {
    code: codes.code,
    typeCode: codes.typeCode,
    mainCode: codes.mainCode,
    subCode: codes.subCode,
    departmentCode: department.code,
    departmentName: department.name,
    regionCode: codes.regionCode,
    name: guide.name,
    audience: guide.audience,
    legalBasis: guide.legalBasis,
    conditions: guide.conditions,
    materials: encodeRecords(
      guide.materials.map((m) => [
        m.name,
        m.forms.join('+'),
        m.copies,
        m.requirement,
        m.condition,
        m.source,
        m.licenceType,
        m.blankFormRef,
        m.sampleRef,
        m.notes,
      ]),
    ),
    steps: encodeRecords(guide.steps.map((s) => [s.name, s.actor, s.limitDays, s.description])),
    legalLimitDays: guide.legalLimitDays,
    promisedLimitDays: guide.promisedLimitDays,
    specialSteps: encodeRecords(guide.specialSteps.map((s) => [s.name, s.kind, s.maxDays])),
    isFree: String(guide.fee.isFree),
    feeAmountYuan: guide.fee.amountYuan ?? '',
    feeBasis: guide.fee.basis ?? '',
    place: guide.place,
    hours: guide.hours,
    visits: guide.visits,
    onlineDepth: guide.onlineDepth,
    channels: encodeList(guide.channels),
    lifeEvents: encodeList(guide.lifeEvents),
    keywords: encodeList(guide.keywords),
    enquiryPhone: guide.enquiryPhone,
    complaintPhone: guide.complaintPhone,
    workflowKey: guide.workflowKey,
    isLicensing: String(guide.isLicensing),
    issuedLicenceType: guide.issuedLicenceType ?? '',
    resultName: guide.resultName ?? '',
    deliveryMethods: encodeList(guide.deliveryMethods),
    frequency: guide.frequency,
    status: guide.status,
  };
  return sheetColumns.map((c) => cells[c.key] ?? '');
}

export interface CellError {
  column: string;
  message: string;
}

/** A row read into a request body, before schema and rule checks; department by code or name. */
export interface ReadRow {
  body: Partial<CreateServiceItemBody> & Record<string, unknown>;
  code: string | null;
  departmentCode: string | null;
  departmentName: string | null;
  errors: CellError[];
}

const booleans: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
  是: true,
  否: false,
};

/** Reads the cells of one row (by column key) into a body; malformed cells become errors. */
export function readItemRow(cells: ReadonlyMap<string, string>): ReadRow {
  const errors: CellError[] = [];
  const fail = (column: string, message: string) => {
    errors.push({ column, message });
    return undefined;
  };
  const text = (key: string) => cells.get(key)?.trim() ?? '';
  const optional = (key: string) => text(key) || undefined;
  const integer = (key: string, value = text(key), column = key, where = '') => {
    if (value === '') return undefined;
    if (!/^-?[0-9]+$/.test(value))
      return fail(column, `${where}${key} must be a whole number, got "${value}"`);
    return Number(value);
  };
  const bool = (key: string) => {
    const value = text(key).toLowerCase();
    if (value === '') return undefined;
    const b = booleans[value];
    return b === undefined ? fail(key, `${key} must be true or false, got "${text(key)}"`) : b;
  };
  const list = (key: string) => decodeList(text(key).replace(/[,，、]/g, '|'));

  const materials = decodeRecords(text('materials')).map((f, i) => {
    const where = `line ${i + 1}: `;
    const forms = (f[1] ?? '')
      .split('+')
      .map((x) => x.trim())
      .filter(Boolean);
    return {
      name: f[0] ?? '',
      forms,
      copies: integer('copies', f[2] ?? '', 'materials', where) ?? 0,
      requirement: f[3] ?? '',
      ...(f[4] && { condition: f[4] }),
      source: f[5] ?? '',
      ...(f[6] && { licenceType: f[6] }),
      ...(f[7] && { blankFormRef: f[7] }),
      ...(f[8] && { sampleRef: f[8] }),
      ...(f[9] && { notes: f[9] }),
    };
  });
  const steps = decodeRecords(text('steps')).map((f, i) => {
    const limitDays = integer('limitDays', f[2] ?? '', 'steps', `line ${i + 1}: `);
    return {
      name: f[0] ?? '',
      actor: f[1] ?? '',
      ...(limitDays !== undefined && { limitDays }),
      ...(f[3] && { description: f[3] }),
    };
  });
  const specialSteps = decodeRecords(text('specialSteps')).map((f, i) => ({
    name: f[0] ?? '',
    kind: f[1] ?? '',
    maxDays: integer('maxDays', f[2] ?? '', 'specialSteps', `line ${i + 1}: `) ?? 0,
  }));
  const amount = text('feeAmountYuan');
  let amountYuan: number | undefined;
  if (amount !== '') {
    if (/^[0-9]+(\.[0-9]{1,2})?$/.test(amount)) amountYuan = Number(amount);
    else fail('feeAmountYuan', `feeAmountYuan must be an amount in yuan, got "${amount}"`);
  }
  const body: ReadRow['body'] = {
    typeCode: text('typeCode').toUpperCase() as CreateServiceItemBody['typeCode'],
    mainCode: padDigits(text('mainCode'), 5),
    subCode: padDigits(text('subCode'), 3),
    ...(optional('regionCode') && { regionCode: text('regionCode') }),
    name: text('name'),
    audience: text('audience') as CreateServiceItemBody['audience'],
    legalBasis: text('legalBasis'),
    conditions: text('conditions'),
    materials: materials as CreateServiceItemBody['materials'],
    steps: steps as CreateServiceItemBody['steps'],
    legalLimitDays: integer('legalLimitDays'),
    promisedLimitDays: integer('promisedLimitDays'),
    specialSteps: specialSteps as CreateServiceItemBody['specialSteps'],
    fee: {
      isFree: bool('isFree') as boolean,
      ...(amountYuan !== undefined && { amountYuan }),
      ...(optional('feeBasis') && { basis: text('feeBasis') }),
    },
    place: text('place'),
    hours: text('hours'),
    visits: integer('visits'),
    onlineDepth: integer('onlineDepth'),
    channels: list('channels') as CreateServiceItemBody['channels'],
    lifeEvents: list('lifeEvents'),
    keywords: decodeList(text('keywords')),
    enquiryPhone: text('enquiryPhone'),
    complaintPhone: text('complaintPhone'),
    ...(optional('workflowKey') && { workflowKey: text('workflowKey') }),
    isLicensing: bool('isLicensing'),
    ...(optional('issuedLicenceType') && { issuedLicenceType: text('issuedLicenceType') }),
    ...(optional('resultName') && { resultName: text('resultName') }),
    deliveryMethods: list('deliveryMethods') as CreateServiceItemBody['deliveryMethods'],
    ...(optional('frequency') && { frequency: integer('frequency') }),
    ...(optional('status') && { status: text('status') as CreateServiceItemBody['status'] }),
  };
  // A missing value is reported by the schema check, under its column.
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  if (body.fee && body.fee.isFree === undefined)
    delete (body.fee as Partial<typeof body.fee>).isFree;
  return {
    body,
    code: optional('code') ?? null,
    departmentCode: optional('departmentCode') ?? null,
    departmentName: optional('departmentName') ?? null,
    errors,
  };
}

// A spreadsheet turns 00031 into the number 31: put the zeros back.
const padDigits = (value: string, width: number) =>
  /^[0-9]+$/.test(value) && value.length < width ? value.padStart(width, '0') : value;

const nestedColumns = new Set(['materials', 'steps', 'specialSteps']);
const fieldColumns: Record<string, string> = {
  fee: 'isFree',
  'fee.isFree': 'isFree',
  'fee.amountYuan': 'feeAmountYuan',
  'fee.basis': 'feeBasis',
  departmentId: 'departmentCode',
};

/** The column of an issue found at a body field path (dotted); nested ones name their line. */
export function columnOf(field: string, message: string): CellError {
  const parts = field.split('.');
  const head = parts[0] ?? field;
  if (nestedColumns.has(head) && parts.length > 1 && /^[0-9]+$/.test(parts[1]!)) {
    return { column: head, message: `line ${Number(parts[1]) + 1}: ${message}` };
  }
  const column = fieldColumns[field] ?? fieldColumns[head] ?? head;
  return { column, message };
}
