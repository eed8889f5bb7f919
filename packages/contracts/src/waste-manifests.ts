import { Type, type Static, type TSchema } from 'typebox';
import {
  DiscrepancyKind,
  ManifestStatus,
  ManifestVersionKind,
  ManifestVersionStatus,
  SignatureRole,
  WastePartyKind,
  WasteType,
} from './waste-common.ts';
import { WorkflowView } from './workflow.ts';

// Manifests (联单) after the EPA e-Manifest: one construction site, one transporter (company,
// truck, driver), the designated disposal site and an optional alternate. Signing order: the
// site at departure, the driver at pickup, the disposal site at receipt with the measured
// volume. Times of signatures are the server's.

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Day = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
const Volume = Type.Number({ exclusiveMinimum: 0, maximum: 100 });

/** The content of a manifest: what an edit replaces whole and a correction versions. */
export const ManifestContent = Type.Object(
  {
    approvalId: Id,
    companyId: Id,
    truckId: Id,
    driverId: Id,
    disposalSiteId: Id,
    alternateSiteId: Type.Optional(Nullable(Id)),
    /** Left out: the approval's route between the site and the disposal site, if one. */
    routeId: Type.Optional(Nullable(Id)),
    wasteType: WasteType,
    declaredVolumeM3: Volume,
    plannedDate: Day,
  },
  { additionalProperties: false },
);
export type ManifestContent = Static<typeof ManifestContent>;

