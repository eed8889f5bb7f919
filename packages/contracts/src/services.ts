// The service catalogue (办事指南): items, their materials and steps, search, import/export.
import { Type, type Static, type TSchema } from 'typebox';
import { freeText, lineText } from './text.ts';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Item (power) types: 行政许可, 行政处罚, 行政强制, 行政征收, 行政给付, 行政检查, 行政确认,
 * 行政奖励, 行政裁决, 其他行政权力, 公共服务. */
export const ServiceItemType = Type.Union([
  Type.Literal('XK'),
  Type.Literal('CF'),
  Type.Literal('QZ'),
  Type.Literal('ZS'),
  Type.Literal('JF'),
  Type.Literal('JC'),
  Type.Literal('QR'),
  Type.Literal('JL'),
  Type.Literal('CJ'),
  Type.Literal('QT'),
  Type.Literal('GG'),
]);
export type ServiceItemType = Static<typeof ServiceItemType>;

/** Where an item is offered. */
export const ServiceChannel = Type.Union([
  Type.Literal('web'),
  Type.Literal('mobile'),
  Type.Literal('mini_program'),
  Type.Literal('bank_terminal'),
  Type.Literal('rural_point'),
  Type.Literal('window'),
]);
export type ServiceChannel = Static<typeof ServiceChannel>;

export const ServiceAudience = Type.Union([
  Type.Literal('citizen'),
  Type.Literal('enterprise'),
  Type.Literal('both'),
]);
export type ServiceAudience = Static<typeof ServiceAudience>;

export const ServiceItemStatus = Type.Union([Type.Literal('active'), Type.Literal('suspended')]);
export type ServiceItemStatus = Static<typeof ServiceItemStatus>;

/** 原件 / 复印件 / 电子件. */
export const MaterialForm = Type.Union([
  Type.Literal('original'),
  Type.Literal('copy'),
  Type.Literal('electronic'),
]);
export type MaterialForm = Static<typeof MaterialForm>;

/** 必要 / 容缺或情形要件 (needed only when its condition applies). */
export const MaterialRequirement = Type.Union([
  Type.Literal('required'),
  Type.Literal('conditional'),
]);
export type MaterialRequirement = Static<typeof MaterialRequirement>;

/** 来源渠道: 申请人自备 / 政府部门核发 / 中介机构出具. */
export const MaterialSource = Type.Union([
  Type.Literal('applicant'),
  Type.Literal('department'),
  Type.Literal('intermediary'),
]);
export type MaterialSource = Static<typeof MaterialSource>;

export const StepActor = Type.Union([
  Type.Literal('applicant'),
  Type.Literal('window'),
  Type.Literal('reviewer'),
  Type.Literal('approver'),
  Type.Literal('department'),
]);
export type StepActor = Static<typeof StepActor>;

/** 特殊环节, excluded from the time limit. */
export const SpecialStepKind = Type.Union([
  Type.Literal('expert_review'),
  Type.Literal('public_notice'),
  Type.Literal('hearing'),
  Type.Literal('inspection'),
  Type.Literal('testing'),
  Type.Literal('other'),
]);
export type SpecialStepKind = Static<typeof SpecialStepKind>;

export const DeliveryMethod = Type.Union([
  Type.Literal('window'),
  Type.Literal('post'),
  Type.Literal('electronic'),
]);
export type DeliveryMethod = Static<typeof DeliveryMethod>;

/** A licence type code (electronic licence catalogue), e.g. id_card, business_licence. */
const licenceTypeCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' });
const text = (maxLength: number) => freeText(1, maxLength);
/** A name in the catalogue: one line. */
const name = (maxLength: number) => lineText(1, maxLength);
const optionalText = (maxLength: number) => Type.Optional(nullable(text(maxLength)));
const regionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' });

export const ServiceMaterial = Type.Object(
  {
    name: name(200),
    forms: Type.Array(MaterialForm, { minItems: 1, maxItems: 3, uniqueItems: true }),
    /** Paper copies to hand in (0 when electronic only). */
    copies: Type.Integer({ minimum: 0, maximum: 20 }),
    requirement: MaterialRequirement,
    /** When a conditional material is needed (required for conditional materials). */
    condition: optionalText(500),
    source: MaterialSource,
    /** A licence of this type satisfies the material (免提交). */
    licenceType: Type.Optional(nullable(licenceTypeCode)),
    /** File refs (sha256 of an uploaded file, or a path): the blank form and a filled-in sample. */
    blankFormRef: optionalText(200),
    sampleRef: optionalText(200),
    notes: optionalText(500),
  },
  { additionalProperties: false },
);
export type ServiceMaterial = Static<typeof ServiceMaterial>;

