import { Type, type Static } from 'typebox';

// Vehicle telematics: vehicles with JT/T 808 terminals, their positions (WGS-84, as reported),
// tracks and the latest position of each. Times are ISO 8601 strings.

export const VehicleStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('retired'),
]);
export type VehicleStatus = Static<typeof VehicleStatus>;

/** One stored position (a track point, or a vehicle's latest). */
export const VehiclePositionView = Type.Object({
  /** Device time (GNSS). */
  recordedAt: Type.String(),
  /** When the platform received it. */
  receivedAt: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  speedKmh: Type.Number(),
  /** 0–359, 0 is north, clockwise. */
  direction: Type.Integer(),
  altitudeM: Type.Integer(),
  /** JT/T 808 alarm DWORD (bit 1 overspeed, 23 route deviation ...). */
  alarmBits: Type.Integer(),
  /** JT/T 808 status DWORD (bit 0 ignition, 1 fix, 8–9 load ...). */
  statusBits: Type.Integer(),
});
export type VehiclePositionView = Static<typeof VehiclePositionView>;

export const TrackPoint = Type.Object({
  ...VehiclePositionView.properties,
  /** Re-sent after an outage (0x0704 type 1): recorded earlier than it arrived. */
  isBlindArea: Type.Boolean(),
});
export type TrackPoint = Static<typeof TrackPoint>;

export const VehicleView = Type.Object({
  id: Type.Integer(),
  plate: Type.String(),
  /** JT/T 415 plate colour (2 yellow: trucks). */
  plateColor: Type.Integer(),
  /** The JT/T 808 terminal phone (terminal id in message headers). */
  terminalPhone: Type.String(),
  regionCode: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  status: VehicleStatus,
  /** When the terminal last registered (0x0100), null if it never did. */
  registeredAt: Type.Union([Type.String(), Type.Null()]),
  /** When the terminal last authenticated (0x0102). */
  authenticatedAt: Type.Union([Type.String(), Type.Null()]),
  latest: Type.Union([VehiclePositionView, Type.Null()]),
});
export type VehicleView = Static<typeof VehicleView>;

export const VehicleListQuery = Type.Object(
  {
    /** Plate or terminal phone, a fragment. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    status: Type.Optional(VehicleStatus),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type VehicleListQuery = Static<typeof VehicleListQuery>;

export const VehicleList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(VehicleView),
});
export type VehicleList = Static<typeof VehicleList>;

export const VehicleIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false },
);
export type VehicleIdParams = Static<typeof VehicleIdParams>;

export const CreateVehicleBody = Type.Object(
  {
    plate: Type.String({ minLength: 2, maxLength: 16 }),
    plateColor: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
    /** Digits only: up to 12 (2013 terminals) or 20 (2019). */
    terminalPhone: Type.String({ pattern: '^[0-9]{1,20}$' }),
    regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    company: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CreateVehicleBody = Static<typeof CreateVehicleBody>;

export const VehicleTrackQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })),
  },
  { additionalProperties: false },
);
export type VehicleTrackQuery = Static<typeof VehicleTrackQuery>;

export const VehicleTrack = Type.Object({
  vehicleId: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  /** Ordered by device time. */
  points: Type.Array(TrackPoint),
  /** More points lie in the range than `limit` allowed (the earliest are returned). */
  isTruncated: Type.Boolean(),
});
export type VehicleTrack = Static<typeof VehicleTrack>;

export const LatestPositionsQuery = Type.Object(
  {
    /** minLon,minLat,maxLon,maxLat (WGS-84 degrees). */
    bbox: Type.Optional(
      Type.String({
        pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*(,\\s*-?\\d+(\\.\\d+)?\\s*){3}$',
        description: 'minLon,minLat,maxLon,maxLat in WGS-84 degrees',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50000 })),
  },
  { additionalProperties: false },
);
export type LatestPositionsQuery = Static<typeof LatestPositionsQuery>;

/** A GeoJSON point feature per vehicle, for the map's vehicles layer (WGS-84). */
export const VehiclePositionFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: Type.Object({
    type: Type.Literal('Point'),
    coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  }),
  properties: Type.Object({
    vehicleId: Type.Integer(),
    plate: Type.String(),
    regionCode: Type.String(),
    company: Type.Union([Type.String(), Type.Null()]),
    ...VehiclePositionView.properties,
  }),
});
export type VehiclePositionFeature = Static<typeof VehiclePositionFeature>;

export const VehiclePositionFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(VehiclePositionFeature),
  isTruncated: Type.Boolean(),
});
export type VehiclePositionFeatureCollection = Static<typeof VehiclePositionFeatureCollection>;

// ---- HTTP batch ingestion (positions forwarded by other platforms) ----

/** One forwarded position; values are checked row by row and refused rows are named. */
export const ForwardedPosition = Type.Object(
  {
    terminalPhone: Type.Optional(Type.String({ maxLength: 20 })),
    plate: Type.Optional(Type.String({ maxLength: 16 })),
    /** ISO 8601 with a zone, e.g. 2026-03-01T08:30:00+08:00. */
    recordedAt: Type.String({ maxLength: 40 }),
    lat: Type.Number(),
    lon: Type.Number(),
    speedKmh: Type.Number(),
    direction: Type.Number(),
    altitudeM: Type.Optional(Type.Number()),
    alarm: Type.Optional(Type.Integer()),
    status: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type ForwardedPosition = Static<typeof ForwardedPosition>;

export const ForwardedPositionBatch = Type.Array(ForwardedPosition, {
  minItems: 1,
  maxItems: 5000,
});
export type ForwardedPositionBatch = Static<typeof ForwardedPositionBatch>;

export const PositionRejectReason = Type.Union([
  Type.Literal('no_vehicle'),
  Type.Literal('unknown_vehicle'),
  Type.Literal('vehicle_inactive'),
  Type.Literal('out_of_scope'),
  Type.Literal('bad_time'),
  Type.Literal('time_out_of_range'),
  Type.Literal('outside_city'),
  Type.Literal('bad_value'),
]);
export type PositionRejectReason = Static<typeof PositionRejectReason>;

export const PositionIngestResult = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  /** One entry per refused row, by its index in the request. */
  errors: Type.Array(
    Type.Object({
      index: Type.Integer(),
      reason: PositionRejectReason,
      message: Type.String(),
    }),
  ),
});
export type PositionIngestResult = Static<typeof PositionIngestResult>;
