// Supervision of the service hall: indicators per department or item over any period, and the
// daily scan (日扫描) of overdue and at-risk applications. The formulas are in the server's
// indicators module (modules/services/indicators/indicator-formulas.ts).
import { Type, type Static, type TSchema } from 'typebox';
import { LocalizedLabel, IsoDate } from './workflow.ts';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A share 0..1, null when its denominator is zero. */
const share = nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const IndicatorGroupBy = Type.Union([Type.Literal('department'), Type.Literal('item')]);
export type IndicatorGroupBy = Static<typeof IndicatorGroupBy>;

export const IndicatorsQuery = Type.Object(
  {
    /** First day of the period (city date, inclusive). */
    from: IsoDate,
    /** Last day of the period (inclusive); at most 366 days after from. */
    to: IsoDate,
    departmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    groupBy: Type.Optional(IndicatorGroupBy),
  },
  { additionalProperties: false },
);
export type IndicatorsQuery = Static<typeof IndicatorsQuery>;

/** The counts every indicator is computed from (so a reader can check each share). */
export const IndicatorCounts = Type.Object({
  /** Applications submitted in the period (收件数). */
  received: Type.Integer(),
  /** Of those, through an online channel (web, mobile, mini_program). */
  receivedOnline: Type.Integer(),
  /** Applications finished in the period (办结数: delivered, denied or not accepted). */
  finished: Type.Integer(),
  /** Of those finished, by their deadline. */
  finishedOnTime: Type.Integer(),
  /** Of those finished, with a 补正 request on the way. */
  finishedSupplemented: Type.Integer(),
  /** Sum of working days used by the finished ones (clock time, pauses excluded). */
  workingDaysSum: Type.Integer(),
  /** Active items in scope, and of those with at most one visit to the hall. */
  items: Type.Integer(),
  itemsAtMostOneVisit: Type.Integer(),
  /** Ratings given in the period (not excluded after appeal), and of those 满意 or better. */
  ratings: Type.Integer(),
  ratingsSatisfied: Type.Integer(),
  /** Bad ratings (不满意 or worse) given in the period, and of those rectified. */
  badRatings: Type.Integer(),
  badRatingsRectified: Type.Integer(),
});
export type IndicatorCounts = Static<typeof IndicatorCounts>;

/** The indicators proper (办件指标). */
export const IndicatorValues = Type.Object({
  /** 网上办理率 = receivedOnline ÷ received. */
  onlineRate: share,
  /** 最多跑一次比例 = itemsAtMostOneVisit ÷ items. */
  atMostOneVisitShare: share,
  /** Mean working days used by the finished applications (2 decimals). */
  avgWorkingDays: nullable(Type.Number()),
  /** 90th percentile (nearest rank) of the working days used. */
  p90WorkingDays: nullable(Type.Integer()),
  /** 按时办结率 = finishedOnTime ÷ finished. */
  onTimeRate: share,
  /** 补正率 = finishedSupplemented ÷ finished. */
  supplementRate: share,
  /** 满意率 = ratingsSatisfied ÷ ratings. */
  satisfaction: share,
  /** 差评整改率 = badRatingsRectified ÷ badRatings. */
  rectificationRate: share,
});
export type IndicatorValues = Static<typeof IndicatorValues>;

export const IndicatorRow = Type.Object({
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  regionCode: Type.String(),
  /** Set when grouped by item. */
  itemCode: nullable(Type.String()),
  itemName: nullable(Type.String()),
  counts: IndicatorCounts,
  values: IndicatorValues,
});
export type IndicatorRow = Static<typeof IndicatorRow>;

export const IndicatorsAnswer = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: IndicatorGroupBy,
  /** Rows in department order (then item code); only rows with something to show. */
  rows: Type.Array(IndicatorRow),
  /** All rows together (the p90 over all finished applications, not an average of rows). */
  total: Type.Object({ counts: IndicatorCounts, values: IndicatorValues }),
  /** The last day read from the daily rollup; later days are computed live. */
  rolledUpThrough: nullable(Type.String()),
});
export type IndicatorsAnswer = Static<typeof IndicatorsAnswer>;

// ---- 日扫描 (daily scan) ----

export const DailyScanQuery = Type.Object(
  {
    /** The day scanned (city date); default today. */
    date: Type.Optional(IsoDate),
    /** At risk: at most this many working days left (default from settings, 1). */
    atRiskDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);
export type DailyScanQuery = Static<typeof DailyScanQuery>;

export const DailyScanStatus = Type.Union([Type.Literal('overdue'), Type.Literal('at_risk')]);
export type DailyScanStatus = Static<typeof DailyScanStatus>;

export const DailyScanEntry = Type.Object({
  applicationId: Type.Integer(),
  number: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
  /** Masked (张*). */
  applicantName: Type.String(),
  state: Type.String(),
  stateLabel: LocalizedLabel,
  deadlineAt: Type.String({ format: 'date-time' }),
  /** Working days after the scanned day until the deadline; negative when overdue. */
  workingDaysLeft: Type.Integer(),
  status: DailyScanStatus,
});
export type DailyScanEntry = Static<typeof DailyScanEntry>;

export const DailyScanDepartment = Type.Object({
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  regionCode: Type.String(),
  overdue: Type.Integer(),
  atRisk: Type.Integer(),
  /** Overdue first (most late first), then at risk (soonest first); at most 200 per department. */
  entries: Type.Array(DailyScanEntry),
});
export type DailyScanDepartment = Static<typeof DailyScanDepartment>;

export const DailyScanAnswer = Type.Object({
  date: Type.String(),
  atRiskDays: Type.Integer(),
  overdue: Type.Integer(),
  atRisk: Type.Integer(),
  departments: Type.Array(DailyScanDepartment),
});
export type DailyScanAnswer = Static<typeof DailyScanAnswer>;
