import { Type, type Static } from 'typebox';

// Construction-waste supervision (建筑渣土): the words shared by the registry, approvals,
// manifests and statistics. Volumes are cubic metres; coordinates WGS-84; times ISO 8601.

export const WasteType = Type.Union([
  Type.Literal('muck'), // 工程渣土
  Type.Literal('mud'), // 工程泥浆
  Type.Literal('construction'), // 施工垃圾
  Type.Literal('demolition'), // 拆除垃圾
  Type.Literal('decoration'), // 装修垃圾
]);
export type WasteType = Static<typeof WasteType>;
export const WASTE_TYPES: readonly WasteType[] = [
  'muck',
  'mud',
  'construction',
  'demolition',
  'decoration',
];

export const DisposalSiteKind = Type.Union([
  Type.Literal('landfill'), // 消纳场
  Type.Literal('recycling'), // 资源化利用厂
]);
export type DisposalSiteKind = Static<typeof DisposalSiteKind>;

export const WasteCompanyStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('revoked'),
]);
export type WasteCompanyStatus = Static<typeof WasteCompanyStatus>;

export const WasteTruckStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('retired'),
]);
export type WasteTruckStatus = Static<typeof WasteTruckStatus>;

export const WasteDriverStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('left'),
]);
export type WasteDriverStatus = Static<typeof WasteDriverStatus>;

export const WasteSiteStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('closed'),
]);
export type WasteSiteStatus = Static<typeof WasteSiteStatus>;

export const WasteRouteStatus = Type.Union([Type.Literal('active'), Type.Literal('retired')]);
export type WasteRouteStatus = Static<typeof WasteRouteStatus>;

export const WasteApprovalStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('revoked'),
]);
export type WasteApprovalStatus = Static<typeof WasteApprovalStatus>;

/**
 * Manifest statuses after the EPA e-Manifest: draft → pending (complete) → scheduled (the
 * site signed at departure) → in_transit (the driver signed at pickup) → ready_for_signature
 * (arrived) → signed (received); a rejected load goes on to the alternate site (in_transit) or
 * back (returning → returned); after signing, corrections (under_correction → corrected).
 */
export const ManifestStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('pending'),
  Type.Literal('scheduled'),
  Type.Literal('in_transit'),
  Type.Literal('ready_for_signature'),
  Type.Literal('signed'),
  Type.Literal('under_correction'),
  Type.Literal('corrected'),
  Type.Literal('returning'),
  Type.Literal('returned'),
  Type.Literal('cancelled'),
]);
export type ManifestStatus = Static<typeof ManifestStatus>;

/** The statuses of a load that has not reached its end: what the position rules watch. */
export const OPEN_MANIFEST_STATUSES: readonly ManifestStatus[] = [
  'pending',
  'scheduled',
  'in_transit',
  'ready_for_signature',
  'returning',
];

export const ManifestVersionKind = Type.Union([
  Type.Literal('original'),
  Type.Literal('edit'),
  Type.Literal('correction'),
]);
export type ManifestVersionKind = Static<typeof ManifestVersionKind>;

export const ManifestVersionStatus = Type.Union([
  Type.Literal('current'),
  Type.Literal('superseded'),
  Type.Literal('open'),
  Type.Literal('reverted'),
]);
export type ManifestVersionStatus = Static<typeof ManifestVersionStatus>;

export const SignatureRole = Type.Union([
  Type.Literal('generator'),
  Type.Literal('transporter'),
  Type.Literal('receiver'),
  Type.Literal('rejection'),
  Type.Literal('return'),
]);
export type SignatureRole = Static<typeof SignatureRole>;

export const WastePartyKind = Type.Union([
  Type.Literal('construction_site'),
  Type.Literal('company'),
  Type.Literal('disposal_site'),
]);
export type WastePartyKind = Static<typeof WastePartyKind>;

export const DiscrepancyKind = Type.Union([Type.Literal('quantity'), Type.Literal('type')]);
export type DiscrepancyKind = Static<typeof DiscrepancyKind>;

/** A WGS-84 [lon, lat] pair, as GeoJSON orders them. */
export const LonLat = Type.Tuple([
  Type.Number({ minimum: -180, maximum: 180 }),
  Type.Number({ minimum: -90, maximum: 90 }),
]);
export type LonLat = Static<typeof LonLat>;

/** A GeoJSON Polygon (outer ring first, closed: first point = last point). */
export const GeoPolygon = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(Type.Array(LonLat, { minItems: 4, maxItems: 2000 }), {
      minItems: 1,
      maxItems: 20,
    }),
  },
  { additionalProperties: false },
);
export type GeoPolygon = Static<typeof GeoPolygon>;

/** A GeoJSON LineString. */
export const GeoLineString = Type.Object(
  {
    type: Type.Literal('LineString'),
    coordinates: Type.Array(LonLat, { minItems: 2, maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type GeoLineString = Static<typeof GeoLineString>;
