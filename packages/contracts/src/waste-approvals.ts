import { Type, type Static, type TSchema } from 'typebox';
import { WasteApprovalStatus, WasteType } from './waste-common.ts';

// Disposal approvals (处置核准): what one construction site may send, how much, until when,
// with which transport companies, to which disposal sites, along which routes, in which hours.

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Day = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
/** HH:MM, Beijing time. */
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

export const WasteApprovalView = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  approvalNo: Type.String(),
  constructionSiteId: Type.Integer(),
  constructionSiteName: Type.String(),
  wasteTypes: Type.Array(WasteType),
  permittedVolumeM3: Type.Number(),
  /** Declared volumes of the manifests issued under it (cancelled ones given back). */
  usedVolumeM3: Type.Number(),
  remainingVolumeM3: Type.Number(),
  validFrom: Day,
  validTo: Day,
  /** Transport hours, Beijing time; an end before the start runs past midnight. */
  hoursFrom: Clock,
  hoursTo: Clock,
  status: WasteApprovalStatus,
  /** Whether a manifest may be opened under it today (active, in date, volume left). */
  isUsable: Type.Boolean(),
  /** Why not, when it is not: suspended, revoked, not_yet_valid, expired, exhausted. */
  blockedReason: Nullable(Type.String()),
  companies: Type.Array(Named),
  disposalSites: Type.Array(Named),
  routes: Type.Array(Named),
  note: Nullable(Type.String()),
  issuedAt: Type.String(),
  updatedAt: Type.String(),
});
export type WasteApprovalView = Static<typeof WasteApprovalView>;

export const WasteApprovalList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(WasteApprovalView),
});
export type WasteApprovalList = Static<typeof WasteApprovalList>;

export const WasteApprovalListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    constructionSiteId: Type.Optional(Id),
    /** Only approvals a manifest may be opened under today. */
    isUsable: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type WasteApprovalListQuery = Static<typeof WasteApprovalListQuery>;

export const WasteApprovalBody = Type.Object(
  {
    /** Left out: the next number of the site's district and year. */
    approvalNo: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z\\-]{4,40}$' })),
    constructionSiteId: Id,
    wasteTypes: Type.Array(WasteType, { minItems: 1, maxItems: 5, uniqueItems: true }),
    permittedVolumeM3: Type.Number({ exclusiveMinimum: 0, maximum: 1e8 }),
    validFrom: Day,
    validTo: Day,
    hoursFrom: Clock,
    hoursTo: Clock,
    companyIds: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }),
    disposalSiteIds: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }),
    routeIds: Type.Array(Id, { maxItems: 50, uniqueItems: true }),
    status: Type.Optional(WasteApprovalStatus),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type WasteApprovalBody = Static<typeof WasteApprovalBody>;
