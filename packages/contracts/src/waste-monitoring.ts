import { Type, type Static, type TSchema } from 'typebox';
import { BboxParam } from './cases.ts';

// Construction-waste monitoring (建筑渣土 监管): geofence events, violations detected on the
// trucks' positions, checkpoint plate events, and the live vehicles layer of the command
// centre. Coordinates are WGS-84 (convert to GCJ-02 only to draw); times are ISO 8601.

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const IsoTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * What a truck did wrong:
 * - off_route: loaded, outside the approved route's corridor;
 * - unapproved_dumping: stopped loaded longer than the limit outside approved disposal sites;
 * - night_ban: driving within the banned hours (or outside the approval's hours);
 * - overspeed: above the speed limit;
 * - cover_open: the sealed cover open while loaded;
 * - no_manifest: left a construction site loaded with no open manifest;
 * - manifest_not_arrived: a manifest's truck never reached its disposal site in time;
 * - checkpoint_no_manifest: seen by a checkpoint camera with no open manifest.
 */
export const WasteViolationRule = Type.Union([
  Type.Literal('off_route'),
  Type.Literal('unapproved_dumping'),
  Type.Literal('night_ban'),
  Type.Literal('overspeed'),
  Type.Literal('cover_open'),
  Type.Literal('no_manifest'),
  Type.Literal('manifest_not_arrived'),
  Type.Literal('checkpoint_no_manifest'),
]);
export type WasteViolationRule = Static<typeof WasteViolationRule>;

export const wasteViolationRules: readonly WasteViolationRule[] = [
  'off_route',
  'unapproved_dumping',
  'night_ban',
  'overspeed',
  'cover_open',
  'no_manifest',
  'manifest_not_arrived',
  'checkpoint_no_manifest',
];

/** A position kept as evidence (as the terminal reported it). */
export const EvidencePosition = Type.Object({
  recordedAt: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  speedKmh: Type.Number(),
  direction: Type.Integer(),
  /** JT/T 808 alarm DWORD. */
  alarmBits: Type.Integer(),
  /** JT/T 808 status DWORD (bits 8–9 load, 17 cover open). */
  statusBits: Type.Integer(),
});
export type EvidencePosition = Static<typeof EvidencePosition>;

export const WasteViolationSummary = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  rule: WasteViolationRule,
  /** The waste module's truck, null when a plate event names an unregistered plate. */
  truckId: Nullable(Type.Integer()),
  /** The telematics vehicle (terminal), when known. */
  vehicleId: Nullable(Type.Integer()),
  plate: Type.String(),
  companyId: Nullable(Type.Integer()),
  companyName: Nullable(Type.String()),
  manifestId: Nullable(Type.Integer()),
  startedAt: Type.String(),
  /** Null while the violation goes on. */
  endedAt: Nullable(Type.String()),
  isOngoing: Type.Boolean(),
  /** Where it started (WGS-84). */
  lat: Type.Number(),
  lon: Type.Number(),
  /** The city-management case it opened (or joined), if the rule opens cases. */
  caseId: Nullable(Type.Integer()),
  caseNumber: Nullable(Type.String()),
});
export type WasteViolationSummary = Static<typeof WasteViolationSummary>;

export const WasteViolationEvidence = Type.Object({
  /** Positions around the violation in device-time order (the first and latest ones kept). */
  positions: Type.Array(EvidencePosition),
  /** Positions seen during the violation, including those not kept. */
  positionCount: Type.Integer(),
  /** What the rule compared (limits, fences, manifest, checkpoint ...). */
  facts: Type.Record(Type.String(), Type.Unknown()),
});
export type WasteViolationEvidence = Static<typeof WasteViolationEvidence>;

export const WasteViolationDetail = Type.Object({
  ...WasteViolationSummary.properties,
  evidence: WasteViolationEvidence,
  /** Why no case was opened when the rule opens cases (e.g. outside every unit grid). */
  caseError: Nullable(Type.String()),
});
export type WasteViolationDetail = Static<typeof WasteViolationDetail>;