/** A correction after signing may also correct what the receiver recorded. */
export const ManifestCorrectionBody = Type.Object(
  {
    content: ManifestContent,
    receivedVolumeM3: Type.Optional(Nullable(Volume)),
    receivedWasteType: Type.Optional(Nullable(WasteType)),
    reason: Type.String({ minLength: 2, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type ManifestCorrectionBody = Static<typeof ManifestCorrectionBody>;

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

export const ManifestSignatureView = Type.Object({
  seq: Type.Integer(),
  role: SignatureRole,
  partyKind: WastePartyKind,
  partyId: Type.Integer(),
  partyName: Type.String(),
  signerName: Type.String(),
  driverId: Nullable(Type.Integer()),
  volumeM3: Nullable(Type.Number()),
  wasteType: Nullable(Type.String()),
  version: Type.Integer(),
  note: Nullable(Type.String()),
  /** The server's clock. */
  signedAt: Type.String(),
});
export type ManifestSignatureView = Static<typeof ManifestSignatureView>;

export const ManifestVersionView = Type.Object({
  version: Type.Integer(),
  kind: ManifestVersionKind,
  status: ManifestVersionStatus,
  content: Type.Record(Type.String(), Type.Unknown()),
  reason: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
});
export type ManifestVersionView = Static<typeof ManifestVersionView>;

export const ManifestSummary = Type.Object({
  id: Type.Integer(),
  manifestNo: Type.String(),
  regionCode: Type.String(),
  status: ManifestStatus,
  version: Type.Integer(),
  approvalId: Type.Integer(),
  approvalNo: Type.String(),
  constructionSite: Named,
  company: Named,
  truck: Type.Object({ id: Type.Integer(), plate: Type.String() }),
  driver: Named,
  disposalSite: Named,
  alternateSite: Nullable(Named),
  /** Where the load is headed now (null: back to the construction site). */
  destinationSite: Nullable(Named),
  routeId: Nullable(Type.Integer()),
  wasteType: WasteType,
  declaredVolumeM3: Type.Number(),
  receivedVolumeM3: Nullable(Type.Number()),
  receivedWasteType: Nullable(Type.String()),
  receivedSite: Nullable(Named),
  plannedDate: Day,
  departedAt: Nullable(Type.String()),
  pickedUpAt: Nullable(Type.String()),
  arrivedAt: Nullable(Type.String()),
  receivedAt: Nullable(Type.String()),
  returnedAt: Nullable(Type.String()),
  rejectionCount: Type.Integer(),
  rejectionReason: Nullable(Type.String()),
  hasDiscrepancy: Type.Boolean(),
  discrepancyKinds: Type.Array(DiscrepancyKind),
  /** (received − declared) / declared. */
  discrepancyRatio: Nullable(Type.Number()),
  discrepancyResolvedAt: Nullable(Type.String()),
  discrepancyResolution: Nullable(Type.String()),
  discrepancyEscalatedAt: Nullable(Type.String()),
  /** Edits replace the whole manifest until the first signature; then corrections. */
  isLocked: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ManifestSummary = Static<typeof ManifestSummary>;

export const ManifestDetail = Type.Object({
  manifest: ManifestSummary,
  signatures: Type.Array(ManifestSignatureView),
  versions: Type.Array(ManifestVersionView),
  /** State, history and the actions the caller may take now. */
  workflow: WorkflowView,
  /** Whether the caller may replace the whole manifest now (before the first signature). */
  canEdit: Type.Boolean(),
  /** Whether the caller may open a correction now (after signing, none open). */
  canCorrect: Type.Boolean(),
  /** Whether the caller may resolve the open discrepancy. */
  canResolveDiscrepancy: Type.Boolean(),
});
export type ManifestDetail = Static<typeof ManifestDetail>;

export const ManifestListQuery = Type.Object(
  {
    /** Manifest number or plate, a fragment. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    status: Type.Optional(ManifestStatus),
    constructionSiteId: Type.Optional(Id),
    disposalSiteId: Type.Optional(Id),
    companyId: Type.Optional(Id),
    truckId: Type.Optional(Id),
    hasDiscrepancy: Type.Optional(Type.Boolean()),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ManifestListQuery = Static<typeof ManifestListQuery>;

export const ManifestList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(ManifestSummary),
});
export type ManifestList = Static<typeof ManifestList>;

export const ManifestActionParams = Type.Object(
  { id: Id, action: Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }) },
  { additionalProperties: false },
);
export type ManifestActionParams = Static<typeof ManifestActionParams>;

export const DiscrepancyResolutionBody = Type.Object(
  { resolution: Type.String({ minLength: 2, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type DiscrepancyResolutionBody = Static<typeof DiscrepancyResolutionBody>;

/** Manifest rules an administrator sets (DOMAIN.md: 10% and 15 days, configurable). */
export const WasteManifestSettings = Type.Object(
  {
    /** A received volume more than this many percent off the declared one is a discrepancy. */
    discrepancyPercent: Type.Number({ minimum: 0, maximum: 100 }),
    /** An unresolved discrepancy goes to the regulator after this many days. */
    discrepancyEscalationDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);
export type WasteManifestSettings = Static<typeof WasteManifestSettings>;

/** A disposal site's output of one day: sorted, recycled and landfilled volumes. */
export const DisposalOutputBody = Type.Object(
  {
    day: Day,
    sortedVolumeM3: Type.Number({ minimum: 0, maximum: 1e7 }),
    recycledVolumeM3: Type.Number({ minimum: 0, maximum: 1e7 }),
    landfilledVolumeM3: Type.Number({ minimum: 0, maximum: 1e7 }),
  },
  { additionalProperties: false },
);
export type DisposalOutputBody = Static<typeof DisposalOutputBody>;

export const DisposalOutputView = Type.Object({
  disposalSiteId: Type.Integer(),
  day: Day,
  sortedVolumeM3: Type.Number(),
  recycledVolumeM3: Type.Number(),
  landfilledVolumeM3: Type.Number(),
  /** Received that day (signed manifests), for comparison. */
  receivedVolumeM3: Type.Number(),
  declaredAt: Type.String(),
});
export type DisposalOutputView = Static<typeof DisposalOutputView>;

export const DisposalOutputList = Type.Object({ items: Type.Array(DisposalOutputView) });
export type DisposalOutputList = Static<typeof DisposalOutputList>;
