import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePgbenchOutput } from './reference.ts';

// What pgbench 15 prints at the end of a run.
const pgbench15 = `pgbench (15.20 (Debian 15.20-0+deb12u1))
starting vacuum...end.
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 1
query mode: simple
number of clients: 4
number of threads: 2
maximum number of tries: 1
duration: 3 s
number of transactions actually processed: 8189
number of failed transactions: 0 (0.000%)
latency average = 1.467 ms
initial connection time = 6.433 ms
tps = 2727.091383 (without initial connection time)
`;

describe('parsePgbenchOutput', () => {
  it('reads tps and average latency when pgbench 15 reports a run', () => {
    assert.deepEqual(parsePgbenchOutput(pgbench15), { tps: 2727.091383, latencyAverageMs: 1.467 });
  });

  it('throws when the output has no tps line', () => {
    assert.throws(() => parsePgbenchOutput('pgbench: error: connection refused'), /no tps line/);
  });
});
