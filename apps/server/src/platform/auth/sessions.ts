// Server-side sessions: the cookie holds a random token; the database holds its sha256.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Db } from '../db/database.ts';
import { appendAudit } from '../audit/ledger.ts';
import { anonymous, grantOf, type Grant, type Principal } from './principal.ts';
import { isKnownRole, permissionsOf, PUBLIC, type Role } from './permissions.ts';
import { hashPassword, timingDummyHash, verifyPassword } from './passwords.ts';
import { regionPrefix } from './region.ts';

export const SESSION_COOKIE = 'cg_session';
export const CSRF_COOKIE = 'cg_csrf';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const token = () => randomBytes(32).toString('base64url');
const isSameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
  sessionTtlHours: number;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  userId: number;
}

/** Checks a password, applies the lockout policy, and opens a session. */
export async function login(
  db: Db,
  policy: LoginPolicy,
  username: string,
  password: string,
  meta: { ip: string; userAgent: string | undefined },
): Promise<NewSession> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'is_disabled', 'locked_until', 'failed_logins', 'region_code'])
    .where('username', '=', username)
    .executeTakeFirst();
  const isValid = await verifyPassword(user?.password_hash ?? (await timingDummyHash()), password);
  const actor = { id: user?.id ?? null, kind: 'user' as const, name: username };
  if (user?.locked_until && user.locked_until > new Date()) {
    throw new AppError(
      'locked',
      'This account is locked after repeated failed logins; try again later',
      {
        lockedUntil: user.locked_until.toISOString(),
      },
    );
  }
  if (!user || !isValid || user.is_disabled) {
    if (user) {
      await db.transaction().execute(async (trx) => {
        const failures = user.failed_logins + 1;
        const isLocking = failures >= policy.maxFailures;
        await trx
          .updateTable('users')
          .set({
            failed_logins: isLocking ? 0 : failures,
            locked_until: isLocking ? new Date(Date.now() + policy.lockMinutes * 60_000) : null,
          })
          .where('id', '=', user.id)
          .execute();
        await appendAudit(trx, {
          actor,
          action: isLocking ? 'auth.locked' : 'auth.login_failed',
          subjectType: 'user',
          subjectId: user.id,
          regionCode: user.region_code,
          data: { ip: meta.ip, failures },
        });
      });
    }
    throw new AppError('unauthenticated', 'Wrong username or password');
  }
  const session: NewSession = {
    token: token(),
    csrfToken: token(),
    expiresAt: new Date(Date.now() + policy.sessionTtlHours * 3600_000),
    userId: user.id,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(session.token),
        user_id: user.id,
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'auth.login',
      subjectType: 'user',
      subjectId: user.id,
      regionCode: user.region_code,
      data: { ip: meta.ip },
    });
  });
  return session;
}

export async function logout(db: Db, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  sessionCache.delete(sessionId);
}

// Resolved sessions are kept for a few seconds in this process: most requests then cost no
// query for authentication. Logout here takes effect at once; a role change, a disabled account
// or a logout through another process within SESSION_CACHE_MS (default 5 s).
const sessionCacheMs = Number(process.env.SESSION_CACHE_MS ?? 5000);
const sessionCacheMax = 50_000;
const sessionCache = new Map<string, { lookup: SessionLookup; until: number }>();

/** Forgets cached sessions (all, or one user's) after a change to accounts or roles. */
export function forgetCachedSessions(userId?: number) {
  if (userId === undefined) {
    apiKeyCache.clear();
    return sessionCache.clear();
  }
  forgetCachedApiKeysOf(userId); // their keys carry no more than they hold
  for (const [id, entry] of sessionCache) {
    if (entry.lookup.principal.userId === userId) sessionCache.delete(id);
  }
}

