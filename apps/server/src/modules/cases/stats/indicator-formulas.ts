// The evaluation formulas (DOMAIN.md; the contract file spells each one out) over summed
// counts. Pure, so the tests check them against figures worked out by hand.
import type { CaseIndicatorRow, CaseScoreWeights } from '@citygov/contracts';

/** Counts summed over the rollup rows of a group, plus the open cases overdue in the period. */
export interface Tally {
  intake: number;
  filed: number;
  closed: number;
  closedExtended: number;
  onTimeClosed: number;
  reworked: number;
  extensions: number;
  handledCases: number;
  handlingSeconds: number;
  callbacks: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** Cases still being handled whose handling deadline lapsed in the period. */
  openOverdue: number;
  /** ... of which with an approved extension. */
  openOverdueExtended: number;
}

export const emptyTally = (): Tally => ({
  intake: 0,
  filed: 0,
  closed: 0,
  closedExtended: 0,
  onTimeClosed: 0,
  reworked: 0,
  extensions: 0,
  handledCases: 0,
  handlingSeconds: 0,
  callbacks: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  dissatisfied: 0,
  openOverdue: 0,
  openOverdueExtended: 0,
});

export function addTally(into: Tally, more: Partial<Tally>): Tally {
  for (const [key, value] of Object.entries(more) as Array<[keyof Tally, number | undefined]>) {
    into[key] += Number(value ?? 0);
  }
  return into;
}

/** Points per answer of a call back (满意 / 基本满意 / 不满意). */
export const satisfactionPoints = { satisfied: 100, basicallySatisfied: 80, dissatisfied: 0 };

/** A fraction to four places; null without a denominator. */
export const ratio = (a: number, b: number) =>
  b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** 满意度 on 0–100, or null without call backs. */
export function satisfactionOf(
  t: Pick<Tally, 'satisfied' | 'basicallySatisfied' | 'dissatisfied'>,
) {
  const answers = t.satisfied + t.basicallySatisfied + t.dissatisfied;
  if (!answers) return null;
  const points =
    t.satisfied * satisfactionPoints.satisfied +
    t.basicallySatisfied * satisfactionPoints.basicallySatisfied +
    t.dissatisfied * satisfactionPoints.dissatisfied;
  return round2(points / answers);
}

/** 按期结案率 = on-time closures ÷ (cases due − those with an approved extension). */
export function onTimeRateOf(t: Tally) {
  const due = t.closed + t.openOverdue;
  const dueExtended = t.closedExtended + t.openOverdueExtended;
  return ratio(t.onTimeClosed, due - dueExtended);
}

/** The composite score out of 100: the weighted mean of the parts that are known. */
export function scoreOf(
  parts: {
    closureRate: number | null;
    onTimeRate: number | null;
    reworkRate: number | null;
    extensionRate: number | null;
    satisfaction: number | null;
  },
  weights: CaseScoreWeights,
): number | null {
  const cap = (v: number) => Math.max(0, Math.min(1, v));
  const known: Array<[number, number | null]> = [
    [weights.closureRate, parts.closureRate === null ? null : cap(parts.closureRate)],
    [weights.onTimeRate, parts.onTimeRate === null ? null : cap(parts.onTimeRate)],
    [weights.reworkRate, parts.reworkRate === null ? null : 1 - cap(parts.reworkRate)],
    [weights.extensionRate, parts.extensionRate === null ? null : 1 - cap(parts.extensionRate)],
    [weights.satisfaction, parts.satisfaction === null ? null : cap(parts.satisfaction / 100)],
  ];
  let weightSum = 0;
  let sum = 0;
  for (const [w, v] of known) {
    if (v === null || w <= 0) continue;
    weightSum += w;
    sum += w * v;
  }
  return weightSum > 0 ? round2((sum / weightSum) * 100) : null;
}

/** One row of the indicators from a group's counts (rank is set by rankRows). */
export function indicatorRowOf(
  key: string,
  name: string,
  t: Tally,
  weights: CaseScoreWeights,
): CaseIndicatorRow {
  const closureRate = ratio(t.closed, t.filed);
  const onTimeRate = onTimeRateOf(t);
  const reworkRate = ratio(t.reworked, t.closed);
  const extensionRate = ratio(t.extensions, t.filed);
  const satisfaction = satisfactionOf(t);
  return {
    key,
    name,
    filed: t.filed,
    closed: t.closed,
    closureRate,
    due: t.closed + t.openOverdue,
    dueExtended: t.closedExtended + t.openOverdueExtended,
    onTimeClosed: t.onTimeClosed,
    onTimeRate,
    reworked: t.reworked,
    reworkRate,
    extensions: t.extensions,
    extensionRate,
    averageHandlingHours: t.handledCases ? round2(t.handlingSeconds / t.handledCases / 3600) : null,
    callbacks: t.callbacks,
    satisfied: t.satisfied,
    basicallySatisfied: t.basicallySatisfied,
    dissatisfied: t.dissatisfied,
    satisfaction,
    score: scoreOf({ closureRate, onTimeRate, reworkRate, extensionRate, satisfaction }, weights),
    rank: 0,
  };
}

/** Best score first (rows without a score last, then by key); ranks 1, 2 … with ties shared. */
export function rankRows(rows: CaseIndicatorRow[]): CaseIndicatorRow[] {
  const sorted = [...rows].sort(
    (a, b) =>
      (b.score ?? -1) - (a.score ?? -1) ||
      b.filed - a.filed ||
      a.key.localeCompare(b.key, 'en', { numeric: true }),
  );
  sorted.forEach((row, i) => {
    const previous = sorted[i - 1];
    row.rank = previous && previous.score === row.score ? previous.rank : i + 1;
  });
  return sorted;
}