export const ServiceStep = Type.Object(
  {
    name: name(100),
    actor: StepActor,
    /** Working days this step may take, when the guide names it. */
    limitDays: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 365 }))),
    description: optionalText(500),
  },
  { additionalProperties: false },
);
export type ServiceStep = Static<typeof ServiceStep>;

export const SpecialStep = Type.Object(
  {
    name: name(100),
    kind: SpecialStepKind,
    /** At most this many working days, not counted in the item's time limit. */
    maxDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);
export type SpecialStep = Static<typeof SpecialStep>;

export const ServiceFee = Type.Object(
  {
    isFree: Type.Boolean(),
    /** Yuan; null when free or when the amount varies (the basis says how it is computed). */
    amountYuan: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 100_000_000 }))),
    basis: optionalText(500),
  },
  { additionalProperties: false },
);
export type ServiceFee = Static<typeof ServiceFee>;

const phone = Type.String({ pattern: '^[0-9+][0-9 -]{2,30}$' });

/** The editable elements of a service guide. */
const guideProperties = {
  name: name(100),
  audience: ServiceAudience,
  legalBasis: text(4000),
  /** 受理条件. */
  conditions: text(4000),
  materials: Type.Array(ServiceMaterial, { maxItems: 60 }),
  steps: Type.Array(ServiceStep, { minItems: 1, maxItems: 20 }),
  /** 法定办结时限 and 承诺办结时限 in working days (0 = 即办件, same day). */
  legalLimitDays: Type.Integer({ minimum: 0, maximum: 365 }),
  promisedLimitDays: Type.Integer({ minimum: 0, maximum: 365 }),
  specialSteps: Type.Array(SpecialStep, { maxItems: 10 }),
  fee: ServiceFee,
  place: text(500),
  hours: text(200),
  /** 到现场次数. */
  visits: Type.Integer({ minimum: 0, maximum: 2 }),
  /** 1 guide only, 2 forms online, 3 online pre-review, 4 fully online (全程网办). */
  onlineDepth: Type.Integer({ minimum: 1, maximum: 4 }),
  channels: Type.Array(ServiceChannel, { minItems: 1, maxItems: 6, uniqueItems: true }),
  /** Life-event or theme codes (GET /api/services/life-events). */
  lifeEvents: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_.]{1,63}$' }), {
    maxItems: 10,
    uniqueItems: true,
  }),
  keywords: Type.Array(text(30), { maxItems: 20, uniqueItems: true }),
  enquiryPhone: phone,
  complaintPhone: phone,
  /** The workflow definition applications of this item run on; defaults per item type. */
  workflowKey: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_.-]{1,99}$' })),
  isLicensing: Type.Boolean(),
  /** The licence type an approved application issues (required when isLicensing). */
  issuedLicenceType: Type.Optional(nullable(licenceTypeCode)),
  /** 办理结果名称, e.g. 营业执照. */
  resultName: optionalText(100),
  deliveryMethods: Type.Array(DeliveryMethod, { minItems: 1, maxItems: 3, uniqueItems: true }),
  /** Applications a year (expected or measured); ranks search results. */
  frequency: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  status: Type.Optional(ServiceItemStatus),
};

/** The parts of the codes: type + 5-digit main item + 3-digit sub item, and who implements it. */
const codeProperties = {
  typeCode: ServiceItemType,
  mainCode: Type.String({ pattern: '^(?!00000)[0-9]{5}$' }),
  subCode: Type.String({ pattern: '^[0-9]{3}$' }),
  departmentId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  /** Defaults to the department's region; must lie within it. */
  regionCode: Type.Optional(regionCode),
};

export const CreateServiceItemBody = Type.Object(
  { ...codeProperties, ...guideProperties },
  { additionalProperties: false },
);
export type CreateServiceItemBody = Static<typeof CreateServiceItemBody>;

/** Replaces the guide; the codes (type, main, sub, agency, region) never change. A left-out
 * workflowKey, frequency or status keeps its stored value. */
export const UpdateServiceItemBody = Type.Object(guideProperties, {
  additionalProperties: false,
});
export type UpdateServiceItemBody = Static<typeof UpdateServiceItemBody>;

export const ServiceDepartmentRef = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
});

