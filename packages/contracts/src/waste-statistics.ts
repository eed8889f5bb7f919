import { Type, type Static, type TSchema } from 'typebox';

// The construction-waste figures of MISSION.md S3: discharged volume, received and landfilled
// volume, resource-utilisation volume and rate, sorted volume and rate — by day, district,
// construction site, disposal site and transport company. Volumes in cubic metres.
//
// - discharged: declared volume of loads that left their site (site signature), not sent back;
//   counted on the Beijing day of departure;
// - received: measured volume signed for by disposal sites, on the day of receipt;
// - landfilled: received at landfills (消纳场), plus the residue recycling plants declare;
// - recycled (资源化利用) and sorted (分拣): what disposal sites declare per day, shared among
//   that day's loads at the site in proportion to their received volume; rates are over the
//   received volume.

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });

export const WasteStatisticsGroup = Type.Union([
  Type.Literal('day'),
  Type.Literal('district'),
  Type.Literal('site'),
  Type.Literal('disposalSite'),
  Type.Literal('company'),
]);
export type WasteStatisticsGroup = Static<typeof WasteStatisticsGroup>;

export const WasteStatisticsQuery = Type.Object(
  {
    /** First day (Beijing); default 29 days before `to`. */
    from: Type.Optional(Day),
    /** Last day, included; default today. At most 366 days from `from`. */
    to: Type.Optional(Day),
    groupBy: Type.Optional(WasteStatisticsGroup),
    /** Only loads from construction sites in this region (prefix). */
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
  },
  { additionalProperties: false },
);
export type WasteStatisticsQuery = Static<typeof WasteStatisticsQuery>;

export const WasteFigures = Type.Object({
  manifestCount: Type.Integer(),
  dischargedM3: Type.Number(),
  receivedM3: Type.Number(),
  landfilledM3: Type.Number(),
  recycledM3: Type.Number(),
  /** recycled / received, 0–1; null when nothing was received. */
  recyclingRate: Nullable(Type.Number()),
  sortedM3: Type.Number(),
  sortedRate: Nullable(Type.Number()),
});
export type WasteFigures = Static<typeof WasteFigures>;

export const WasteStatisticsRow = Type.Object({
  /** The day, region code or id; null for declared output no load of the period can carry. */
  key: Nullable(Type.String()),
  label: Type.String(),
  ...WasteFigures.properties,
});
export type WasteStatisticsRow = Static<typeof WasteStatisticsRow>;

export const WasteStatistics = Type.Object({
  from: Day,
  to: Day,
  groupBy: WasteStatisticsGroup,
  regionCode: Nullable(Type.String()),
  totals: WasteFigures,
  rows: Type.Array(WasteStatisticsRow),
});
export type WasteStatistics = Static<typeof WasteStatistics>;
