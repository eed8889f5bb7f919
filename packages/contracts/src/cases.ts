import { Type, type Static } from 'typebox';
import { Duration } from './workflow.ts';

// ---- GeoJSON (RFC 7946; WGS-84, [lon, lat]) ----

export const GeoJsonPosition = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
export type GeoJsonPosition = Static<typeof GeoJsonPosition>;

export const PolygonGeometry = Type.Object({
  type: Type.Literal('Polygon'),
  /** The exterior ring first, then holes; each ring closed (its last position repeats its first). */
  coordinates: Type.Array(Type.Array(GeoJsonPosition)),
});
export type PolygonGeometry = Static<typeof PolygonGeometry>;

export const PointGeometry = Type.Object({
  type: Type.Literal('Point'),
  coordinates: GeoJsonPosition,
});
export type PointGeometry = Static<typeof PointGeometry>;

/** minLon,minLat,maxLon,maxLat (WGS-84 degrees). */
export const BboxParam = Type.String({
  pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*(,\\s*-?\\d+(\\.\\d+)?\\s*){3}$',
  description: 'minLon,minLat,maxLon,maxLat in WGS-84 degrees',
});

// ---- Unit grids (单元网格) ----

/** division (6) + street (3) + community (3) + grid (3). */
export const GridCode = Type.String({ pattern: '^[0-9]{15}$' });

export const GridSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** The district (6 digits). */
  regionCode: Type.String(),
  streetCode: Type.String(),
  communityCode: Type.String(),
});
export type GridSummary = Static<typeof GridSummary>;

export const GridProperties = Type.Object({
  ...GridSummary.properties,
  areaM2: Type.Number(),
});

export const GridFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: PolygonGeometry,
  properties: GridProperties,
});
export type GridFeature = Static<typeof GridFeature>;

export const GridFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(GridFeature),
  /** More grids lie in the box than `limit` allowed. */
  isTruncated: Type.Boolean(),
});
export type GridFeatureCollection = Static<typeof GridFeatureCollection>;

export const GridListQuery = Type.Object(
  {
    bbox: BboxParam,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 2000 })),
  },
  { additionalProperties: false },
);
export type GridListQuery = Static<typeof GridListQuery>;

export const GridLookupQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    /** How far outside every grid a point may lie and still get the nearest one (metres). */
    toleranceM: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type GridLookupQuery = Static<typeof GridLookupQuery>;

export const GridMatchKind = Type.Union([Type.Literal('inside'), Type.Literal('nearest')]);
export type GridMatchKind = Static<typeof GridMatchKind>;

export const GridLookupResult = Type.Object({
  grid: GridSummary,
  /** inside: the point lies in (or on the edge of) the grid; nearest: within the tolerance. */
  match: GridMatchKind,
  distanceM: Type.Number(),
});
export type GridLookupResult = Static<typeof GridLookupResult>;

export const GridCodeParams = Type.Object({ code: GridCode }, { additionalProperties: false });

export const GridDetail = Type.Object({
  ...GridProperties.properties,
  polygon: PolygonGeometry,
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
  centroid: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  source: Type.Union([Type.Literal('generated'), Type.Literal('imported')]),
  componentCount: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type GridDetail = Static<typeof GridDetail>;

/** A GeoJSON FeatureCollection of Polygons, each with properties.code (and optionally name). */
export const GridImportBody = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    /** Checked one by one, so that every bad feature is reported with its index. */
    features: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 100_000 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    crs: Type.Optional(Type.Unknown()),
    bbox: Type.Optional(Type.Array(Type.Number())),
  },
  { additionalProperties: false },
);
export type GridImportBody = Static<typeof GridImportBody>;

export const GridImportQuery = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);

export const GridImportIssue = Type.Object({
  index: Type.Integer(),
  code: Type.Union([Type.String(), Type.Null()]),
  field: Type.String(),
  message: Type.String(),
});
export type GridImportIssue = Static<typeof GridImportIssue>;

export const GridImportResult = Type.Object({
  isDryRun: Type.Boolean(),
  created: Type.Integer(),
  updated: Type.Integer(),
});
export type GridImportResult = Static<typeof GridImportResult>;

// ---- Classification (部件 components, 事件 events) ----

export const CategoryKind = Type.Union([Type.Literal('component'), Type.Literal('event')]);
export type CategoryKind = Static<typeof CategoryKind>;

/** C (component) or E (event) + major (2) + minor (2), e.g. C0109 路灯, E0403 燃气泄漏. */
export const CategoryCode = Type.String({ pattern: '^[CE][0-9]{4}$' });

/** 紧急 urgent, 较急 pressing, 一般 normal. */
export const Urgency = Type.Union([
  Type.Literal('urgent'),
  Type.Literal('pressing'),
  Type.Literal('normal'),
]);
export type Urgency = Static<typeof Urgency>;

