import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentileOfSorted, summarizeLatencies } from './percentiles.ts';

describe('percentileOfSorted', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('returns the nearest-rank value when the sample has 100 values', () => {
    assert.equal(percentileOfSorted(hundred, 50), 50);
    assert.equal(percentileOfSorted(hundred, 95), 95);
    assert.equal(percentileOfSorted(hundred, 99), 99);
    assert.equal(percentileOfSorted(hundred, 100), 100);
  });

  it('rounds the rank up when it falls between two samples', () => {
    // 10 values: p95 has rank ceil(9.5) = 10, p50 has rank 5, p1 has rank ceil(0.1) = 1.
    const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    assert.equal(percentileOfSorted(ten, 95), 100);
    assert.equal(percentileOfSorted(ten, 50), 50);
    assert.equal(percentileOfSorted(ten, 1), 10);
  });

  it('returns the only value when the sample has one value', () => {
    assert.equal(percentileOfSorted([7], 1), 7);
    assert.equal(percentileOfSorted([7], 99), 7);
  });

  it('throws when the sample is empty or p is out of range', () => {
    assert.throws(() => percentileOfSorted([], 50), RangeError);
    assert.throws(() => percentileOfSorted([1, 2], 0), RangeError);
    assert.throws(() => percentileOfSorted([1, 2], 101), RangeError);
  });
});

describe('summarizeLatencies', () => {
  it('sorts numerically when the values arrive unordered', () => {
    // A lexicographic sort would put 100 before 9.
    const values = [100, 9, 3, 42, 7.5, 1, 250, 12, 64, 2];
    const s = summarizeLatencies(values);
    assert.equal(s.count, 10);
    assert.equal(s.minMs, 1);
    assert.equal(s.maxMs, 250);
    assert.equal(s.p50Ms, 9);
    assert.equal(s.p95Ms, 250);
    assert.equal(s.meanMs, 490.5 / 10);
  });

  it('keeps a slow tail visible in p99 when 2 of 100 requests are slow', () => {
    const values = [...Array.from({ length: 98 }, () => 2), 40, 900];
    const s = summarizeLatencies(values);
    assert.equal(s.p50Ms, 2);
    assert.equal(s.p99Ms, 40);
    assert.equal(s.maxMs, 900);
  });

  it('gives zeros when there are no samples', () => {
    assert.deepEqual(summarizeLatencies([]), {
      count: 0,
      minMs: 0,
      meanMs: 0,
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
      maxMs: 0,
    });
  });
});
