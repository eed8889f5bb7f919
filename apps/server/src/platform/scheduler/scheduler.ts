// The scheduler fires due workflow timers and runs periodic jobs. Safe with several server
// processes on one PostgreSQL: each timer is claimed with FOR UPDATE SKIP LOCKED inside the
// transaction that fires and deletes it, so it fires exactly once; a shared job runs in one
// process per interval (claimed by moving its next_run_at first).
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { counter } from '../http/metrics.ts';
import { reloadCalendar } from '../calendar/calendar-store.ts';
import { claimDueTimer, recordTimerFailure } from '../workflow/instance-repository.ts';
import { fireTimer } from '../workflow/timers.ts';

export interface PeriodicJob {
  name: string;
  intervalSeconds: number;
  /** Per-process jobs (cache reloads) run in every process; shared jobs in one at a time. */
  isPerProcess?: boolean;
  run(db: Db): Promise<void>;
}

const jobs = new Map<string, PeriodicJob>();
/** A job that holds the database this long is logged: on PGlite it holds every request too. */
const SLOW_JOB_MS = 2000;

/** Registers a periodic job by name (a module's scans, reports, clean-ups). */
export function registerPeriodicJob(job: PeriodicJob) {
  if (!/^[a-z][a-z0-9_.-]*$/.test(job.name)) throw new Error(`bad job name "${job.name}"`);
  if (!(job.intervalSeconds >= 1)) throw new Error(`job ${job.name}: interval must be >= 1 s`);
  jobs.set(job.name, job);
}

// Overrides changed by an administrator in another process reach this one within a minute.
registerPeriodicJob({
  name: 'calendar.reload',
  intervalSeconds: 60,
  isPerProcess: true,
  run: async (db) => {
    await reloadCalendar(db);
  },
});

const timersFired = counter(
  'citygov_scheduler_timers_fired_total',
  'Workflow timers fired by the scheduler, by kind',
  ['kind'],
);
const timerFailures = counter(
  'citygov_scheduler_timer_failures_total',
  'Workflow timers whose firing failed (retried later)',
);
const jobsRun = counter(
  'citygov_scheduler_jobs_run_total',
  'Periodic jobs run, by job and outcome',
  ['job', 'outcome'],
);

export interface SchedulerOptions {
  /** How often to look for due timers and jobs (default 5 s). */
  tickMs?: number;
  /** Timers fired at most per tick (default 500); the rest wait for the next tick. */
  batchSize?: number;
  /** Only these jobs (default: every registered one). */
  jobs?: PeriodicJob[];
  now?: () => Date;
  log?: { error(obj: object, msg: string): void; warn?(obj: object, msg: string): void };
}

export interface TickReport {
  fired: number;
  stale: number;
  busy: number;
  failed: number;
  jobsRun: string[];
}

export interface Scheduler {
  start(): void;
  /** Stops ticking and waits for the tick in progress. */
  stop(): Promise<void>;
  /** Runs one tick now (tests, CLI). */
  tick(): Promise<TickReport>;
}

async function runDueJobs(
  db: Db,
  list: PeriodicJob[],
  now: Date,
  lastLocalRun: Map<string, number>,
  options: SchedulerOptions,
): Promise<string[]> {
  const ran: string[] = [];
  for (const job of list) {
    let isClaimed: boolean;
    if (job.isPerProcess) {
      const last = lastLocalRun.get(job.name) ?? 0;
      isClaimed = now.getTime() - last >= job.intervalSeconds * 1000;
      if (isClaimed) lastLocalRun.set(job.name, now.getTime());
    } else {
      await sql`INSERT INTO scheduler_jobs (name, next_run_at) VALUES (${job.name}, ${now})
        ON CONFLICT (name) DO NOTHING`.execute(db);
      // One UPDATE claims the run: whoever moves next_run_at first runs the job.
      const claimed = await db
        .updateTable('scheduler_jobs')
        .set({
          next_run_at: new Date(now.getTime() + job.intervalSeconds * 1000),
          last_started_at: now,
          run_count: sql`run_count + 1`,
        })
        .where('name', '=', job.name)
        .where('next_run_at', '<=', now)
        .returning('name')
        .executeTakeFirst();
      isClaimed = claimed !== undefined;
    }
    if (!isClaimed) continue;
    let error: string | null = null;
    const started = Date.now();
    try {
      await job.run(db);
      const tookMs = Date.now() - started;
      if (tookMs >= SLOW_JOB_MS)
        options.log?.warn?.({ job: job.name, tookMs }, 'slow periodic job');
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      options.log?.error({ err: e, job: job.name }, 'periodic job failed');
    }
    jobsRun.inc({ job: job.name, outcome: error ? 'failed' : 'ok' });
    ran.push(job.name);
    if (!job.isPerProcess) {
      await db
        .updateTable('scheduler_jobs')
        .set({ last_finished_at: new Date(), last_error: error })
        .where('name', '=', job.name)
        .execute();
    }
  }
  return ran;
}

/** A scheduler over `db`; call start() to tick in the background. */
export function createScheduler(db: Db, options: SchedulerOptions = {}): Scheduler {
  const tickMs = options.tickMs ?? 5000;
  const batchSize = options.batchSize ?? 500;
  const clock = options.now ?? (() => new Date());
  const lastLocalRun = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let isStopped = false;

  async function fireDueTimers(report: TickReport, now: Date) {
    const passedOver: number[] = [];
    for (let i = 0; i < batchSize && !isStopped; i++) {
      let claimedId: number | null = null;
      try {
        const outcome = await db.transaction().execute(async (trx) => {
          const due = await claimDueTimer(trx, now, passedOver);
          if (!due) return null;
          claimedId = due.id;
          const result = await fireTimer(trx, due, now);
          if (result === 'fired') timersFired.inc({ kind: due.kind });
          return result;
        });
        if (outcome === null) return;
        report[outcome]++;
        if (outcome === 'busy') passedOver.push(claimedId!);
      } catch (error) {
        if (claimedId === null) throw error;
        report.failed++;
        timerFailures.inc();
        passedOver.push(claimedId);
        options.log?.error({ err: error, timerId: claimedId }, 'workflow timer failed');
        await recordTimerFailure(
          db,
          claimedId,
          error instanceof Error ? error.message : String(error),
        );
      }
    }
  }

  async function tick(): Promise<TickReport> {
    const report: TickReport = { fired: 0, stale: 0, busy: 0, failed: 0, jobsRun: [] };
    const now = clock();
    await fireDueTimers(report, now);
    report.jobsRun = await runDueJobs(
      db,
      options.jobs ?? [...jobs.values()],
      now,
      lastLocalRun,
      options,
    );
    return report;
  }

  function schedule() {
    if (isStopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) => options.log?.error({ err: error }, 'scheduler tick failed'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, tickMs);
    timer.unref();
  }

  return {
    start() {
      isStopped = false;
      if (!timer) schedule();
    },
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    tick,
  };
}
