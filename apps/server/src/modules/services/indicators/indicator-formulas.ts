// The indicators of the service hall (办件指标), from counts. Every share is null when its
// denominator is zero (nothing to measure is not 0 % and not 100 %).
//
// Counts (per department or item, over the period [from, to], city dates):
//   received              applications submitted in the period (收件数)
//   receivedOnline        of those, through web, mobile or mini_program
//   finished              applications that reached delivered, denied or not_accepted in the
//                         period (办结数; withdrawn ones are not the agency's work)
//   finishedOnTime        of those, closed at or before their deadline (closed_at <= deadline_at;
//                         the deadline already excludes 补正 and special steps, which stop the clock)
//   finishedSupplemented  of those, with a 补正 request on the way (supplement_count > 0)
//   workingDays(x)        working days a finished application used:
//                         max(0, L − (no(deadline day) − no(closing day)))
//                         where L = max(1, promised limit) is the limit its clock ran on and
//                         no(d) counts working days up to d; so closing on the deadline day
//                         used L days, closing k working days early L − k, late L + k.
//   items / itemsAtMostOneVisit  active items in scope, and those with visits (到现场次数) ≤ 1
//                         (the catalogue as it is now; not period-dependent)
//   ratings               ratings given in the period, not excluded after an upheld appeal
//   ratingsSatisfied      of those, level ≥ 4 (满意, 非常满意)
//   badRatings            of those, level ≤ 2 (不满意, 非常不满意)
//   badRatingsRectified   of those, whose rectification reached 'closed' (复核通过)
//
// Indicators:
//   onlineRate            = receivedOnline ÷ received                 (网上办理率)
//   atMostOneVisitShare   = itemsAtMostOneVisit ÷ items               (最多跑一次比例)
//   avgWorkingDays        = Σ workingDays ÷ finished, 2 decimals      (平均办结用时)
//   p90WorkingDays        = the ⌈0.9 · finished⌉-th smallest workingDays (nearest rank)
//   onTimeRate            = finishedOnTime ÷ finished                 (按时办结率)
//   supplementRate        = finishedSupplemented ÷ finished           (补正率)
//   satisfaction          = ratingsSatisfied ÷ ratings                (满意率)
//   rectificationRate     = badRatingsRectified ÷ badRatings          (差评整改率)
import type { IndicatorCounts, IndicatorValues } from '@citygov/contracts';

/** How many finished applications used each number of working days. */
export type DaysHistogram = ReadonlyMap<number, number>;

export const emptyCounts = (): IndicatorCounts => ({
  received: 0,
  receivedOnline: 0,
  finished: 0,
  finishedOnTime: 0,
  finishedSupplemented: 0,
  workingDaysSum: 0,
  items: 0,
  itemsAtMostOneVisit: 0,
  ratings: 0,
  ratingsSatisfied: 0,
  badRatings: 0,
  badRatingsRectified: 0,
});

/** Adds b into a (counts are sums over days, items and departments). */
export function addCounts(a: IndicatorCounts, b: IndicatorCounts): IndicatorCounts {
  const out = { ...a };
  for (const key of Object.keys(out) as Array<keyof IndicatorCounts>) out[key] += b[key];
  return out;
}

export function addHistograms(a: DaysHistogram, b: DaysHistogram): Map<number, number> {
  const out = new Map(a);
  for (const [days, n] of b) out.set(days, (out.get(days) ?? 0) + n);
  return out;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The nearest-rank percentile (0 < p ≤ 1) of the histogram's values; null when empty. */
export function percentileOf(histogram: DaysHistogram, p: number): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (const days of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(days)!;
    if (seen >= rank) return days;
  }
  return null;
}

/** The indicators of one row (or the total) from its counts and its working-days histogram. */
export function indicatorValues(
  counts: IndicatorCounts,
  histogram: DaysHistogram,
): IndicatorValues {
  return {
    onlineRate: share(counts.receivedOnline, counts.received),
    atMostOneVisitShare: share(counts.itemsAtMostOneVisit, counts.items),
    avgWorkingDays:
      counts.finished === 0
        ? null
        : Math.round((counts.workingDaysSum / counts.finished) * 100) / 100,
    p90WorkingDays: percentileOf(histogram, 0.9),
    onTimeRate: share(counts.finishedOnTime, counts.finished),
    supplementRate: share(counts.finishedSupplemented, counts.finished),
    satisfaction: share(counts.ratingsSatisfied, counts.ratings),
    rectificationRate: share(counts.badRatingsRectified, counts.badRatings),
  };
}
