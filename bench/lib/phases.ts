// The standard measurement of one workload on one server: warm-up, peak (closed loop), then
// latency at half the peak rate (open loop), with the CPU each party used during each phase.
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { busyShare, cpuSecondsBetween, sampleMachineCpu, type CpuSnapshot } from './cpu.ts';
import {
  runClosedLoop,
  runOpenLoop,
  type LoadResult,
  type OpenLoopResult,
  type Operation,
} from './load.ts';
import type { ServerProcess } from './server-process.ts';

export interface CpuUse {
  /** Share of one core used by the server process. */
  serverCores: number | null;
  /** Share of one core used by the PostgreSQL backends of the server's connections (null: PGlite). */
  databaseCores: number | null;
  /** Share of one core used by the load generator (this process). */
  loadGeneratorCores: number;
  /** Share of the whole machine that was busy (all processes, including PostgreSQL and others). */
  machineBusyShare: number | null;
  /** The machine's 1-minute load average when the phase ended (above the core count: contended). */
  loadAverage1m: number;
}

export interface PhaseResults {
  warmup: LoadResult | null;
  peak: LoadResult & { concurrency: number; cpu: CpuUse };
  /** The unrecorded seconds at the half rate before the measurement (kept for the record). */
  halfRateRamp: OpenLoopResult;
  halfRate: OpenLoopResult & { cpu: CpuUse };
}

/** Idle time between the peak and the latency measurement. */
export const settleSeconds = 1;

async function withCpu<T extends LoadResult>(
  server: ServerProcess,
  snapshotDatabaseCpu: (() => Promise<CpuSnapshot>) | null,
  run: () => Promise<T>,
) {
  const databaseFrom = await snapshotDatabaseCpu?.();
  const machineFrom = sampleMachineCpu();
  const serverFrom = server.readCpuSeconds();
  const selfFrom = process.cpuUsage();
  const result = await run();
  const self = process.cpuUsage(selfFrom);
  const serverTo = server.readCpuSeconds();
  const machineTo = sampleMachineCpu();
  const databaseTo = await snapshotDatabaseCpu?.();
  const seconds = result.elapsedSeconds;
  const cpu: CpuUse = {
    serverCores:
      serverFrom === null || serverTo === null ? null : (serverTo - serverFrom) / seconds,
    databaseCores:
      databaseFrom && databaseTo ? cpuSecondsBetween(databaseFrom, databaseTo) / seconds : null,
    loadGeneratorCores: (self.user + self.system) / 1e6 / seconds,
    machineBusyShare: busyShare(machineFrom, machineTo),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
  return { ...result, cpu };
}

export async function measurePhases(opts: {
  server: ServerProcess;
  snapshotDatabaseCpu: (() => Promise<CpuSnapshot>) | null;
  operation: Operation;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  log: (message: string) => void;
}): Promise<PhaseResults> {
  const { server, snapshotDatabaseCpu, operation, concurrency, log } = opts;
  let warmup: LoadResult | null = null;
  if (opts.warmupSeconds > 0) {
    log(`warm-up ${opts.warmupSeconds}s`);
    warmup = await runClosedLoop({ concurrency, seconds: opts.warmupSeconds, operation });
  }
  log(`peak: ${concurrency} clients, ${opts.seconds}s`);
  const peak = await withCpu(server, snapshotDatabaseCpu, () =>
    runClosedLoop({ concurrency, seconds: opts.seconds, operation }),
  );
  log(`peak: ${peak.throughputPerSecond.toFixed(1)}/s, ${peak.failed} failed`);
  const rate = Math.max(1, peak.throughputPerSecond / 2);
  // The saturated peak leaves queues and garbage behind (a stall of 100+ ms in the next second
  // was seen): pause, then run at the rate unrecorded before measuring the steady state.
  await sleep(settleSeconds * 1000);
  const rampSeconds = Math.min(2, opts.seconds / 5);
  log(
    `half rate: ${rate.toFixed(1)}/s open loop, ${rampSeconds}s unrecorded, then ${opts.seconds}s`,
  );
  const halfRateRamp = await runOpenLoop({
    ratePerSecond: rate,
    seconds: rampSeconds,
    operation,
    maxInFlight: concurrency * 8,
  });
  const halfRate = await withCpu(server, snapshotDatabaseCpu, () =>
    runOpenLoop({
      ratePerSecond: rate,
      seconds: opts.seconds,
      operation,
      maxInFlight: concurrency * 8,
    }),
  );
  log(
    `half rate: p50 ${halfRate.latency.p50Ms.toFixed(1)} ms, p99 ${halfRate.latency.p99Ms.toFixed(1)} ms, ` +
      `${halfRate.failed} failed`,
  );
  return { warmup, peak: { ...peak, concurrency }, halfRateRamp, halfRate };
}