/** Loads the grants of a user from user_roles (+ the implicit citizen/enterprise role). */
export async function loadUserPrincipal(
  db: Db,
  userId: number,
  extra: { sessionId: string | null; isCookieAuth: boolean },
): Promise<Principal | null> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .where('is_disabled', '=', false)
    .executeTakeFirst();
  if (!user) return null;
  const roles = await db
    .selectFrom('user_roles')
    .selectAll()
    .where('user_id', '=', userId)
    .execute();
  const grants: Grant[] = roles
    .filter((r) => isKnownRole(r.role))
    .map((r) => grantOf(r.role as never, r.region_code, r.department_id));
  if (user.kind === 'citizen') grants.push(grantOf('citizen', user.region_code, null));
  if (user.kind === 'enterprise') grants.push(grantOf('enterprise', user.region_code, null));
  return {
    ...anonymous,
    kind: 'user',
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    userKind: user.kind,
    regionCode: user.region_code,
    departmentId: user.department_id,
    personId: user.person_id,
    enterpriseId: user.enterprise_id,
    grants,
    sessionId: extra.sessionId,
    isCookieAuth: extra.isCookieAuth,
  };
}

export interface SessionLookup {
  principal: Principal;
  csrfToken: string;
}

// Cookie token → its sha256 (the session id), remembered for tokens seen lately: hashing on
// every request showed in profiles of the hot path. Bounded like the session cache.
const sessionIds = new Map<string, string>();
function sessionIdOf(cookieToken: string): string {
  let id = sessionIds.get(cookieToken);
  if (id === undefined) {
    id = sha256(cookieToken);
    if (sessionIds.size >= sessionCacheMax) sessionIds.clear();
    sessionIds.set(cookieToken, id);
  }
  return id;
}

/** Resolves a session cookie token to its principal; null when unknown or expired. */
export async function resolveSession(db: Db, cookieToken: string): Promise<SessionLookup | null> {
  const id = sessionIdOf(cookieToken);
  const cached = sessionCache.get(id);
  const now = Date.now();
  if (cached && cached.until > now) return cached.lookup;
  if (cached) sessionCache.delete(id);
  const found = await lookupSession(db, id);
  if (found && sessionCacheMs > 0) {
    if (sessionCache.size >= sessionCacheMax)
      sessionCache.delete(sessionCache.keys().next().value!);
    const expires = found.expiresAt.getTime();
    sessionCache.set(id, { lookup: found.lookup, until: Math.min(now + sessionCacheMs, expires) });
  }
  return found?.lookup ?? null;
}

