// Resumable batched inserts. Progress (rows done, counted from the start without gaps) is
// recorded in settings after each batch; rows derive from their index, so a rerun continues
// at the first batch not recorded and produces the same rows.
import type { Db } from '../platform/db/database.ts';
import type { ProgressReporter } from './registry.ts';
import { readSetting, writeSetting } from './settings.ts';

export interface BatchPlan<T = unknown> {
  /** Progress is kept in settings under demo.progress.<key>. */
  key: string;
  label: string;
  /** Rows in all; a rerun with a larger total goes on from where the last run stopped. */
  total: number;
  batchSize?: number;
  /**
   * Batches written at once (PostgreSQL). With more than one, `write` must be idempotent (a
   * batch after the recorded point may have been written before a crash) and atomic (one
   * statement); with one, each batch and its progress mark commit in one transaction.
   */
  concurrency?: number;
  signal?: AbortSignal;
  make(start: number, end: number): T[] | Promise<T[]>;
  /** Writes one batch; returns how many rows it inserted. */
  write(db: Db, rows: T[]): Promise<number>;
}

export interface BatchProgress {
  done: number;
  total: number;
  batchSize: number;
  lastBatch: number;
}

export const progressKey = (key: string) => `demo.progress.${key}`;

// PGlite answers without real I/O, so a loop of awaits never lets the event loop run timers
// and signal handlers (Ctrl-C); one turn of the loop per batch does.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the plan from its recorded progress; stops cleanly (progress kept) when aborted. */
export async function runBatches<T>(
  db: Db,
  reporter: ProgressReporter,
  plan: BatchPlan<T>,
): Promise<{ inserted: number; seconds: number; done: number }> {
  const key = progressKey(plan.key);
  const batchSize = plan.batchSize ?? 1000;
  const saved = await readSetting<BatchProgress>(db, key);
  let done = Math.min(saved?.done ?? 0, plan.total);
  const bar = reporter.start(plan.label, plan.total, done);
  const started = performance.now();
  let inserted = 0;
  const mark = (upTo: number, trx: Db = db) =>
    writeSetting(trx, key, {
      done: upTo,
      total: plan.total,
      batchSize,
      lastBatch: Math.ceil(upTo / batchSize) - 1,
    } satisfies BatchProgress);
  try {
    if ((plan.concurrency ?? 1) <= 1) {
      for (let start = done; start < plan.total; start += batchSize) {
        await yieldToEventLoop();
        plan.signal?.throwIfAborted();
        const end = Math.min(start + batchSize, plan.total);
        const rows = await plan.make(start, end);
        await db.transaction().execute(async (trx) => {
          const written = await plan.write(trx, rows);
          inserted += written;
          await mark(end, trx);
        });
        done = end;
        bar.update(done);
      }
    } else {
      let next = done;
      let processed = done;
      const finished = new Map<number, number>(); // batch start → end
      let marks = Promise.resolve();
      const worker = async () => {
        while (next < plan.total) {
          await yieldToEventLoop();
          plan.signal?.throwIfAborted();
          const start = next;
          const end = Math.min(start + batchSize, plan.total);
          next = end;
          const rows = await plan.make(start, end);
          // Not `inserted += await …`: that reads `inserted` before the other worker adds to it.
          const written = await plan.write(db, rows);
          inserted += written;
          finished.set(start, end);
          while (finished.has(done)) {
            const to = finished.get(done)!;
            finished.delete(done);
            done = to;
          }
          const upTo = done;
          marks = marks.then(() => mark(upTo));
          await marks;
          processed += end - start;
          bar.update(processed);
        }
      };
      // Wait for every worker (none may still write when the caller closes the database).
      const results = await Promise.allSettled(
        Array.from({ length: plan.concurrency ?? 1 }, worker),
      );
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw failure.reason;
    }
  } finally {
    bar.stop();
  }
  return { inserted, seconds: (performance.now() - started) / 1000, done };
}
