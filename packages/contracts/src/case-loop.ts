import { Type, type Static } from 'typebox';
import { BboxParam, CategoryCode, ComponentId, Urgency } from './cases.ts';
import { LocalizedLabel } from './workflow.ts';

// ---- The case loop (受理 → 立案 → 派遣 → 处置 → 核查 → 结案 → 回访 → 评价) ----

/** Where a report came from. */
export const CaseChannel = Type.Union([
  Type.Literal('app'),
  Type.Literal('hotline'),
  Type.Literal('inspector'),
  Type.Literal('open311'),
  Type.Literal('sensor'),
]);
export type CaseChannel = Static<typeof CaseChannel>;

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
/** Uploaded photos (POST /api/files), by sha256; images only. */
export const CasePhotos = Type.Array(Sha256, { maxItems: 9 });

export const CaseLocation = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);

export const CreateCaseBody = Type.Object(
  {
    categoryCode: CategoryCode,
    /** WGS-84; may be left out when a component is named (its position is used). */
    location: Type.Optional(CaseLocation),
    componentId: Type.Optional(ComponentId),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    urgency: Type.Optional(Urgency),
    photos: Type.Optional(CasePhotos),
    /** Hide the reporter from staff (only where the category allows it); no call back then. */
    isAnonymous: Type.Optional(Type.Boolean()),
    /** 12319 call takers: the caller on whose behalf the case is filed. */
    caller: Type.Optional(
      Type.Object(
        {
          phone: Type.String({ minLength: 1, maxLength: 20 }),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          wantsCallback: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
    /** Join this open case instead of filing a duplicate. */
    joinCaseId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })),
    /** File a new case even though an open one of the same class is near. */
    forceNew: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

/** A case as listed (reporter details are in the case view, masked). */
export const CaseSummary = Type.Object({
  id: Type.Integer(),
  caseNumber: Type.String(),
  regionCode: Type.String(),
  gridCode: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  componentId: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Number(),
  lon: Type.Number(),
  address: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  urgency: Urgency,
  channel: CaseChannel,
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  reporterCount: Type.Integer(),
  duplicateOf: Type.Union([Type.Integer(), Type.Null()]),
  state: Type.String(),
  stateLabel: LocalizedLabel,
  stateDeadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  isOverdue: Type.Boolean(),
  escalationLevel: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseIntakeResult = Type.Object({
  /** The new case, or the open one the report joined. */
  case: CaseSummary,
  isJoined: Type.Boolean(),
});
export type CaseIntakeResult = Static<typeof CaseIntakeResult>;

export const NearbyCase = Type.Object({
  id: Type.Integer(),
  caseNumber: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  state: Type.String(),
  stateLabel: LocalizedLabel,
  distanceM: Type.Number(),
  lat: Type.Number(),
  lon: Type.Number(),
  /** The first 200 characters. */
  description: Type.String(),
  reporterCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type NearbyCase = Static<typeof NearbyCase>;

export const NearbyCasesQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    categoryCode: CategoryCode,
  },
  { additionalProperties: false },
);
export type NearbyCasesQuery = Static<typeof NearbyCasesQuery>;

export const NearbyCases = Type.Object({
  radiusM: Type.Number(),
  windowHours: Type.Number(),
  items: Type.Array(NearbyCase),
});
export type NearbyCases = Static<typeof NearbyCases>;

export const CaseListQuery = Type.Object(
  {
    /** One state, or several separated by commas (a to-do queue: handling,extended). */
    state: Type.Optional(Type.String({ pattern: '^[a-z_]{1,32}(,[a-z_]{1,32}){0,9}$' })),
    categoryCode: Type.Optional(CategoryCode),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    isOverdue: Type.Optional(Type.Boolean()),
    /** Open cases only (not closed, evaluated, declined or merged). The map asks for these. */
    isOpen: Type.Optional(Type.Boolean()),
    bbox: Type.Optional(BboxParam),
    /** newest: latest reports first (default); deadline: the current step's deadline, soonest first. */
    sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('deadline')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const CaseList = Type.Object({
  items: Type.Array(CaseSummary),
  /**
   * Matching cases, counted up to 10,000 (then isTotalCapped is true). In a map box (bbox)
   * without isOpen=true, only up to the end of the page: isTotalCapped then says more follow.
   * The open cases of a small map box (at most 36 map cells of 0.02°) are counted up to 1,000.
   */
  total: Type.Integer(),
  isTotalCapped: Type.Optional(Type.Boolean()),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type CaseList = Static<typeof CaseList>;

export const CasePageQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type CasePageQuery = Static<typeof CasePageQuery>;

export const CasesByPhoneQuery = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    /** Why the call taker looks (kept in the audit ledger). */
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CasesByPhoneQuery = Static<typeof CasesByPhoneQuery>;

// Indicators, live figures and the map density layer (one file, for the supervision screens).
export * from './case-indicators.ts';
