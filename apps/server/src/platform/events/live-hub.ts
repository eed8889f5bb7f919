// The live hub of ONE server process: it tails the outbox by id (its own cursor, from the
// highest id when it starts) and fans each event out to this process's stream clients. Every
// process tails on its own, so every process sees every event, whichever process wrote it.
//
// Ids come from a sequence, so they can commit out of order: id 11 may be visible before 10.
// When the tail skips ids, the missing ones are remembered and looked up again on each poll
// for GAP_WAIT_MS; an id still missing then belonged to a rolled-back transaction.
import type { Db } from '../db/database.ts';
import type { Principal } from '../auth/principal.ts';
import {
  readEventsAfter,
  readEventsByIds,
  readMaxEventId,
  type OutboxEvent,
} from './outbox-repository.ts';
import { canReceive } from './audience.ts';
import { eventFrame } from './sse-writer.ts';

export interface LiveClient {
  /** Refreshed at each heartbeat (roles and sessions change). */
  principal: Principal;
  /** One caller's streams share a key (a user, an API key), to bound how many they open. */
  readonly key: string;
  matchesTopic(topic: string): boolean;
  deliver(event: OutboxEvent, frame: string): void;
  /** Ends the response (the process is stopping). */
  close(): void;
}

/**
 * What else in the process follows every event (caches of what events change). `events` is
 * awaited within the poll; `lost` says events may have gone unseen (a poll failed, or an id
 * skipped by the tail never turned up), so whatever the tap derived from them is in doubt.
 */
export interface EventTap {
  events(batch: OutboxEvent[]): void | Promise<void>;
  lost(): void;
}

export interface LiveHubOptions {
  pollMs: number;
  /** How long a skipped id is looked for again (default 5 s). */
  gapWaitMs?: number;
  /** Events read per poll (default 1000). */
  batchSize?: number;
  log?: { error(obj: object, msg: string): void };
}

export interface LiveHub {
  /** Starts tailing if not yet started (reads the current highest id first). */
  ensureTailing(): Promise<void>;
  /** Adds a tap; answers a function that removes it. */
  tap(tap: EventTap): () => void;
  /**
   * When the latest successful poll began (ms since the epoch; 0 before the first): every
   * event committed before then has been handed to the taps, or reported lost.
   */
  readonly polledUpTo: number;
  /** Adds a client; answers a function that removes it. */
  attach(client: LiveClient): () => void;
  /** How many streams `key` has open in this process. */
  countOf(key: string): number;
  readonly clientCount: number;
  /** The id the tail has read up to. */
  readonly cursor: number;
  /** Polls now (tests; a wake-up). */
  poll(): Promise<void>;
  /** Ends every client's stream. */
  closeClients(): void;
  /** Stops tailing and waits for the poll in progress. */
  stop(): Promise<void>;
}

const MAX_TRACKED_GAPS = 1000;

export function createLiveHub(db: Db, options: LiveHubOptions): LiveHub {
  const gapWaitMs = options.gapWaitMs ?? 5000;
  const batchSize = options.batchSize ?? 1000;
  const clients = new Set<LiveClient>();
  const taps = new Set<EventTap>();
  let polledUpTo = 0;
  const perKey = new Map<string, number>();
  /** Skipped ids → when to stop looking for them (ms). */
  const gaps = new Map<number, number>();
  let cursor = 0;
  let starting: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let isStopped = false;

  function fanOut(events: OutboxEvent[]) {
    for (const event of events) {
      if (clients.size === 0) return;
      let frame: string | undefined;
      for (const client of clients) {
        if (!client.matchesTopic(event.topic) || !canReceive(client.principal, event)) continue;
        frame ??= eventFrame(event);
        client.deliver(event, frame);
      }
    }
  }

  /** One poll: the gaps still open, then what lies past the cursor. True when a batch was full. */
  async function pollOnce(): Promise<boolean> {
    const now = Date.now();
    const found: OutboxEvent[] = [];
    if (gaps.size) {
      let isGivenUp = false;
      for (const [id, until] of gaps) {
        if (until > now) continue;
        gaps.delete(id);
        isGivenUp = true;
      }
      // Most likely rolled back; but a transaction slower than gapWaitMs would go unseen.
      if (isGivenUp) tellLost();
      const filled = await readEventsByIds(db, [...gaps.keys()]);
      for (const event of filled) gaps.delete(event.id);
      found.push(...filled);
    }
    const fresh = await readEventsAfter(db, cursor, batchSize);
    let expected = cursor + 1;
    for (const event of fresh) {
      for (let id = expected; id < event.id && gaps.size < MAX_TRACKED_GAPS; id++) {
        gaps.set(id, now + gapWaitMs);
      }
      expected = event.id + 1;
    }
    if (fresh.length) cursor = fresh.at(-1)!.id;
    found.push(...fresh); // gap fills lie below the old cursor, fresh rows above: id order holds
    for (const tap of taps) {
      try {
        await tap.events(found);
      } catch (error) {
        options.log?.error({ err: error }, 'an event tap failed');
        tap.lost();
      }
    }
    fanOut(found);
    if (fresh.length < batchSize) polledUpTo = now;
    return fresh.length === batchSize;
  }

  function tellLost() {
    for (const tap of taps) tap.lost();
  }

  function runPoll(): Promise<void> {
    running ??= (async () => {
      let isFull = true;
      while (isFull && !isStopped) isFull = await pollOnce();
    })()
      .catch((error: unknown) => {
        options.log?.error({ err: error }, 'live event tail failed');
        tellLost();
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  function schedule() {
    if (isStopped) return;
    timer = setTimeout(() => {
      timer = null;
      void runPoll().finally(schedule);
    }, options.pollMs);
    timer.unref();
  }

  return {
    ensureTailing() {
      starting ??= (async () => {
        cursor = await readMaxEventId(db);
        schedule();
      })().catch((error: unknown) => {
        starting = null; // try again with the next client
        throw error;
      });
      return starting;
    },
    tap(tap) {
      taps.add(tap);
      return () => taps.delete(tap);
    },
    get polledUpTo() {
      return polledUpTo;
    },
    attach(client) {
      clients.add(client);
      perKey.set(client.key, (perKey.get(client.key) ?? 0) + 1);
      let isAttached = true;
      return () => {
        if (!isAttached) return;
        isAttached = false;
        clients.delete(client);
        const left = (perKey.get(client.key) ?? 1) - 1;
        if (left > 0) perKey.set(client.key, left);
        else perKey.delete(client.key);
      };
    },
    countOf: (key) => perKey.get(key) ?? 0,
    get clientCount() {
      return clients.size;
    },
    get cursor() {
      return cursor;
    },
    poll: runPoll,
    closeClients() {
      for (const client of [...clients]) client.close();
    },
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await starting?.catch(() => {});
      await running;
    },
  };
}
