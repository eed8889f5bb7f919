import { Type, type Static } from 'typebox';
import { BboxParam } from './cases.ts';
import { LocalizedLabel } from './workflow.ts';

/*
 * Supervision of the case loop: evaluation indicators, the command centre's live figures and
 * the map's density layer. Every figure is within the caller's region scope (and department,
 * for department-bound staff). Dates are Beijing calendar days (YYYY-MM-DD, inclusive).
 *
 * GET /api/cases/indicators?from&to[&departmentId][&regionCode][&groupBy]   → CaseIndicators
 *   DOMAIN.md's evaluation for the period, one row per lead department (groupBy=department,
 *   the default) or per district (groupBy=region), ranked by composite score, and the total.
 *   Formulas (each row):
 *     filed         立案数: cases filed (立案) in the period
 *     closed        结案数: closures (结案) in the period (a reopened case closed again counts again)
 *     closureRate   结案率 = closed ÷ filed
 *     due           应结案数 = closed + cases still being handled whose handling deadline lapsed
 *                   in the period
 *     dueExtended   of those, cases with an approved extension (延期)
 *     onTimeClosed  closures of cases without extension whose every handling report came by the
 *                   handling deadline in force
 *     onTimeRate    按期结案率 = onTimeClosed ÷ (due − dueExtended)
 *     reworked      closures of cases sent back at least once after a failed verification
 *     reworkRate    返工率 = reworked ÷ closed
 *     extensions    approved extensions in the period; extensionRate 延期率 = extensions ÷ filed
 *     averageHandlingHours 平均处置时长: first dispatch → last handling report, closed cases
 *     satisfaction  满意度 (0–100): call backs in the period, satisfied 100, basically 80,
 *                   dissatisfied 0 (a reopening after a dissatisfied call back counts as one)
 *     score         综合评分 (0–100): Σ weight × part ÷ Σ weights of the parts that are known;
 *                   parts: closureRate, onTimeRate, 1 − reworkRate, 1 − extensionRate,
 *                   satisfaction ÷ 100 (rates capped at 1)
 *   A rate is null when its denominator is 0. Rates are fractions (0.9983), not percents.
 * GET /api/cases/indicators.xlsx?(same query)   → the same rows as an XLSX workbook
 * GET /api/cases/indicators/weights             → CaseScoreWeights (the weights in force)
 * PUT /api/cases/indicators/weights             ← CaseScoreWeights (city-level admin) → the same
 * GET /api/cases/stats/live[?regionCode]        → CaseLiveStats: the command centre's KPI cards
 *   (today's intake, open, overdue, on-time rate and satisfaction over 30 days) and the 30-day
 *   trend, for the caller's region (or a region inside it)
 * GET /api/cases/stats/grid-density?bbox[&regionCode][&isOverdue]  → GridDensity: open cases per
 *   unit grid in a map box (for a heat or choropleth layer)
 */

const Day = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Rate = Type.Union([Type.Number(), Type.Null()]);

export const CaseIndicatorsGroupBy = Type.Union([
  Type.Literal('department'),
  Type.Literal('region'),
]);
export type CaseIndicatorsGroupBy = Static<typeof CaseIndicatorsGroupBy>;

export const CaseIndicatorsQuery = Type.Object(
  {
    from: Day,
    /** Inclusive; the period may span at most 366 days. */
    to: Day,
    /** Only this lead department. */
    departmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    /** Only this district (or the city, 500000); must lie in the caller's scope. */
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    groupBy: Type.Optional(CaseIndicatorsGroupBy),
  },
  { additionalProperties: false },
);
export type CaseIndicatorsQuery = Static<typeof CaseIndicatorsQuery>;

