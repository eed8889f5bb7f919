// SQL of event delivery over the outbox table (0004, retry columns in 0013).
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** An event as written in the transaction that caused it. */
export interface OutboxEvent {
  id: number;
  topic: string;
  regionCode: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

interface OutboxRow {
  id: number | string;
  topic: string;
  region_code: string;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

const toEvent = (row: OutboxRow): OutboxEvent => ({
  id: Number(row.id),
  topic: row.topic,
  regionCode: row.region_code,
  payload: row.payload,
  createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
});

const columns = ['id', 'topic', 'region_code', 'payload', 'created_at'] as const;

/** The highest event id written so far (0 when none). */
export async function readMaxEventId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
}

/** Events with an id above `afterId`, in id order (all of them, published or not). */
export async function readEventsAfter(
  db: Db,
  afterId: number,
  limit: number,
): Promise<OutboxEvent[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(columns)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

/** The events among `ids` that exist now, in id order. */
export async function readEventsByIds(db: Db, ids: readonly number[]): Promise<OutboxEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('outbox')
    .select(columns)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map(toEvent);
}

/** Takes the consumer's lock for this transaction; false when another process holds it. */
export async function tryLockConsumer(trx: Db, key: number): Promise<boolean> {
  const { rows } = await sql<{
    ok: boolean;
  }>`SELECT pg_try_advisory_xact_lock(${key}) AS ok`.execute(trx);
  return rows[0]?.ok === true;
}

/** Unpublished events whose handlers are due (never failed, or their back-off has passed). */
export async function readDueUnpublished(trx: Db, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await sql<OutboxRow>`SELECT id, topic, region_code, payload, created_at
    FROM outbox
    WHERE published_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
    ORDER BY id LIMIT ${limit}`.execute(trx);
  return rows.map(toEvent);
}

export async function markPublished(trx: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('outbox')
    .set({ published_at: sql<Date>`now()` })
    .where('id', 'in', ids)
    .execute();
}

/** Records a failed handler run and backs the event off: 2^attempts seconds, at most an hour. */
export async function recordHandlerFailure(trx: Db, id: number, error: string): Promise<void> {
  await sql`UPDATE outbox SET attempts = attempts + 1, last_error = ${error.slice(0, 1000)},
    next_attempt_at = now() + make_interval(secs => least(power(2, least(attempts, 12)), 3600))
    WHERE id = ${id}`.execute(trx);
}

/** Deletes up to `limit` events published before `cutoff`; answers how many it deleted. */
export async function deletePublishedBefore(db: Db, cutoff: Date, limit: number): Promise<number> {
  // Old rows sit at the start of the heap, so the scan finds a batch quickly without an index
  // on published_at (which every publish would have to update).
  const result = await sql`DELETE FROM outbox WHERE id IN (
    SELECT id FROM outbox WHERE published_at < ${cutoff} LIMIT ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
