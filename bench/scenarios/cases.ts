// 一网统管 (issue 4): case intake through POST /api/cases and Open311 (grid lookup, routing,
// duplicate check, workflow start, audit) as a ratio to pgbench; the indicators of one month
// for every department; the map's case list in a box. One seeded city per database: the large
// demo city's 53,568 grids and BENCH_CASE_HISTORY historical cases (10 million by default on
// PostgreSQL, as the issue asks; 100,000 on PGlite), then the operations one after another.
import type { Pool } from 'undici';
import { openPool } from '../lib/http.ts';
import type { Operation } from '../lib/load.ts';
import { measurePhases, type PhaseResults } from '../lib/phases.ts';
import type { MeasuredRow, RowTargets, ScenarioOutcome } from '../lib/report.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import type { TargetDatabase } from '../lib/options.ts';
import { openTarget, type AuditCheck } from '../lib/target.ts';
import {
  prepareCaseOperations,
  seedCasesCity,
  type CasesSeeded,
  type CasesSize,
} from './cases-workloads.ts';

const PGLITE_HISTORY = 100_000;

function sizeFor(database: TargetDatabase, env: NodeJS.ProcessEnv): CasesSize {
  const raw = env.BENCH_CASE_HISTORY?.replaceAll('_', '');
  const wanted = raw ? Number(raw) : 10_000_000;
  if (!Number.isInteger(wanted) || wanted < 0) {
    throw new Error(`BENCH_CASE_HISTORY must be a whole number, got "${raw}"`);
  }
  const grids = env.BENCH_CASE_GRIDS === 'demo' ? 'demo' : 'large';
  return {
    history: database === 'pglite' ? Math.min(wanted, PGLITE_HISTORY) : wanted,
    grids,
  };
}

interface Measured {
  label: string;
  unit: string;
  phases: PhaseResults;
  targets: RowTargets;
  /** The p95 a query must stay under (judged in the notes). */
  maxP95Ms?: number;
}

interface CasesRun {
  database: TargetDatabase;
  size: CasesSize;
  seeded: CasesSeeded;
  measured: Measured[];
  counts: Record<string, number>;
  audit: AuditCheck;
}

function rowOf(database: TargetDatabase, m: Measured): MeasuredRow {
  const { peak, halfRate, halfRateRamp, warmup } = m.phases;
  return {
    scenario: m.label,
    database,
    unit: m.unit,
    peakPerSecond: peak.throughputPerSecond,
    latencyAtRate: {
      ratePerSecond: halfRate.targetRatePerSecond,
      achievedPerSecond: halfRate.throughputPerSecond,
      p50Ms: halfRate.latency.p50Ms,
      p95Ms: halfRate.latency.p95Ms,
      p99Ms: halfRate.latency.p99Ms,
    },
    failed: peak.failed + halfRate.failed + halfRateRamp.failed + (warmup?.failed ?? 0),
    targets: m.targets,
  };
}

async function runOn(ctx: ScenarioContext, database: TargetDatabase): Promise<CasesRun> {
  const size = sizeFor(database, process.env);
  const log = (message: string) => ctx.log(`${database}: ${message}`);
  let seeded: CasesSeeded | undefined;
  log(`seeding ${size.grids} grids and ${size.history.toLocaleString('en')} historical cases`);
  const target = await openTarget(
    database,
    ctx.options.adminUrl,
    async (appCtx) => {
      seeded = await seedCasesCity(appCtx, size, log);
    },
    ctx.log,
    // A database of its own: other scenarios (or runs) recreate citygov_bench.
    'citygov_bench_cases',
  );
  const pool: Pool = openPool(target.server.baseUrl, ctx.options.concurrency);
  try {
    const ops = await prepareCaseOperations(pool, seeded!);
    const measure = async (label: string, operation: Operation) => {
      log(label);
      return measurePhases({
        server: target.server,
        snapshotDatabaseCpu: target.snapshotDatabaseCpu,
        operation,
        concurrency: ctx.options.concurrency,
        warmupSeconds: ctx.options.warmupSeconds,
        seconds: ctx.options.seconds,
        log,
      });
    };
    const intakeTargets = { minRatioToPgbench: 0.3, maxP99Ms: 50 };
    const measured: Measured[] = [
      {
        label: 'case intake (POST /api/cases)',
        unit: 'cases',
        phases: await measure('intake', ops.intake),
        targets: intakeTargets,
      },
      {
        label: 'case intake (Open311 POST)',
        unit: 'requests',
        phases: await measure('open311', ops.open311),
        targets: intakeTargets,
      },
      {
        label: 'indicators, one month, all departments',
        unit: 'queries',
        phases: await measure('indicators', ops.indicators),
        targets: {},
        maxP95Ms: 200,
      },
      {
        label: 'map: open cases in a 2 km box',
        unit: 'queries',
        phases: await measure('map (open cases)', ops.mapOpen),
        targets: {},
        maxP95Ms: 50,
      },
      {
        label: 'map: newest cases in a 2 km box',
        unit: 'queries',
        phases: await measure('map (all cases)', ops.mapAll),
        targets: {},
        maxP95Ms: 50,
      },
    ];
    await pool.close();
    log('verifying the audit ledger');
    const audit = await target.stopAndVerifyAudit();
    log(audit.message);
    return { database, size, seeded: seeded!, measured, counts: ops.counts(), audit };
  } finally {
    await pool.destroy().catch(() => {});
    await target.close();
  }
}

function notesOf(run: CasesRun): string[] {
  const p95 = run.measured
    .filter((m) => m.maxP95Ms !== undefined)
    .map((m) => {
      const value = m.phases.halfRate.latency.p95Ms;
      return `${m.label} p95 ${value.toFixed(1)} ms (goal < ${m.maxP95Ms} ms ${value < m.maxP95Ms! ? '✅' : '❌'})`;
    });
  return [
    `${run.database}: ${run.seeded.historical.toLocaleString('en')} historical cases on ${run.size.grids} grids; ` +
      `indicators for ${run.seeded.month.from} … ${run.seeded.month.to}; ${p95.join('; ')}`,
    `${run.database}: ${run.counts.intake} cases and ${run.counts.open311} Open311 requests taken in, ` +
      `${run.counts.duplicatesOffered} answered with an open case nearby (409); audit: ${run.audit.message}`,
  ];
}

async function runCases(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const runs: CasesRun[] = [];
  for (const database of ctx.options.targets) runs.push(await runOn(ctx, database));
  return {
    name: 'cases',
    description,
    rows: runs.flatMap((run) => run.measured.map((m) => rowOf(run.database, m))),
    details: runs.map(({ seeded: { spots: _spots, ...seeded }, ...run }) => ({ ...run, seeded })),
    notes: runs.flatMap(notesOf),
  };
}

const description =
  'city-management cases: intake (HTTP and Open311), indicators of a month, the map list';

export const casesScenario: Scenario = { name: 'cases', description, run: runCases };