async function lookupSession(
  db: Db,
  id: string,
): Promise<{ lookup: SessionLookup; expiresAt: Date } | null> {
  const session = await db
    .selectFrom('sessions')
    .select(['user_id', 'csrf_token', 'expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!session || session.expires_at <= new Date()) return null;
  const principal = await loadUserPrincipal(db, session.user_id, {
    sessionId: id,
    isCookieAuth: true,
  });
  return principal
    ? { lookup: { principal, csrfToken: session.csrf_token }, expiresAt: session.expires_at }
    : null;
}

export const API_KEY_PREFIX = 'cgk_';

/** Creates a random API key; only its hash is stored. */
export function newApiKeySecret() {
  const secret = `${API_KEY_PREFIX}${token()}`;
  return { secret, prefix: secret.slice(0, 12), hash: sha256(secret) };
}

// Resolved API keys are kept for a few seconds in this process like sessions (DR-4): a
// partner's or a device's stream of requests then costs no query for its key. Revoking a key
// and changing its owner's account through this process apply at once; a revocation, a lost
// role or a disabled owner through another process (or plain SQL), within API_KEY_CACHE_MS
// (default: SESSION_CACHE_MS). Unknown keys are not remembered.
const apiKeyCacheMs = Number(process.env.API_KEY_CACHE_MS ?? sessionCacheMs);
const apiKeyCache = new Map<
  string,
  { principal: Principal; keyId: number; ownerUserId: number; until: number }
>();

/** Forgets cached API keys: all, or the one with this id. */
export function forgetCachedApiKeys(keyId?: number) {
  if (keyId === undefined) return apiKeyCache.clear();
  for (const [secret, entry] of apiKeyCache) {
    if (entry.keyId === keyId) apiKeyCache.delete(secret);
  }
}

function forgetCachedApiKeysOf(ownerUserId: number) {
  for (const [secret, entry] of apiKeyCache) {
    if (entry.ownerUserId === ownerUserId) apiKeyCache.delete(secret);
  }
}

/** Resolves an API key to a principal limited to the key's permissions and region. */
export async function resolveApiKey(db: Db, secret: string): Promise<Principal | null> {
  const now = Date.now();
  const cached = apiKeyCache.get(secret);
  if (cached && cached.until > now) return cached.principal;
  if (cached) apiKeyCache.delete(secret);
  const found = await lookupApiKey(db, secret);
  if (found && apiKeyCacheMs > 0) {
    if (apiKeyCache.size >= sessionCacheMax) apiKeyCache.delete(apiKeyCache.keys().next().value!);
    const expires = found.expiresAt?.getTime() ?? Infinity;
    apiKeyCache.set(secret, {
      principal: found.principal,
      keyId: found.principal.apiKey!.id,
      ownerUserId: found.ownerUserId,
      until: Math.min(now + apiKeyCacheMs, expires),
    });
  }
  return found?.principal ?? null;
}

async function lookupApiKey(
  db: Db,
  secret: string,
): Promise<{ principal: Principal; ownerUserId: number; expiresAt: Date | null } | null> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.owner_user_id')
    .select([
      'api_keys.id',
      'api_keys.key_hash',
      'api_keys.name',
      'api_keys.channel',
      'api_keys.device_id',
      'api_keys.permissions',
      'api_keys.region_code',
      'api_keys.scope',
      'api_keys.expires_at',
      'api_keys.revoked_at',
      'api_keys.owner_user_id',
      'users.is_disabled',
      'users.kind',
      'users.region_code as owner_region_code',
    ])
    .where('api_keys.prefix', '=', secret.slice(0, 12))
    .executeTakeFirst();
  if (!row || !isSameHash(row.key_hash, sha256(secret)) || row.revoked_at || row.is_disabled) {
    return null;
  }
  if (row.expires_at && row.expires_at <= new Date()) return null;
  // A key never holds more than its owner holds today: an owner who lost a role loses it on
  // their keys too. Keys carry no department limit, so only department-wide grants count.
  const ownerRoles = await db
    .selectFrom('user_roles')
    .select(['role', 'region_code', 'department_id'])
    .where('user_id', '=', row.owner_user_id)
    .execute();
  const ownerGrants = ownerRoles
    .filter((r) => r.department_id === null && isKnownRole(r.role))
    .map((r) => ({ role: r.role as Role, region: r.region_code }));
  if (row.kind === 'citizen' || row.kind === 'enterprise') {
    ownerGrants.push({ role: row.kind, region: row.owner_region_code });
  }
  const ownerPermissions = new Set(
    ownerGrants
      .filter((g) => row.region_code.startsWith(regionPrefix(g.region)))
      .flatMap((g) => [...permissionsOf(g.role)]),
  );
  const principal: Principal = {
    ...anonymous,
    kind: 'api_key',
    username: `apikey:${row.name}`,
    displayName: row.name,
    regionCode: row.region_code,
    grants: [
      {
        role: 'api_key',
        regionCode: row.region_code,
        departmentId: null,
        permissions: new Set(
          row.permissions.filter((p) => p !== PUBLIC && ownerPermissions.has(p)),
        ),
      },
    ],
    apiKey: { id: row.id, channel: row.channel, deviceId: row.device_id, scope: row.scope },
  };
  return { principal, ownerUserId: Number(row.owner_user_id), expiresAt: row.expires_at };
}

export { hashPassword, regionPrefix };