export const CaseIndicatorRow = Type.Object({
  /** A department id, a district code, or 'total'. */
  key: Type.String(),
  name: Type.String(),
  filed: Type.Integer(),
  closed: Type.Integer(),
  closureRate: Rate,
  due: Type.Integer(),
  dueExtended: Type.Integer(),
  onTimeClosed: Type.Integer(),
  onTimeRate: Rate,
  reworked: Type.Integer(),
  reworkRate: Rate,
  extensions: Type.Integer(),
  extensionRate: Rate,
  averageHandlingHours: Rate,
  callbacks: Type.Integer(),
  satisfied: Type.Integer(),
  basicallySatisfied: Type.Integer(),
  dissatisfied: Type.Integer(),
  satisfaction: Rate,
  score: Rate,
  /** 1 = best score; the total row has 0. */
  rank: Type.Integer(),
});
export type CaseIndicatorRow = Static<typeof CaseIndicatorRow>;

export const CaseScoreWeights = Type.Object(
  {
    closureRate: Type.Number({ minimum: 0, maximum: 100 }),
    onTimeRate: Type.Number({ minimum: 0, maximum: 100 }),
    reworkRate: Type.Number({ minimum: 0, maximum: 100 }),
    extensionRate: Type.Number({ minimum: 0, maximum: 100 }),
    satisfaction: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type CaseScoreWeights = Static<typeof CaseScoreWeights>;

export const CaseIndicators = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: CaseIndicatorsGroupBy,
  weights: CaseScoreWeights,
  /** Ranked by score (best first); rows with no score last. */
  rows: Type.Array(CaseIndicatorRow),
  /** The same formulas over all rows together. */
  total: CaseIndicatorRow,
  generatedAt: Type.String({ format: 'date-time' }),
});
export type CaseIndicators = Static<typeof CaseIndicators>;

export const CaseLiveStatsQuery = Type.Object(
  /** A district or the city (cases belong to districts); the caller's own region by default. */
  { regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) },
  { additionalProperties: false },
);
export type CaseLiveStatsQuery = Static<typeof CaseLiveStatsQuery>;

export const CaseTrendDay = Type.Object({
  date: Type.String(),
  /** Reports taken in (受理), new cases only. */
  intake: Type.Integer(),
  filed: Type.Integer(),
  closed: Type.Integer(),
  /** Of the day's closures: on time ÷ (closed − closed with an extension). */
  onTimeRate: Rate,
  satisfaction: Rate,
});
export type CaseTrendDay = Static<typeof CaseTrendDay>;

export const CaseStateCount = Type.Object({
  state: Type.String(),
  label: LocalizedLabel,
  count: Type.Integer(),
});

export const CaseLiveStats = Type.Object({
  /** The region the figures cover. */
  regionCode: Type.String(),
  regionName: Type.String(),
  generatedAt: Type.String({ format: 'date-time' }),
  today: Type.Object({
    date: Type.String(),
    intake: Type.Integer(),
    filed: Type.Integer(),
    closed: Type.Integer(),
  }),
  /** Cases not yet closed (not declined, merged, closed or evaluated). */
  open: Type.Integer(),
  /** Open cases past their step's deadline. */
  overdue: Type.Integer(),
  /** Open cases by state, in the loop's order. */
  openByState: Type.Array(CaseStateCount),
  /** Over the last 30 days including today (formulas as in the indicators). */
  onTimeRate: Rate,
  satisfaction: Rate,
  /** The last 30 days, oldest first, today last. */
  trend: Type.Array(CaseTrendDay),
});
export type CaseLiveStats = Static<typeof CaseLiveStats>;

export const GridDensityQuery = Type.Object(
  {
    bbox: BboxParam,
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    /** Count only overdue open cases. */
    isOverdue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type GridDensityQuery = Static<typeof GridDensityQuery>;

export const GridDensityCell = Type.Object({
  gridCode: Type.String(),
  /** The grid's centroid. */
  lat: Type.Number(),
  lon: Type.Number(),
  open: Type.Integer(),
  overdue: Type.Integer(),
});
export type GridDensityCell = Static<typeof GridDensityCell>;

export const GridDensity = Type.Object({
  /** Grids with at least one open case in the box, most cases first (at most 5,000). */
  cells: Type.Array(GridDensityCell),
  maxOpen: Type.Integer(),
  totalOpen: Type.Integer(),
  isTruncated: Type.Boolean(),
});
export type GridDensity = Static<typeof GridDensity>;
