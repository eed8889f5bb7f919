import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRow, renderMarkdown, type BenchReport } from './report.ts';

const pgbenchRun = {
  tool: 'pgbench' as const,
  command: 'pgbench -c 4 -j 2 -T 15',
  version: 'pgbench 15',
  scale: 10,
  clients: 4,
  threads: 2,
  seconds: 15,
  tps: 2000,
  latencyAverageMs: 2,
};

const report: BenchReport = {
  date: '2026-11-28T08:00:00.000Z',
  gitCommit: '0123456789abcdef',
  isTreeDirty: false,
  machine: {
    cpus: 2,
    cpuModel: 'Test CPU',
    memoryBytes: 8 * 1024 ** 3,
    os: 'Linux',
    loadAverageAtStart: [0, 0, 0],
  },
  versions: {
    node: 'v24.0.0',
    postgres: '15.20',
    pgbench: 'pgbench 15',
    pglite: '0.5.17',
    citygov: '0.1.0',
  },
  postgresSettings: { autovacuum: 'on', shared_buffers: '128MB' },
  settings: {},
  reference: {
    tps: 2000,
    before: { ...pgbenchRun, tps: 2100 },
    after: { ...pgbenchRun, tps: 1900 },
  },
  scenarios: [
    {
      name: 'workflow',
      description: 'd',
      rows: [
        {
          scenario: 'workflow transitions',
          database: 'postgres',
          unit: 'transitions',
          peakPerSecond: 1100,
          ratioToPgbench: 0.55,
          latencyAtRate: {
            ratePerSecond: 550,
            achievedPerSecond: 549,
            p50Ms: 3.21,
            p95Ms: 9.9,
            p99Ms: 25,
          },
          failed: 0,
          targets: { minRatioToPgbench: 0.5, maxP99Ms: 20 },
          goals: [
            { name: 'ratio ≥ 0.5', isMet: true },
            { name: 'p99 < 20 ms', isMet: false },
          ],
        },
        {
          scenario: 'workflow transitions',
          database: 'pglite',
          unit: 'transitions',
          peakPerSecond: 80.44,
          ratioToPgbench: 0.0402,
          latencyAtRate: null,
          failed: 3,
          targets: {},
          goals: [],
        },
      ],
      details: null,
      notes: ['a scenario note'],
    },
  ],
  notes: ['a run note'],
};

describe('renderMarkdown', () => {
  const md = renderMarkdown(report, 'run.json');

  it('writes one table row per scenario and database with ratio, latency and goals', () => {
    assert.match(
      md,
      /\| workflow transitions \| PostgreSQL \| 1,100 transitions\/s \| 0\.55 \| 3\.2 \/ 9\.9 \/ 25\.0 ms at 550\/s \| ratio ≥ 0\.5 ✅; p99 < 20 ms ❌ \|/,
    );
    assert.match(
      md,
      /\| workflow transitions \| PGlite \| 80\.4 transitions\/s \(3 failed\) \| 0\.04 \| — \| — \|/,
    );
  });

  it('states the reference, the machine, the commit and the notes', () => {
    assert.match(md, /\*\*2,000 tps\*\* \(mean of 2,100 before and 1,900 after the scenarios\)/);
    assert.match(md, /commit `0123456789`/);
    assert.match(md, /2 CPU cores \(Test CPU\), 8\.0 GiB RAM/);
    assert.match(md, /- a run note\n- a scenario note/);
    assert.match(md, /`bench\/results\/run\.json`/);
  });

  it("names the PostgreSQL server's settings, or says nothing when none were read", () => {
    assert.match(md, /PostgreSQL settings: autovacuum on, shared_buffers 128MB\./);
    assert.doesNotMatch(
      renderMarkdown({ ...report, postgresSettings: {} }, 'run.json'),
      /settings:/,
    );
  });
});

describe('judgeRow', () => {
  const measured = {
    scenario: 'w',
    database: 'postgres' as const,
    unit: 'transitions',
    peakPerSecond: 1000,
    latencyAtRate: { ratePerSecond: 500, achievedPerSecond: 500, p50Ms: 2, p95Ms: 8, p99Ms: 19.9 },
    failed: 0,
    targets: { minRatioToPgbench: 0.5, maxP99Ms: 20 },
  };

  it('meets both goals when the ratio and p99 are inside their limits', () => {
    const row = judgeRow(measured, 2000);
    assert.equal(row.ratioToPgbench, 0.5);
    assert.deepEqual(row.goals, [
      { name: 'ratio ≥ 0.5', isMet: true },
      { name: 'p99 < 20 ms', isMet: true },
    ]);
  });

  it('misses the goals when the ratio is below and p99 is at the limit', () => {
    const row = judgeRow(
      { ...measured, latencyAtRate: { ...measured.latencyAtRate, p99Ms: 20 } },
      2001,
    );
    assert.deepEqual(
      row.goals.map((g) => g.isMet),
      [false, false],
    );
  });

  it('judges nothing when the row has no targets', () => {
    assert.deepEqual(judgeRow({ ...measured, targets: {} }, 2000).goals, []);
  });
});
