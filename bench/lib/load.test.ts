import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runClosedLoop, runOpenLoop } from './load.ts';

describe('runClosedLoop', () => {
  it('counts completions and failures separately when some operations throw', async () => {
    let calls = 0;
    const result = await runClosedLoop({
      concurrency: 3,
      seconds: 0.05,
      operation: async () => {
        calls++;
        await Promise.resolve();
        if (calls % 4 === 0) throw new Error('every fourth fails');
      },
    });
    assert.equal(result.completed + result.failed, calls);
    assert.ok(result.failed > 0);
    assert.equal(result.errors['every fourth fails'], result.failed);
    assert.equal(result.latency.count, result.completed);
  });
});

describe('runOpenLoop', () => {
  it('starts exactly rate × seconds operations when the operations succeed', async () => {
    let calls = 0;
    const result = await runOpenLoop({
      ratePerSecond: 400,
      seconds: 0.1,
      maxInFlight: 8,
      operation: async () => {
        calls++;
        await Promise.resolve();
      },
    });
    assert.equal(calls, 40);
    assert.equal(result.completed, 40);
    assert.equal(result.failed, 0);
    assert.equal(result.targetRatePerSecond, 400);
    // 40 arrivals 2.5 ms apart all belong to the schedule's first second.
    assert.deepEqual(
      result.bySecond.map((s) => [s.second, s.count]),
      [[0, 40]],
    );
  });

  it('never has more than maxInFlight operations running when the server is slow', async () => {
    let running = 0;
    let highest = 0;
    const result = await runOpenLoop({
      ratePerSecond: 1000,
      seconds: 0.05,
      maxInFlight: 4,
      operation: async () => {
        running++;
        highest = Math.max(highest, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
    });
    assert.equal(result.completed, 50);
    assert.ok(highest <= 4, `highest in flight was ${highest}`);
    assert.ok(result.lateStarts > 0);
  });

  it('throws when the rate is not positive', async () => {
    await assert.rejects(
      runOpenLoop({ ratePerSecond: 0, seconds: 1, maxInFlight: 1, operation: async () => {} }),
      RangeError,
    );
  });
});
