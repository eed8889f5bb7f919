// Retention: published events older than EVENTS_RETENTION_DAYS are deleted by a periodic job
// (unpublished ones stay until their handlers succeed).
import type { PeriodicJob } from '../scheduler/index.ts';
import { deletePublishedBefore } from './outbox-repository.ts';

const BATCH = 10_000;
const MAX_BATCHES_PER_RUN = 100;

/** The shared job that deletes events published more than `days` days ago. */
export function eventRetentionJob(days: number, now: () => Date = () => new Date()): PeriodicJob {
  return {
    name: 'events.retention',
    intervalSeconds: 3600,
    async run(db) {
      const cutoff = new Date(now().getTime() - days * 24 * 3600 * 1000);
      // Short batches: each is its own statement, so no long lock on the outbox.
      for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
        if ((await deletePublishedBefore(db, cutoff, BATCH)) < BATCH) return;
      }
    },
  };
}
