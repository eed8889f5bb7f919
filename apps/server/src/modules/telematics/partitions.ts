// Daily partitions of vehicle_positions (Beijing days): created ahead by maintenance and on
// demand before a batch holds a day with no partition; dropped after the retention period.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 in Beijing time (UTC+8, no daylight saving). */
export const beijingDayNumber = (ms: number) => Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);

/** 'YYYY-MM-DD' of a Beijing day number. */
export const formatDay = (dayNumber: number) =>
  new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

/** Remembers which days have a partition, so a batch asks the database only for new days. */
export class PartitionKeeper {
  readonly #db: Db;
  readonly #known = new Set<number>();
  readonly #pending = new Map<number, Promise<void>>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** Makes sure each day has its partition (days as Beijing day numbers). */
  async ensure(days: Iterable<number>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const day of days) {
      if (this.#known.has(day)) continue;
      let pending = this.#pending.get(day);
      if (pending === undefined) {
        pending = this.#create(day).finally(() => this.#pending.delete(day));
        this.#pending.set(day, pending);
      }
      waits.push(pending);
    }
    if (waits.length > 0) await Promise.all(waits);
  }

  /** Forgets what it knew (a partition was dropped behind its back). */
  forget(): void {
    this.#known.clear();
  }

  async #create(day: number): Promise<void> {
    await sql`SELECT ensure_vehicle_positions_partition(${formatDay(day)}::date)`.execute(this.#db);
    this.#known.add(day);
  }
}

/** Maintenance: partitions from yesterday to `daysAhead` days ahead; returns how many it created. */
export async function ensurePartitionsAhead(db: Db, nowMs: number, daysAhead = 2): Promise<number> {
  const first = formatDay(beijingDayNumber(nowMs) - 1);
  const { rows } = await sql<{ created: number }>`
    SELECT ensure_vehicle_positions_partitions(${first}::date, ${daysAhead + 2}) AS created`.execute(
    db,
  );
  return Number(rows[0]?.created ?? 0);
}

/** Retention: drops partitions of days older than `retentionDays`; returns how many it dropped. */
export async function dropExpiredPartitions(
  db: Db,
  nowMs: number,
  retentionDays: number,
): Promise<number> {
  const cutoff = formatDay(beijingDayNumber(nowMs) - retentionDays);
  const { rows } = await sql<{ dropped: number }>`
    SELECT drop_vehicle_positions_partitions_before(${cutoff}::date) AS dropped`.execute(db);
  return Number(rows[0]?.dropped ?? 0);
}

/** The days ('YYYY-MM-DD') that have a partition, in order. */
export async function listPartitionDays(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'vehicle_positions'::regclass ORDER BY c.relname`.execute(db);
  return rows.map(({ name }) => {
    const digits = name.slice('vehicle_positions_'.length);
    return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  });
}

/** Whether an error is PostgreSQL's "no partition of relation ... found for row" (23514). */
export function isMissingPartitionError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '23514' &&
    /no partition/i.test((error as { message?: unknown }).message as string)
  );
}
