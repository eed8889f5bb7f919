// Applicants' own lists, kept in this process between changes (DR-11). A citizen's list is read
// far more often than it changes (each visit, each refresh, each partner terminal's poll), and a
// read through PostgreSQL costs the server, the database and the switches between them on the
// same cores several times what answering from memory does.
//
// An entry is a page's JSON text for one caller (account, person, enterprise, channel key) and
// is dropped when any application of theirs changes:
//  - at once by this process's own writes (submission, action, bundle: `forget`), so whoever
//    wrote reads their change next;
//  - by every process through the outbox tail (`platform/events/live-hub.ts`): every change of
//    a listed field of an application comes with an event of its workflow instance (start,
//    transition, timer), whose application's parties are looked up once per poll.
// A read racing a change is not kept: reads in flight are marked when their parties change.
// Nothing is served while the tail is behind (its last poll older than `staleAfterMs`), when
// events may have gone unseen everything is dropped, and an entry lives at most `ttlMs`.
import type { Db } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import type { EventTap, LiveHub } from '../../../platform/events/live-hub.ts';
import type { OutboxEvent } from '../../../platform/events/outbox-repository.ts';
import { counter } from '../../../platform/http/metrics.ts';
import { APPLICATION_SUBJECT } from './application-workflows.ts';
import { applicationsDb } from './application-access.ts';

/** Who an application belongs to, as the "mine" list matches it. */
export interface ApplicationParties {
  owner_user_id: number | null;
  applicant_person_id: number | null;
  applicant_enterprise_id: number | null;
  submitted_by_api_key_id: number | null;
}

export interface MineCacheOptions {
  maxBytes: number;
  /**
   * Nothing is served when the tail's last poll is older, nor kept until this long after the
   * tail started (default 5 s; the tail's wait for an id that commits late).
   */
  staleAfterMs?: number;
  /** An entry's longest life, whatever the events (default 60 s). */
  ttlMs?: number;
}

interface Entry {
  json: string;
  parties: string[];
  bytes: number;
  until: number;
}

interface Read {
  parties: string[];
  isDirty: boolean;
}

const reads = counter(
  'citygov_services_mine_reads_total',
  'Applicants’ own lists answered, by where from (memory, database, database past the cache)',
  ['source'],
);

/**
 * The caller's ids in the columns of ApplicationParties, in that order (null where the caller
 * has none): what their own list matches, one column each.
 */
export function partyIdsOf(principal: Principal): Array<number | null> {
  return [
    principal.userId,
    principal.personId,
    principal.enterpriseId,
    principal.kind === 'api_key' ? principal.apiKey!.id : null,
  ];
}

const PARTY_PREFIXES = ['u', 'p', 'e', 'k'];

/** Keys of the parties with these ids (in partyIdsOf's order). */
const partyKeys = (ids: Array<number | null>) =>
  ids.flatMap((id, i) => (id === null ? [] : [`${PARTY_PREFIXES[i]}${id}`]));

/** The party keys whose lists show an application. */
const partiesOfApplication = (row: ApplicationParties) =>
  partyKeys([
    row.owner_user_id,
    row.applicant_person_id,
    row.applicant_enterprise_id,
    row.submitted_by_api_key_id,
  ]);

export class MineCache implements EventTap {
  /** Entries in insertion order: the first is the first to go. */
  private readonly entries = new Map<string, Entry>();
  /** Party key → the keys of the entries that list its applications. */
  private readonly byParty = new Map<string, Set<string>>();
  private readonly inFlight = new Set<Read>();
  /** Answers by where they came from (tests, the benchmark's report). */
  readonly counts = { memory: 0, database: 0 };
  private bytes = 0;
  /** When entries may be kept (ms since the epoch; 0 until the tail has started). */
  private keepingFrom = 0;
  private isStarting = false;
  private readonly staleAfterMs: number;
  private readonly ttlMs: number;
  private readonly db: Db;
  private readonly hub: LiveHub | undefined;
  private readonly options: MineCacheOptions;