/** The full service guide. */
export const ServiceItem = Type.Object({
  /** Implementation code (实施编码): see the codes in the server's item-codes.ts. */
  code: Type.String(),
  /** Basic code (基本编码): type + main + sub, e.g. XK00012000. */
  basicCode: Type.String(),
  typeCode: ServiceItemType,
  typeName: Type.String(),
  mainCode: Type.String(),
  subCode: Type.String(),
  department: ServiceDepartmentRef,
  regionCode: Type.String(),
  ...guideProperties,
  materials: Type.Array(ServiceMaterial),
  workflowKey: Type.String(),
  frequency: Type.Integer(),
  status: ServiceItemStatus,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ServiceItem = Static<typeof ServiceItem>;

/** One search hit. */
export const ServiceItemSummary = Type.Object({
  code: Type.String(),
  basicCode: Type.String(),
  name: Type.String(),
  typeCode: ServiceItemType,
  typeName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  regionCode: Type.String(),
  audience: ServiceAudience,
  legalLimitDays: Type.Integer(),
  promisedLimitDays: Type.Integer(),
  visits: Type.Integer(),
  onlineDepth: Type.Integer(),
  channels: Type.Array(ServiceChannel),
  lifeEvents: Type.Array(Type.String()),
  isFree: Type.Boolean(),
  isLicensing: Type.Boolean(),
  frequency: Type.Integer(),
});
export type ServiceItemSummary = Static<typeof ServiceItemSummary>;

export const ServiceItemSearchQuery = Type.Object(
  {
    /** Name, keyword, code, department; Chinese substrings and pinyin (initials or full). */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    lifeEvent: Type.Optional(Type.String({ maxLength: 64 })),
    type: Type.Optional(ServiceItemType),
    channel: Type.Optional(ServiceChannel),
    audience: Type.Optional(ServiceAudience),
    /** Items serving this region: its own and those of the levels above it. */
    regionCode: Type.Optional(regionCode),
    visits: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })),
    maxVisits: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })),
    onlineDepth: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    minOnlineDepth: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type ServiceItemSearchQuery = Static<typeof ServiceItemSearchQuery>;

export const ServiceItemPage = Type.Object({
  items: Type.Array(ServiceItemSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type ServiceItemPage = Static<typeof ServiceItemPage>;

export const LifeEvent = Type.Object({
  code: Type.String(),
  name: Type.String(),
  audience: Type.Union([Type.Literal('citizen'), Type.Literal('enterprise')]),
  itemCount: Type.Integer(),
});
export type LifeEvent = Static<typeof LifeEvent>;

export const LifeEventList = Type.Object({ lifeEvents: Type.Array(LifeEvent) });
export type LifeEventList = Static<typeof LifeEventList>;

export const CatalogueFileFormat = Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]);
export type CatalogueFileFormat = Static<typeof CatalogueFileFormat>;

export const ServiceItemExportQuery = Type.Object(
  { format: Type.Optional(CatalogueFileFormat) },
  { additionalProperties: false },
);
export type ServiceItemExportQuery = Static<typeof ServiceItemExportQuery>;

/** atomic: any row error writes nothing; valid_only: the good rows are written, the bad reported. */
export const ImportMode = Type.Union([Type.Literal('atomic'), Type.Literal('valid_only')]);
export type ImportMode = Static<typeof ImportMode>;

export const ServiceItemImportQuery = Type.Object(
  {
    format: Type.Optional(CatalogueFileFormat),
    mode: Type.Optional(ImportMode),
    /** Check every row and report, writing nothing. */
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ServiceItemImportQuery = Static<typeof ServiceItemImportQuery>;

/** The import as JSON: CSV text as is, XLSX base64-encoded. */
export const ServiceItemImportBody = Type.Object(
  {
    format: CatalogueFileFormat,
    content: Type.String({ minLength: 1 }),
    encoding: Type.Optional(Type.Union([Type.Literal('utf8'), Type.Literal('base64')])),
  },
  { additionalProperties: false },
);
export type ServiceItemImportBody = Static<typeof ServiceItemImportBody>;

/** A problem in one cell: the sheet row (the header is row 1), the column key, what is wrong. */
export const ImportRowError = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  message: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;

export const ServiceItemImportReport = Type.Object({
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  isApplied: Type.Boolean(),
  errors: Type.Array(ImportRowError),
});
export type ServiceItemImportReport = Static<typeof ServiceItemImportReport>;
