// SQL for Idempotency-Key answers: claim a key before the handler runs, then complete or release it.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { IdempotencyKeysTable } from '../service-tables.ts';

/** Keys are kept this long; a retry after that runs as a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;

const ttl = sql.raw(`interval '${IDEMPOTENCY_TTL_HOURS} hours'`);

export interface KeyRequest {
  principal: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

export type StoredKey = Pick<
  IdempotencyKeysTable,
  'method' | 'path' | 'request_hash' | 'status' | 'response_body' | 'response_type'
>;

export type ClaimResult = { isClaimed: true } | { isClaimed: false; stored: StoredKey };

/**
 * Writes the in-flight placeholder for (principal, key); the primary key lets only one
 * concurrent request win. An expired row left over by a late cleanup is replaced.
 */
export async function claimKey(db: Db, request: KeyRequest): Promise<ClaimResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        principal: request.principal,
        key: request.key,
        method: request.method,
        path: request.path,
        request_hash: request.requestHash,
      })
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { isClaimed: true };
    const stored = await db
      .selectFrom('idempotency_keys')
      .select([
        'method',
        'path',
        'request_hash',
        'status',
        'response_body',
        'response_type',
        sql<boolean>`created_at < now() - ${ttl}`.as('is_expired'),
      ])
      .where('principal', '=', request.principal)
      .where('key', '=', request.key)
      .executeTakeFirst();
    // Released (a 5xx) between our insert and this read: try to claim again.
    if (!stored) continue;
    if (!stored.is_expired) {
      return {
        isClaimed: false,
        stored: {
          method: stored.method,
          path: stored.path,
          request_hash: stored.request_hash,
          status: stored.status,
          response_body: stored.response_body,
          response_type: stored.response_type,
        },
      };
    }
    await db
      .deleteFrom('idempotency_keys')
      .where('principal', '=', request.principal)
      .where('key', '=', request.key)
      .where(sql<boolean>`created_at < now() - ${ttl}`)
      .execute();
  }
  throw new Error(`could not claim idempotency key for ${request.principal}`);
}

/** Stores the answer of the request that claimed the key. */
export async function completeKey(
  db: Db,
  principal: string,
  key: string,
  answer: { status: number; body: string; contentType: string | null },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      status: answer.status,
      response_body: answer.body,
      response_type: answer.contentType,
      completed_at: sql<Date>`now()`,
    })
    .where('principal', '=', principal)
    .where('key', '=', key)
    .execute();
}

/** Forgets a claim whose request failed on our side, so the client may retry it. */
export async function releaseKey(db: Db, principal: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('principal', '=', principal)
    .where('key', '=', key)
    .where('status', 'is', null)
    .execute();
}

/** Deletes keys older than the TTL; returns how many. Registered as a periodic job. */
export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where(sql<boolean>`created_at < now() - ${ttl}`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
