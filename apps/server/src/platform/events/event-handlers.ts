// Module handlers: subscribe(topicPattern, handler) registers a reaction to events; the
// publisher runs each event's handlers ONCE across all server processes, inside the
// transaction that marks the event published.
import { sql } from 'kysely';
import { inTransaction, type Db } from '../db/database.ts';
import { counter } from '../http/metrics.ts';
import { compileTopicPattern } from './topics.ts';
import {
  markPublished,
  readDueUnpublished,
  recordHandlerFailure,
  tryLockConsumer,
  type OutboxEvent,
} from './outbox-repository.ts';

export interface EventHandlerContext {
  /** The publisher's transaction: write here and the effects commit with the event's publishing. */
  db: Db;
}

/**
 * Runs in the publisher's transaction, once per event across processes. Throwing rolls back
 * this event's handlers and retries them later with back-off; effects outside the database
 * (calls to other systems) may then repeat, so make those idempotent.
 */
export type EventHandler = (event: OutboxEvent, context: EventHandlerContext) => Promise<void>;

interface Subscription {
  pattern: string;
  matches: (topic: string) => boolean;
  handler: EventHandler;
}

const subscriptions = new Set<Subscription>();

/** Reacts to events whose topic matches `topicPattern` (`case.*`, `task.accept`); answers an unsubscribe. */
export function subscribe(topicPattern: string, handler: EventHandler): () => void {
  const subscription = {
    pattern: topicPattern,
    matches: compileTopicPattern(topicPattern),
    handler,
  };
  subscriptions.add(subscription);
  return () => {
    subscriptions.delete(subscription);
  };
}

const handlersOf = (topic: string) =>
  [...subscriptions].filter((s) => s.matches(topic)).map((s) => s.handler);

/**
 * Whether any handler reacts to `topic` now. Writers of an event no handler reacts to store it
 * already published (DR-10): the publisher would only mark it so. Modules subscribe when they
 * register, before the server takes requests, so this does not change while it serves.
 */
export const hasHandlers = (topic: string): boolean => {
  for (const s of subscriptions) if (s.matches(topic)) return true;
  return false;
};

const handled = counter(
  'citygov_events_published_total',
  'Outbox events published (their module handlers run), by outcome',
  ['outcome'],
);

/** Advisory lock key of the consumer: one process at a time runs handlers, in id order. */
export const CONSUMER_LOCK = 7_402_120;

export interface PublishReport {
  /** Events read in this round. */
  read: number;
  published: number;
  failed: number;
  /** Another process held the consumer lock. */
  isBusy: boolean;
}

/**
 * One round: takes the consumer lock (or answers isBusy), runs the handlers of up to `limit`
 * due events, each in a savepoint, and marks the successful ones published.
 */
export async function publishDueEvents(
  db: Db,
  options: { limit?: number; log?: { error(obj: object, msg: string): void } } = {},
): Promise<PublishReport> {
  const limit = options.limit ?? 200;
  return inTransaction(db, async (trx) => {
    const report: PublishReport = { read: 0, published: 0, failed: 0, isBusy: false };
    if (!(await tryLockConsumer(trx, CONSUMER_LOCK))) return { ...report, isBusy: true };
    const events = await readDueUnpublished(trx, limit);
    report.read = events.length;
    const done: number[] = [];
    for (const event of events) {
      const handlers = handlersOf(event.topic);
      if (handlers.length === 0) {
        done.push(event.id);
        continue;
      }
      await sql`SAVEPOINT event_handlers`.execute(trx);
      try {
        for (const handler of handlers) await handler(event, { db: trx });
        await sql`RELEASE SAVEPOINT event_handlers`.execute(trx);
        done.push(event.id);
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT event_handlers`.execute(trx);
        const message = error instanceof Error ? error.message : String(error);
        await recordHandlerFailure(trx, event.id, message);
        report.failed++;
        options.log?.error(
          { err: error, eventId: event.id, topic: event.topic },
          'event handler failed',
        );
      }
    }
    await markPublished(trx, done);
    report.published = done.length;
    if (done.length) handled.inc({ outcome: 'published' }, done.length);
    if (report.failed) handled.inc({ outcome: 'failed' }, report.failed);
    return report;
  });
}

export interface EventPublisher {
  start(): void;
  /** Stops and waits for the round in progress. */
  stop(): Promise<void>;
}

/** Publishes due events every `pollMs` (at once again while a round finds a full batch). */
export function createEventPublisher(
  db: Db,
  options: {
    pollMs: number;
    limit?: number;
    log?: { error(obj: object, msg: string): void };
  },
): EventPublisher {
  const limit = options.limit ?? 200;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let isStopped = true;

  function schedule(delayMs: number) {
    if (isStopped) return;
    timer = setTimeout(() => {
      timer = null;
      let isFull = false;
      running = publishDueEvents(db, { limit, log: options.log })
        .then((report) => {
          isFull = !report.isBusy && report.read === limit;
        })
        .catch((error: unknown) => options.log?.error({ err: error }, 'event publishing failed'))
        .finally(() => {
          running = null;
          schedule(isFull ? 0 : options.pollMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (!isStopped) return;
      isStopped = false;
      schedule(0);
    },
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
