// Tokens (GET tokens/{token}): POST requests answers one with every new request, so a client
// written to wait for ids through tokens gets one it can resolve. Tokens are random (they add
// nothing to guess: request ids are public) and resolve within the caller's read scope.
import { randomBytes } from 'node:crypto';
import type { Open311Token } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';
import { preparedStatement, runStatement } from '../../platform/db/prepared.ts';
import type { Open311Tables } from './open311-tables.ts';
import { Open311Failure } from './open311-params.ts';
import type { Open311ReadScope } from './open311-scope.ts';

const tokensDb = (db: Db) => db.withTables<Open311Tables>();

const insertTokenStatement = preparedStatement(
  'open311_token_insert',
  `INSERT INTO open311_tokens (token, case_id, api_key_id, region_code)
    VALUES ($1::text, $2::bigint, $3::bigint, $4::text)`,
);

/** A new random token; a new case stores it in its intake statement (ReportOptions). */
export const newToken = () => randomBytes(16).toString('hex');

/** Stores a token for a case (a joined one; one statement on the pipelined connections). */
export async function issueToken(
  db: Db,
  caseId: number,
  regionCode: string,
  apiKeyId: number | null,
): Promise<string> {
  const token = newToken();
  await runStatement(db, insertTokenStatement, [token, caseId, apiKeyId, regionCode]);
  return token;
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