export const WasteViolationListQuery = Type.Object(
  {
    bbox: Type.Optional(BboxParam),
    truckId: Type.Optional(Id),
    /** The plate, or a fragment of it. */
    plate: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    rule: Type.Optional(WasteViolationRule),
    companyId: Type.Optional(Id),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    /** Violations going on at some time within [from, to). */
    from: Type.Optional(IsoTime),
    to: Type.Optional(IsoTime),
    isOngoing: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type WasteViolationListQuery = Static<typeof WasteViolationListQuery>;

export const WasteViolationList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** Newest first. */
  items: Type.Array(WasteViolationSummary),
});
export type WasteViolationList = Static<typeof WasteViolationList>;

export const WasteViolationIdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type WasteViolationIdParams = Static<typeof WasteViolationIdParams>;

// ---- The live vehicles layer (command centre) ----

/** Whence "loaded": an open manifest in transit, the load sensor (status bits 8–9), both. */
export const TruckLoadSource = Type.Union([
  Type.Literal('manifest'),
  Type.Literal('sensor'),
  Type.Literal('both'),
  Type.Literal('none'),
]);
export type TruckLoadSource = Static<typeof TruckLoadSource>;

export const LiveVehiclesQuery = Type.Object(
  {
    bbox: Type.Optional(BboxParam),
    companyId: Type.Optional(Id),
    isLoaded: Type.Optional(Type.Boolean()),
    /** Only trucks with an ongoing violation. */
    hasViolation: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50000 })),
  },
  { additionalProperties: false },
);
export type LiveVehiclesQuery = Static<typeof LiveVehiclesQuery>;

/** A GeoJSON point per waste truck at its latest position (WGS-84, [lon, lat]). */
export const LiveVehicleFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: Type.Object({
    type: Type.Literal('Point'),
    coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  }),
  properties: Type.Object({
    vehicleId: Type.Integer(),
    truckId: Nullable(Type.Integer()),
    plate: Type.String(),
    regionCode: Type.String(),
    companyId: Nullable(Type.Integer()),
    companyName: Nullable(Type.String()),
    recordedAt: Type.String(),
    speedKmh: Type.Number(),
    direction: Type.Integer(),
    isLoaded: Type.Boolean(),
    loadSource: TruckLoadSource,
    /** The truck's open manifest, if any. */
    manifestId: Nullable(Type.Integer()),
    manifestNumber: Nullable(Type.String()),
    manifestState: Nullable(Type.String()),
    /** Status bit 17 (the sealed-cover sensor) set. */
    isCoverOpen: Type.Boolean(),
    /** No position for more than 5 minutes. */
    isStale: Type.Boolean(),
    /** Rules of the truck's ongoing violations. */
    violations: Type.Array(WasteViolationRule),
  }),
});
export type LiveVehicleFeature = Static<typeof LiveVehicleFeature>;

export const LiveVehicles = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(LiveVehicleFeature),
  isTruncated: Type.Boolean(),
  generatedAt: Type.String(),
});
export type LiveVehicles = Static<typeof LiveVehicles>;

// ---- Geofence events (enter / exit of sites and disposal sites) ----

export const WasteFenceKind = Type.Union([
  Type.Literal('construction_site'),
  Type.Literal('disposal_site'),
]);
export type WasteFenceKind = Static<typeof WasteFenceKind>;

export const WasteFenceEvent = Type.Object({
  id: Type.Integer(),
  truckId: Nullable(Type.Integer()),
  vehicleId: Type.Integer(),
  plate: Type.String(),
  fenceKind: WasteFenceKind,
  fenceId: Type.Integer(),
  fenceName: Type.String(),
  event: Type.Union([Type.Literal('enter'), Type.Literal('exit')]),
  at: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  isLoaded: Type.Boolean(),
});
export type WasteFenceEvent = Static<typeof WasteFenceEvent>;

