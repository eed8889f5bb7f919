// Tokens (GET tokens/{token}): POST requests answers one with every new request, so a client
// written to wait for ids through tokens gets one it can resolve. Tokens cannot be guessed (80
// random bits; they add nothing to guess anyway: request ids are public) and resolve within
// the caller's read scope.
import { randomFillSync } from 'node:crypto';
import type { Open311Token } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';
import type { Open311Tables } from './open311-tables.ts';
import { Open311Failure } from './open311-params.ts';
import type { Open311ReadScope } from './open311-scope.ts';

const tokensDb = (db: Db) => db.withTables<Open311Tables>();

/**
 * A new token (32 hex digits), stored with its case by case intake (ReportOptions).
 * The clock's milliseconds first, then 80 random bits: new tokens go to the end of the
 * table's key index instead of a random page of it (each a page write of its own, and after
 * every checkpoint a whole page in the WAL, with the millions of tokens of a large city).
 */
export const newToken = () =>
  Date.now().toString(16).padStart(12, '0').slice(-12) + randomHex(TOKEN_RANDOM_BYTES);

// Random bytes drawn from the system's generator 4 KB at a time (one call per ~400 tokens
// instead of one per token), each byte handed out once.
const TOKEN_RANDOM_BYTES = 10;
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}

/** The request a token stands for: a one-item list, 404 when unknown or outside the scope. */
export async function resolveToken(
  db: Db,
  scope: Open311ReadScope,
  token: string,
): Promise<Open311Token[]> {
  const row = /^[0-9a-f]{32}$/.test(token)
    ? await tokensDb(db)
        .selectFrom('open311_tokens as t')
        .innerJoin('cases as c', 'c.id', 't.case_id')
        .select(['t.token', 'c.case_number'])
        .where('t.token', '=', token)
        .where('c.region_code', 'like', `${scope.prefix}%`)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new Open311Failure(404, `token ${token} not found`);
  return [{ service_request_id: row.case_number, token: row.token }];
}