/** 即办件 immediate (same day), 承诺件 promised (a promised date), 协调件 coordinated. */
export const CaseKind = Type.Union([
  Type.Literal('immediate'),
  Type.Literal('promised'),
  Type.Literal('coordinated'),
]);
export type CaseKind = Static<typeof CaseKind>;

/** How a 12319 call about this category counts: its answer limit follows the kind. */
export const HotlineKind = Type.Union([
  Type.Literal('emergency'),
  Type.Literal('enquiry'),
  Type.Literal('help'),
  Type.Literal('complaint'),
  Type.Literal('suggestion'),
]);
export type HotlineKind = Static<typeof HotlineKind>;

/** Time limits of the case steps: dispatch (派遣), handle (处置), verify (核查). */
export const StepLimits = Type.Object(
  { dispatch: Duration, handle: Duration, verify: Duration },
  { additionalProperties: false },
);
export type StepLimits = Static<typeof StepLimits>;

export const CategoryLimits = Type.Object(
  {
    defaultUrgency: Urgency,
    /** The urgency levels a case of this category may take, each with its step limits. */
    urgencies: Type.Object(
      {
        urgent: Type.Optional(StepLimits),
        pressing: Type.Optional(StepLimits),
        normal: Type.Optional(StepLimits),
      },
      { additionalProperties: false },
    ),
    hotline: Type.Object({ kind: HotlineKind, limit: Duration }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type CategoryLimits = Static<typeof CategoryLimits>;

export const CategoryMajorView = Type.Object({
  kind: CategoryKind,
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
});
export type CategoryMajorView = Static<typeof CategoryMajorView>;

export const CategoryView = Type.Object({
  code: Type.String(),
  kind: CategoryKind,
  majorCode: Type.String(),
  minorCode: Type.String(),
  majorNameZh: Type.String(),
  majorNameEn: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  /** The kind of body responsible (urban_management, water, gas, power, traffic_police ...). */
  departmentKey: Type.String(),
  /** The municipal department; a case goes to its counterpart in the case's district. */
  departmentCode: Type.Union([Type.String(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  caseKind: CaseKind,
  limits: CategoryLimits,
  isAnonymousAllowed: Type.Boolean(),
  /** Its components are shown only to staff (surveillance cameras, traffic cameras). */
  isRestricted: Type.Boolean(),
  isActive: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type CategoryView = Static<typeof CategoryView>;

export const CategoryListQuery = Type.Object(
  {
    kind: Type.Optional(CategoryKind),
    /** Inactive categories too (for the admin screen). */
    includeInactive: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type CategoryListQuery = Static<typeof CategoryListQuery>;

export const CategoryList = Type.Object({
  majors: Type.Array(CategoryMajorView),
  items: Type.Array(CategoryView),
});
export type CategoryList = Static<typeof CategoryList>;

export const CategoryCodeParams = Type.Object(
  { code: CategoryCode },
  { additionalProperties: false },
);

/** Replaces the editable fields of a minor class. */
export const UpdateCategoryBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 50 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    departmentKey: Type.String({ pattern: '^[a-z][a-z_]{1,39}$' }),
    /** A municipal department's code (its district counterpart handles); null: found by key. */
    departmentCode: Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()]),
    caseKind: CaseKind,
    limits: CategoryLimits,
    isAnonymousAllowed: Type.Boolean(),
    isRestricted: Type.Boolean(),
    isActive: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>;

// ---- Component inventory (部件) ----

/** division (6) + major (2) + minor (2) + sequence (6). */
export const ComponentId = Type.String({ pattern: '^[0-9]{16}$' });

export const ComponentStatus = Type.Union([
  Type.Literal('in_service'),
  Type.Literal('damaged'),
  Type.Literal('missing'),
  Type.Literal('retired'),
]);
export type ComponentStatus = Static<typeof ComponentStatus>;

export const ComponentProperties = Type.Object({
  id: Type.String(),
  categoryCode: Type.String(),
  categoryNameZh: Type.String(),
  gridCode: Type.String(),
  regionCode: Type.String(),
  status: ComponentStatus,
});

export const ComponentView = Type.Object({
  ...ComponentProperties.properties,
  lat: Type.Number(),
  lon: Type.Number(),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ComponentView = Static<typeof ComponentView>;

export const ComponentFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: PointGeometry,
  properties: ComponentProperties,
});

export const ComponentFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(ComponentFeature),
  isTruncated: Type.Boolean(),
});
export type ComponentFeatureCollection = Static<typeof ComponentFeatureCollection>;

export const ComponentListQuery = Type.Object(
  {
    bbox: BboxParam,
    category: Type.Optional(CategoryCode),
    status: Type.Optional(ComponentStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 2000 })),
  },
  { additionalProperties: false },
);
export type ComponentListQuery = Static<typeof ComponentListQuery>;

export const ComponentIdParams = Type.Object({ id: ComponentId }, { additionalProperties: false });
