// The load generator. Closed loop (N clients, each sends its next request when the previous
// one answers) finds the peak rate. Open loop (requests start on a fixed schedule whatever
// the answers do) measures latency at a given rate; each latency is counted from the
// request's scheduled start, so a stalled server cannot hide its queue ("coordinated omission").
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarizeLatencies, type LatencySummary } from './percentiles.ts';

export type Operation = () => Promise<void>;

export interface LoadResult {
  completed: number;
  failed: number;
  elapsedSeconds: number;
  /** Completed operations per second of elapsed time. */
  throughputPerSecond: number;
  latency: LatencySummary;
  /** Distinct error messages (first 200 characters) and how often each occurred. */
  errors: Record<string, number>;
}

export interface OpenLoopResult extends LoadResult {
  targetRatePerSecond: number;
  /** Requests that started more than 1 ms after their scheduled time (client or pool saturated). */
  lateStarts: number;
  /** Latency by the second of the schedule the requests belong to: shows a stall or a growing queue. */
  bySecond: Array<{ second: number; count: number; p50Ms: number; p99Ms: number; maxMs: number }>;
}

class Recorder {
  latencies: number[] = [];
  failed = 0;
  errors = new Map<string, number>();

  recordFailure(error: unknown) {
    this.failed++;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    if (this.errors.size < 20 || this.errors.has(message)) {
      this.errors.set(message, (this.errors.get(message) ?? 0) + 1);
    }
  }

  finish(elapsedMs: number): LoadResult {
    const elapsedSeconds = elapsedMs / 1000;
    return {
      completed: this.latencies.length,
      failed: this.failed,
      elapsedSeconds,
      throughputPerSecond: elapsedSeconds > 0 ? this.latencies.length / elapsedSeconds : 0,
      latency: summarizeLatencies(this.latencies),
      errors: Object.fromEntries(this.errors),
    };
  }
}

/** Runs `concurrency` clients back to back for `seconds`; the peak-rate measurement. */
export async function runClosedLoop(opts: {
  concurrency: number;
  seconds: number;
  operation: Operation;
}): Promise<LoadResult> {
  const recorder = new Recorder();
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;
  const runClient = async () => {
    while (performance.now() < deadline) {
      const began = performance.now();
      try {
        await opts.operation();
        recorder.latencies.push(performance.now() - began);
      } catch (error) {
        recorder.recordFailure(error);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, runClient));
  return recorder.finish(performance.now() - start);
}

/** Starts operations at `ratePerSecond` on a fixed schedule for `seconds`. */
export async function runOpenLoop(opts: {
  ratePerSecond: number;
  seconds: number;
  operation: Operation;
  /** A cap on operations in flight; arrivals beyond it wait (and their wait counts). */
  maxInFlight: number;
}): Promise<OpenLoopResult> {
  if (!(opts.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
  const recorder = new Recorder();
  const intervalMs = 1000 / opts.ratePerSecond;
  const total = Math.max(1, Math.floor(opts.seconds * opts.ratePerSecond));
  const inFlight = new Set<Promise<void>>();
  let launched = 0;
  let lateStarts = 0;
  const start = performance.now();
  const seconds: number[][] = [];

  const launch = (scheduledAt: number) => {
    if (performance.now() - scheduledAt > 1) lateStarts++;
    const second = Math.floor((scheduledAt - start) / 1000);
    const done = opts.operation().then(
      () => {
        const latency = performance.now() - scheduledAt;
        recorder.latencies.push(latency);
        (seconds[second] ??= []).push(latency);
      },
      (error: unknown) => recorder.recordFailure(error),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  while (launched < total) {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (launched < due && inFlight.size < opts.maxInFlight) {
      launch(start + launched * intervalMs);
      launched++;
    }
    const nextAt = start + launched * intervalMs;
    await sleep(Math.max(0, Math.min(nextAt - performance.now(), 5)));
  }
  await Promise.all(inFlight);
  return {
    ...recorder.finish(performance.now() - start),
    targetRatePerSecond: opts.ratePerSecond,
    lateStarts,
    bySecond: Array.from(seconds.entries(), ([second, values]) => {
      const s = summarizeLatencies(values ?? []);
      return { second, count: s.count, p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs };
    }),
  };
}
