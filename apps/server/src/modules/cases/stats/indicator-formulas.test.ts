// The formulas alone (DOMAIN.md), on counts worked out by hand, and on the published quarter of
// one provincial capital: 298,597 cases, closure 99.99 %, on time 99.83 %, rework 0.05 %,
// extension 0.02 %.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTally, emptyTally, indicatorRowOf, rankRows, scoreOf } from './indicator-formulas.ts';
import { closureFactsOf, type HistoryStep } from './daily-stats.ts';

const weights = {
  closureRate: 0.25,
  onTimeRate: 0.3,
  reworkRate: 0.15,
  extensionRate: 0.1,
  satisfaction: 0.2,
};

describe('indicator formulas', () => {
  it('reproduces a published quarter', () => {
    const filed = 298_597;
    const t = addTally(emptyTally(), {
      filed,
      closed: 298_567, // 99.99 %
      closedExtended: 60,
      onTimeClosed: 298_000,
      openOverdue: 0,
      reworked: 149, // 0.05 %
      extensions: 60, // 0.02 %
    });
    const row = indicatorRowOf('x', 'x', t, weights);
    assert.equal(row.closureRate, 0.9999);
    // 298,000 ÷ (298,567 − 60) = 0.99832…
    assert.equal(row.onTimeRate, 0.9983);
    assert.equal(row.reworkRate, 0.0005);
    assert.equal(row.extensionRate, 0.0002);
    assert.equal(row.satisfaction, null, 'no call backs');
  });

  it('counts open overdue cases as due, and takes extended ones out of the denominator', () => {
    const t = addTally(emptyTally(), {
      filed: 10,
      closed: 8,
      closedExtended: 1,
      onTimeClosed: 6,
      openOverdue: 3,
      openOverdueExtended: 1,
    });
    const row = indicatorRowOf('d', 'd', t, weights);
    assert.equal(row.due, 11);
    assert.equal(row.dueExtended, 2);
    assert.equal(row.onTimeRate, Math.round((6 / 9) * 10_000) / 10_000);
  });

  it('weighs satisfaction 100 / 80 / 0 and averages handling hours', () => {
    const t = addTally(emptyTally(), {
      callbacks: 4,
      satisfied: 2,
      basicallySatisfied: 1,
      dissatisfied: 1,
      handledCases: 2,
      handlingSeconds: 3 * 3600,
    });
    const row = indicatorRowOf('s', 's', t, weights);
    assert.equal(row.satisfaction, 70, '(200 + 80 + 0) ÷ 4');
    assert.equal(row.averageHandlingHours, 1.5);
    assert.equal(row.closureRate, null, 'nothing filed');
    // Only satisfaction is known: the score is that part alone.
    assert.equal(row.score, 70);
  });

  it('scores the weighted mean of the known parts, rates capped at 1', () => {
    assert.equal(
      scoreOf(
        { closureRate: 1.2, onTimeRate: 0.5, reworkRate: 0, extensionRate: null, satisfaction: 90 },
        weights,
      ),
      // (0.25 × 1 + 0.3 × 0.5 + 0.15 × 1 + 0.2 × 0.9) ÷ 0.9 = 0.8111…
      81.11,
    );
    assert.equal(
      scoreOf(
        {
          closureRate: null,
          onTimeRate: null,
          reworkRate: null,
          extensionRate: null,
          satisfaction: null,
        },
        weights,
      ),
      null,
    );
  });

  it('ranks by score, sharing a rank on a tie, rows without a score last', () => {
    const row = (key: string, score: number | null, filed = 1) => ({
      ...indicatorRowOf(key, key, emptyTally(), weights),
      score,
      filed,
    });
    const ranked = rankRows([row('a', 80), row('b', null), row('c', 95), row('d', 80)]);
    assert.deepEqual(
      ranked.map((r) => [r.key, r.rank]),
      [
        ['c', 1],
        ['a', 2],
        ['d', 2],
        ['b', 4],
      ],
    );
  });
});

describe('closure facts', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h));
  const step = (action: string, to: string, h: number, deadlineH: number | null = null) =>
    ({
      action,
      to_state: to,
      at: at(h),
      state_deadline_at: deadlineH === null ? null : at(deadlineH),
    }) satisfies HistoryStep;

  it('is on time when every handling report came by the deadline in force', () => {
    const facts = closureFactsOf([
      step('start', 'reported', 0, 2),
      step('file', 'filed', 1, 3),
      step('dispatch', 'handling', 2, 6),
      step('handle', 'handled', 5),
      step('verify_fail', 'handling', 6, 8),
      step('handle', 'handled', 9),
      step('verify_pass', 'verified', 10),
      step('close', 'closed', 11),
    ]);
    assert.deepEqual(facts, {
      isExtended: false,
      isOnTime: false,
      isReworked: true,
      handlingSeconds: 7 * 3600,
    });
  });

  it('judges a handling report after an extension against the extended deadline', () => {
    const facts = closureFactsOf([
      step('dispatch', 'handling', 2, 4),
      step('request_extension', 'handling', 3, 4),
      step('approve_extension', 'extended', 3, 10),
      step('handle', 'handled', 8),
      step('close', 'closed', 9),
    ]);
    assert.equal(facts.isOnTime, true);
    assert.equal(facts.isExtended, true);
  });
});
