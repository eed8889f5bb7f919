// Runs one HTTP workload on one database kind: fresh database, seed, server process, logins
// and set-up, the standard phases, then the audit ledger check. Scenarios supply the workload.
import os from 'node:os';
import type { Pool } from 'undici';
import type { AppContext } from '../../apps/server/src/platform/http/context.ts';
import { openPool } from './http.ts';
import type { Operation } from './load.ts';
import type { TargetDatabase } from './options.ts';
import { measurePhases, type PhaseResults } from './phases.ts';
import type { ScenarioContext } from './scenario.ts';
import { openTarget, type AuditCheck } from './target.ts';
import type { MeasuredRow, RowTargets } from './report.ts';

export interface HttpWorkload<Seeded> {
  seed(ctx: AppContext): Promise<Seeded>;
  /** Logs in and creates the records the operation works on; returns the operation. */
  prepare(
    pool: Pool,
    seeded: Seeded,
    log: (message: string) => void,
  ): Promise<{
    operation: Operation;
    /** What the workload counted, read after the phases (before the server stops). */
    summarize?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  }>;
  /** A PostgreSQL database of its own (default citygov_bench, which other workloads recreate). */
  databaseName?: string;
  /** Settings of the server process over the benchmark's (environment variables). */
  serverSettings?: Record<string, string>;
}

export interface WorkloadRun {
  database: TargetDatabase;
  phases: PhaseResults;
  audit: AuditCheck;
  /** What the workload counted itself (records, actions), read after the run. */
  facts: Record<string, unknown>;
  /** Warnings and errors the server printed (LOG_LEVEL=warn), last few kilobytes. */
  serverOutput: string;
}

export async function runHttpWorkload<Seeded>(
  ctx: ScenarioContext,
  database: TargetDatabase,
  workload: HttpWorkload<Seeded>,
): Promise<WorkloadRun> {
  const log = (message: string) => ctx.log(`${database}: ${message}`);
  let seeded: Seeded | undefined;
  const target = await openTarget(
    database,
    ctx.options.adminUrl,
    async (appCtx) => {
      seeded = await workload.seed(appCtx);
    },
    ctx.log,
    workload.databaseName,
    workload.serverSettings,
  );
  const pool = openPool(target.server.baseUrl, ctx.options.concurrency);
  try {
    const { operation, summarize } = await workload.prepare(pool, seeded as Seeded, log);
    const phases = await measurePhases({
      server: target.server,
      snapshotDatabaseCpu: target.snapshotDatabaseCpu,
      operation,
      concurrency: ctx.options.concurrency,
      warmupSeconds: ctx.options.warmupSeconds,
      seconds: ctx.options.seconds,
      log,
    });
    const facts = (await summarize?.()) ?? {};
    await pool.close();
    const serverOutput = target.server.readOutput();
    log('verifying the audit ledger');
    const audit = await target.stopAndVerifyAudit();
    log(audit.message);
    return { database, phases, audit, facts, serverOutput };
  } finally {
    await pool.destroy().catch(() => {});
    await target.close();
  }
}

/** The table row of a workload run. */
export function buildRow(
  scenario: string,
  unit: string,
  run: WorkloadRun,
  targets: RowTargets = {},
): MeasuredRow {
  const { peak, halfRate } = run.phases;
  return {
    scenario,
    database: run.database,
    unit,
    peakPerSecond: peak.throughputPerSecond,
    latencyAtRate: {
      ratePerSecond: halfRate.targetRatePerSecond,
      achievedPerSecond: halfRate.throughputPerSecond,
      p50Ms: halfRate.latency.p50Ms,
      p95Ms: halfRate.latency.p95Ms,
      p99Ms: halfRate.latency.p99Ms,
    },
    failed:
      peak.failed +
      halfRate.failed +
      run.phases.halfRateRamp.failed +
      (run.phases.warmup?.failed ?? 0),
    targets,
  };
}

/** A one-line account of where the CPU went during the peak phase. */
export function describeCpu(scenario: string, run: WorkloadRun): string {
  const { cpu } = run.phases.peak;
  const cores = os.availableParallelism();
  const pct = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n * 100)}%`);
  const database =
    cpu.databaseCores === null ? '' : `, its PostgreSQL backends ${pct(cpu.databaseCores)}`;
  // What the machine did beyond the three parties: other users' work, PostgreSQL's own
  // background processes, the kernel.
  const others =
    cpu.machineBusyShare === null || cpu.serverCores === null
      ? null
      : Math.max(
          0,
          cpu.machineBusyShare * cores -
            cpu.serverCores -
            (cpu.databaseCores ?? 0) -
            cpu.loadGeneratorCores,
        );
  // CPU time per operation hardly depends on what else the machine runs, unlike the rate.
  const perOp = (share: number | null) =>
    share === null
      ? 'n/a'
      : `${((share * 1000) / run.phases.peak.throughputPerSecond).toFixed(2)} ms`;
  const databasePerOp =
    cpu.databaseCores === null ? '' : `, PostgreSQL ${perOp(cpu.databaseCores)}`;
  return (
    `CPU during the ${scenario} peak on ${run.database} (100% = one core): server process ${pct(cpu.serverCores)}` +
    `${database}, load generator ${pct(cpu.loadGeneratorCores)}, everything else ${pct(others)}; ` +
    `the ${cores} cores were ${pct(cpu.machineBusyShare)} busy. CPU per operation: server ` +
    `${perOp(cpu.serverCores)}${databasePerOp}, load generator ${perOp(cpu.loadGeneratorCores)}`
  );
}
