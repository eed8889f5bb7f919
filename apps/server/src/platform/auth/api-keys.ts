// Scoped API keys for partner channels and machines. A key never exceeds its owner: each of
// its permissions must be held by the owner in the key's region. Only the key's hash is stored.
import type {
  ApiKeyListQuery,
  ApiKeyView,
  CreateApiKeyBody,
  CreatedApiKey,
} from '@citygov/contracts';
import type { Selectable } from 'kysely';
import { appendAudit } from '../audit/ledger.ts';
import type { ApiKeysTable } from '../db/core-tables.ts';
import type { Db } from '../db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { AUTHENTICATED, isKnownPermission, PUBLIC } from './permissions.ts';
import { actorOf, can, scopesFor, type Principal } from './principal.ts';
import { isWithinRegion } from './region.ts';
import { forgetCachedApiKeys, loadUserPrincipal, newApiKeySecret } from './sessions.ts';

const MANAGE = 'apikeys:manage';

// Permissions a machine must never hold: keys are issued and withdrawn by people.
const undelegable = new Set([MANAGE]);

type ApiKeyRow = Selectable<ApiKeysTable> & { owner_username: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function statusOf(row: Pick<ApiKeyRow, 'revoked_at' | 'expires_at'>, now = new Date()) {
  if (row.revoked_at) return 'revoked' as const;
  if (row.expires_at && row.expires_at <= now) return 'expired' as const;
  return 'active' as const;
}

function viewOf(row: ApiKeyRow): ApiKeyView {
  return {
    id: Number(row.id),
    name: row.name,
    prefix: row.prefix,
    ownerUserId: Number(row.owner_user_id),
    ownerUsername: row.owner_username,
    channel: row.channel,
    deviceId: row.device_id,
    permissions: [...row.permissions].sort(),
    regionCode: row.region_code,
    scope: row.scope,
    status: statusOf(row),
    createdAt: row.created_at.toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

function assertIsPerson(principal: Principal) {
  if (principal.kind !== 'user') throw forbidden('API keys are issued and revoked by people');
}

/** Refuses a key that would reach beyond what its owner may do in the key's region. */
function assertWithinOwner(owner: Principal, permissions: string[], regionCode: string) {
  for (const permission of permissions) {
    if (permission === PUBLIC || permission === AUTHENTICATED || !isKnownPermission(permission)) {
      throw new AppError('validation_failed', `permissions: "${permission}" is not a permission`, {
        field: 'permissions',
        permission,
      });
    }
    if (undelegable.has(permission)) {
      throw new AppError(
        'validation_failed',
        `permissions: "${permission}" cannot be given to a key`,
        {
          field: 'permissions',
          permission,
        },
      );
    }
    const held = owner.grants.filter((g) => g.permissions.has(permission));
    if (held.length === 0) {
      throw new AppError(
        'validation_failed',
        `permissions: the owner does not hold "${permission}"; a key cannot exceed its owner`,
        { field: 'permissions', permission },
      );
    }
    const inRegion = held.filter((g) => isWithinRegion(regionCode, g.regionCode));
    if (inRegion.length === 0) {
      throw new AppError(
        'validation_failed',
        `regionCode: the owner holds "${permission}" only in ${held.map((g) => g.regionCode).join(', ')}`,
        { field: 'regionCode', permission },
      );
    }
    // A key carries no department limit, so it may only carry what the owner holds region-wide.
    if (inRegion.every((g) => g.departmentId !== null)) {
      throw new AppError(
        'validation_failed',
        `permissions: the owner holds "${permission}" only within one department; a key cannot be limited to a department`,
        { field: 'permissions', permission },
      );
    }
  }
}

/** Issues a key; the answer holds the secret, which is never shown again. */
export async function createApiKey(
  db: Db,
  principal: Principal,
  input: CreateApiKeyBody,
): Promise<CreatedApiKey> {
  assertIsPerson(principal);
  if (!can(principal, MANAGE, { regionCode: input.regionCode })) {
    throw forbidden(`You may not manage API keys in region ${input.regionCode}`);
  }
  const division = await db
    .selectFrom('divisions')
    .select('code')
    .where('code', '=', input.regionCode)
    .executeTakeFirst();
  if (!division)
    throw invalid('regionCode', `regionCode ${input.regionCode} is not a known division`);
  if (input.channel === 'device' && !input.deviceId) {
    throw invalid('deviceId', 'deviceId is required for a device key');
  }
  const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
  if (expiresAt && expiresAt <= new Date()) {
    throw invalid('expiresAt', 'expiresAt must be in the future');
  }
  const owner = await loadUserPrincipal(db, input.ownerUserId, {
    sessionId: null,
    isCookieAuth: false,
  });
  if (!owner)
    throw invalid('ownerUserId', `user ${input.ownerUserId} does not exist or is disabled`);
  assertWithinOwner(owner, input.permissions, input.regionCode);

  const { secret, prefix, hash } = newApiKeySecret();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_keys')
      .values({
        prefix,
        key_hash: hash,
        name: input.name,
        owner_user_id: input.ownerUserId,
        channel: input.channel,
        device_id: input.deviceId ?? null,
        permissions: input.permissions,
        region_code: input.regionCode,
        scope: JSON.stringify(input.scope ?? {}),
        expires_at: expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'apikey.created',
      subjectType: 'api_key',
      subjectId: row.id,
      regionCode: row.region_code,
      data: {
        name: row.name,
        prefix,
        ownerUserId: input.ownerUserId,
        channel: row.channel,
        deviceId: row.device_id,
        permissions: input.permissions,
        expiresAt: iso(expiresAt),
      },
    });
    return { ...viewOf({ ...row, owner_username: owner.username }), secret };
  });
}

function selectKeys(db: Db, principal: Principal) {
  const prefixes = scopesFor(principal, MANAGE).map((s) => s.prefix);
  return db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.owner_user_id')
    .selectAll('api_keys')
    .select('users.username as owner_username')
    .where((eb) =>
      prefixes.length === 0
        ? eb.lit(false)
        : eb.or(prefixes.map((p) => eb('api_keys.region_code', 'like', `${p}%`))),
    );
}

/** The keys in the regions where the caller manages keys; never a secret or a hash. */
export async function listApiKeys(
  db: Db,
  principal: Principal,
  query: ApiKeyListQuery,
): Promise<ApiKeyView[]> {
  let q = selectKeys(db, principal);
  if (query.ownerUserId !== undefined)
    q = q.where('api_keys.owner_user_id', '=', query.ownerUserId);
  if (query.channel !== undefined) q = q.where('api_keys.channel', '=', query.channel);
  const now = new Date();
  if (query.status === 'revoked') q = q.where('api_keys.revoked_at', 'is not', null);
  if (query.status === 'active' || query.status === 'expired') {
    q = q.where('api_keys.revoked_at', 'is', null);
    q =
      query.status === 'active'
        ? q.where((eb) =>
            eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', now)]),
          )
        : q.where('api_keys.expires_at', '<=', now);
  }
  const rows = await q
    .orderBy('api_keys.id', 'desc')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map(viewOf);
}

/** Revokes a key at once; a revoked key answers 401 from its next request on. */
export async function revokeApiKey(db: Db, principal: Principal, id: number): Promise<ApiKeyView> {
  assertIsPerson(principal);
  const revoked = await db.transaction().execute(async (trx) => {
    const row = await selectKeys(trx, principal)
      .where('api_keys.id', '=', id)
      .forUpdate('api_keys')
      .executeTakeFirst();
    if (!row) throw notFound('API key', id);
    if (row.revoked_at) {
      throw new AppError('state_conflict', `API key ${id} is already revoked`, {
        revokedAt: row.revoked_at.toISOString(),
      });
    }
    const revoked = await trx
      .updateTable('api_keys')
      .set({ revoked_at: new Date(), revoked_by: principal.userId })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'apikey.revoked',
      subjectType: 'api_key',
      subjectId: id,
      regionCode: row.region_code,
      data: { name: row.name, prefix: row.prefix },
    });
    return viewOf({ ...revoked, owner_username: row.owner_username });
  });
  forgetCachedApiKeys(id); // this process refuses it from the next request on
  return revoked;
}

const USE_RECORD_INTERVAL_MS = 60_000;
// Per database, so test apps over fresh databases do not share a memory of which key was seen.
const lastRecorded = new WeakMap<Db, Map<number, number>>();

/** Records that a key was used: at most one write a minute per key (and per process). */
export async function recordApiKeyUse(db: Db, id: number, nowMs = Date.now()): Promise<void> {
  let seen = lastRecorded.get(db);
  if (!seen) lastRecorded.set(db, (seen = new Map<number, number>()));
  const last = seen.get(id);
  if (last !== undefined && nowMs - last < USE_RECORD_INTERVAL_MS) return;
  seen.set(id, nowMs);
  // The condition keeps several server processes to one write a minute as well.
  await db
    .updateTable('api_keys')
    .set({ last_used_at: new Date(nowMs) })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', new Date(nowMs - USE_RECORD_INTERVAL_MS)),
      ]),
    )
    .execute();
}
