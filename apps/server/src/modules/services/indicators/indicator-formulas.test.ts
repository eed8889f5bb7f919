import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addCounts, emptyCounts, indicatorValues, percentileOf } from './indicator-formulas.ts';

describe('indicator formulas', () => {
  it('computes every share from hand-counted figures', () => {
    // 8 received, 6 online; 5 finished using 0, 1, 1, 3 and 7 working days (sum 12), 4 on time,
    // 2 with a 补正; 10 items, 7 with at most one visit; 6 ratings, 3 satisfied, 2 bad, 1 rectified.
    const counts = {
      ...emptyCounts(),
      received: 8,
      receivedOnline: 6,
      finished: 5,
      finishedOnTime: 4,
      finishedSupplemented: 2,
      workingDaysSum: 12,
      items: 10,
      itemsAtMostOneVisit: 7,
      ratings: 6,
      ratingsSatisfied: 3,
      badRatings: 2,
      badRatingsRectified: 1,
    };
    const histogram = new Map([
      [0, 1],
      [1, 2],
      [3, 1],
      [7, 1],
    ]);
    assert.deepEqual(indicatorValues(counts, histogram), {
      onlineRate: 0.75,
      atMostOneVisitShare: 0.7,
      avgWorkingDays: 2.4,
      // ⌈0.9 × 5⌉ = 5th smallest of 0, 1, 1, 3, 7.
      p90WorkingDays: 7,
      onTimeRate: 0.8,
      supplementRate: 0.4,
      satisfaction: 0.5,
      rectificationRate: 0.5,
    });
  });

  it('answers null, not 0 or 1, where there is nothing to measure', () => {
    const values = indicatorValues(emptyCounts(), new Map());
    assert.ok(Object.values(values).every((v) => v === null));
  });

  it('takes the nearest rank for the 90th percentile', () => {
    // 20 values: 18 of 2 days, 1 of 5, 1 of 9 → rank 18 is 2; 19 values of 2 and one 9 → rank 18 still 2.
    assert.equal(
      percentileOf(
        new Map([
          [2, 18],
          [5, 1],
          [9, 1],
        ]),
        0.9,
      ),
      2,
    );
    // 10 values: ranks 1..8 are 1 day, 9 is 4, 10 is 6 → rank 9 is 4.
    assert.equal(
      percentileOf(
        new Map([
          [6, 1],
          [1, 8],
          [4, 1],
        ]),
        0.9,
      ),
      4,
    );
    assert.equal(percentileOf(new Map([[3, 1]]), 0.9), 3);
  });

  it('adds counts field by field, so a total is the sum of its rows', () => {
    const a = { ...emptyCounts(), received: 2, ratings: 1 };
    const b = { ...emptyCounts(), received: 3, badRatings: 4 };
    assert.deepEqual(addCounts(a, b), { ...emptyCounts(), received: 5, ratings: 1, badRatings: 4 });
  });
});