export const WasteFenceEventQuery = Type.Object(
  {
    truckId: Type.Optional(Id),
    fenceKind: Type.Optional(WasteFenceKind),
    fenceId: Type.Optional(Id),
    from: Type.Optional(IsoTime),
    to: Type.Optional(IsoTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  },
  { additionalProperties: false },
);
export type WasteFenceEventQuery = Static<typeof WasteFenceEventQuery>;

export const WasteFenceEventList = Type.Object({ items: Type.Array(WasteFenceEvent) });
export type WasteFenceEventList = Static<typeof WasteFenceEventList>;

// ---- Checkpoints with plate cameras ----

export const WasteCheckpoint = Type.Object({
  id: Type.Integer(),
  /** Also the device id an API key may be bound to. */
  code: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  isActive: Type.Boolean(),
});
export type WasteCheckpoint = Static<typeof WasteCheckpoint>;

export const CreateWasteCheckpointBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,40}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
export type CreateWasteCheckpointBody = Static<typeof CreateWasteCheckpointBody>;

export const WasteCheckpointList = Type.Object({ items: Type.Array(WasteCheckpoint) });
export type WasteCheckpointList = Static<typeof WasteCheckpointList>;

/** What a checkpoint camera posts when it reads a plate. */
export const PlateEventBody = Type.Object(
  {
    plate: Type.String({ minLength: 2, maxLength: 16 }),
    /** When the camera saw it, with a zone. */
    capturedAt: IsoTime,
    /** Travel direction as the camera reports it. */
    direction: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')])),
    /** Recognition confidence 0–1; reads below the configured minimum are stored, not judged. */
    confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** The snapshot, uploaded first (POST /api/files). */
    imageSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  },
  { additionalProperties: false },
);
export type PlateEventBody = Static<typeof PlateEventBody>;

export const PlateEventResult = Type.Object({
  id: Type.Integer(),
  checkpointId: Type.Integer(),
  plate: Type.String(),
  capturedAt: Type.String(),
  truckId: Nullable(Type.Integer()),
  /** The open manifest the truck travels under, if any. */
  manifestId: Nullable(Type.Integer()),
  /** The checkpoint_no_manifest violation this event raised, if it did. */
  violationId: Nullable(Type.Integer()),
  /** The same plate at the same checkpoint and time was posted before (camera retry). */
  isDuplicate: Type.Boolean(),
});
export type PlateEventResult = Static<typeof PlateEventResult>;

// ---- Thresholds (settings, editable by an administrator) ----

const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const WasteMonitoringSettings = Type.Object(
  {
    /** Speed limit for muck trucks, km/h. */
    overspeedKmh: Type.Number({ minimum: 10, maximum: 200 }),
    /** Above the limit this long before it counts (0: the first position). */
    overspeedMinSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
    /** Below this speed a truck is stopped. */
    stopSpeedKmh: Type.Number({ minimum: 0, maximum: 20 }),
    /** Stopped loaded this long outside approved disposal sites: unapproved dumping. */
    dumpingStopMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** Banned hours (Beijing time), e.g. 23:00–06:00; null: no ban. */
    nightBan: Nullable(
      Type.Object({ from: ClockTime, to: ClockTime }, { additionalProperties: false }),
    ),
    /** Cover open while loaded this long before it counts. */
    coverOpenMinSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
    /** Outside the corridor this long before off_route counts. */
    offRouteMinSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
    /** Extra metres beyond half the corridor width (GNSS error). */
    corridorToleranceM: Type.Number({ minimum: 0, maximum: 500 }),
    /** A violation ends once its condition has been false this long. */
    endAfterSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
    /** A manifest in transit this long with no arrival at its disposal site is flagged. */
    arrivalTimeoutMinutes: Type.Integer({ minimum: 10, maximum: 7 * 1440 }),
    /** Plate reads below this confidence are stored but not judged. */
    plateMinConfidence: Type.Number({ minimum: 0, maximum: 1 }),
    /** Rules whose violations open a city-management case. */
    caseRules: Type.Array(WasteViolationRule, { uniqueItems: true, maxItems: 8 }),
    /** A new violation of the same truck and rule within this time joins the open case. */
    caseJoinMinutes: Type.Integer({ minimum: 0, maximum: 7 * 1440 }),
  },
  { additionalProperties: false },
);
export type WasteMonitoringSettings = Static<typeof WasteMonitoringSettings>;