  constructor(db: Db, hub: LiveHub | undefined, options: MineCacheOptions) {
    this.db = db;
    this.hub = hub;
    this.options = options;
    this.staleAfterMs = options.staleAfterMs ?? 5000;
    this.ttlMs = options.ttlMs ?? 60_000;
    hub?.tap(this);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The page from memory, or read by `load` (and kept when nothing changed meanwhile). */
  async read<Text extends string>(
    principal: Principal,
    page: number,
    pageSize: number,
    load: () => Promise<Text>,
  ): Promise<Text> {
    const hub = this.hub;
    if (hub === undefined || this.options.maxBytes === 0) {
      reads.inc({ source: 'database-uncached' });
      return load();
    }
    if (this.keepingFrom === 0 && !this.isStarting) {
      // The tail starts after the highest event id committed; a transaction then still open
      // with a lower id would go unseen, so entries are kept only once such ones have ended.
      this.isStarting = true;
      hub.ensureTailing().then(
        () => (this.keepingFrom = Date.now() + this.staleAfterMs),
        () => (this.isStarting = false),
      );
    }
    const now = Date.now();
    const isCurrent =
      this.keepingFrom !== 0 && now >= this.keepingFrom && now - hub.polledUpTo < this.staleAfterMs;
    const parties = partyKeys(partyIdsOf(principal));
    const key = `${parties.join(' ')}|${page}|${pageSize}`;
    if (isCurrent) {
      const entry = this.entries.get(key);
      if (entry !== undefined && entry.until > now) {
        reads.inc({ source: 'memory' });
        this.counts.memory++;
        return entry.json as Text;
      }
      if (entry !== undefined) this.remove(key);
    }
    reads.inc({ source: 'database' });
    this.counts.database++;
    const read: Read = { parties, isDirty: !isCurrent };
    this.inFlight.add(read);
    try {
      const json = await load();
      if (!read.isDirty) this.keep(key, parties, json, now + this.ttlMs);
      return json;
    } finally {
      this.inFlight.delete(read);
    }
  }

  /** Drops the lists that show an application of these parties (a change through this process). */
  forget(row: ApplicationParties): void {
    this.forgetParties(partiesOfApplication(row));
  }

  /** Drops everything, and keeps no read now in flight. */
  clear(): void {
    for (const read of this.inFlight) read.isDirty = true;
    this.entries.clear();
    this.byParty.clear();
    this.bytes = 0;
  }

  /** EventTap: the applications these events changed lose their parties' lists. */
  async events(batch: OutboxEvent[]): Promise<void> {
    if (this.entries.size === 0 && this.inFlight.size === 0) return;
    const ids = new Set<number>();
    for (const event of batch) {
      const payload = event.payload as { subjectType?: unknown; subjectId?: unknown };
      if (payload.subjectType === APPLICATION_SUBJECT) ids.add(Number(payload.subjectId));
    }
    if (ids.size === 0) return;
    const rows = await applicationsDb(this.db)
      .selectFrom('service_applications')
      .select([
        'owner_user_id',
        'applicant_person_id',
        'applicant_enterprise_id',
        'submitted_by_api_key_id',
      ])
      .where('id', 'in', [...ids])
      .execute();
    for (const row of rows) this.forget(row);
  }

  /** EventTap: events may have gone unseen. */
  lost(): void {
    this.clear();
  }

  private forgetParties(parties: string[]): void {
    for (const read of this.inFlight) {
      if (!read.isDirty && read.parties.some((p) => parties.includes(p))) read.isDirty = true;
    }
    for (const party of parties) {
      const keys = this.byParty.get(party);
      if (keys === undefined) continue;
      for (const key of [...keys]) this.remove(key);
    }
  }

  private keep(key: string, parties: string[], json: string, until: number): void {
    // A JavaScript string of Chinese text takes two bytes a character, plus the entry's keys.
    const bytes = json.length * 2 + key.length * 4 + 200;
    if (bytes > this.options.maxBytes / 16) return; // one huge page must not empty the cache
    if (this.entries.has(key)) this.remove(key);
    while (this.bytes + bytes > this.options.maxBytes) {
      this.remove(this.entries.keys().next().value!);
    }
    this.entries.set(key, { json, parties, bytes, until });
    this.bytes += bytes;
    for (const party of parties) {
      let keys = this.byParty.get(party);
      if (keys === undefined) this.byParty.set(party, (keys = new Set()));
      keys.add(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const party of entry.parties) {
      const keys = this.byParty.get(party);
      keys?.delete(key);
      if (keys?.size === 0) this.byParty.delete(party);
    }
  }
}

const caches = new WeakMap<object, MineCache>();

/** The cache of a server's context (made when its routes are registered), if it has one. */
export const mineCacheOf = (ctx: object): MineCache | undefined => caches.get(ctx);

/** Makes the cache of `ctx`'s server, following `hub`'s events. */
export function createMineCache(
  ctx: AppContext,
  hub: LiveHub | undefined,
  options: MineCacheOptions,
): MineCache {
  const cache = new MineCache(ctx.db, hub, options);
  caches.set(ctx, cache);
  return cache;
}
