// Test support: a fresh database per test file (PGlite in memory, or a new PostgreSQL database
// when TEST_DATABASE_URL is set), the app over it, users and logins.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig, type Config } from '../platform/config.ts';
import { openPGlite, openPostgres, type Database } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createCipher } from '../platform/crypto/personal-data.ts';
import type { AppContext } from '../platform/http/context.ts';
import { buildApp } from '../app.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { newApiKeySecret, sha256 } from '../platform/auth/sessions.ts';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** The database kinds this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const databaseKinds = (): Array<'pglite' | 'postgres'> =>
  testDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  url?: string;
}

/** A fresh, migrated database of the given kind; close() drops it. */
export async function openTestDatabase(
  kind: 'pglite' | 'postgres' = 'pglite',
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openPGlite('memory://');
    await migrate(database.db);
    return database;
  }
  if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `citygov_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 5);
  await migrate(database.db);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const again = new pg.Client({ connectionString: testDatabaseUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test' }),
    dataDir: '/nonexistent',
    isSchedulerEnabled: false,
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The whole app over a fresh database, with the minimal organisation loaded. */
export async function startTestApp(
  kind: 'pglite' | 'postgres' = 'pglite',
  overrides: Partial<Config> = {},
  options: {
    /** Adds test-only routes (probes) after the app's own routes, before it is ready. */
    beforeReady?: (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;
  } = {},
): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  const ctx: AppContext = {
    config: testConfig(overrides),
    db: database.db,
    dbKind: database.kind,
    cipher: createCipher(randomBytes(32)),
  };
  await seedTestOrg(ctx);
  const app = await buildApp(ctx);
  await options.beforeReady?.(app, ctx);
  await app.ready();
  return {
    app,
    ctx,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A few real divisions and departments: the city, 渝中区 and 江北区. */
export async function seedTestOrg(ctx: AppContext) {
  const { db } = ctx;
  await db
    .insertInto('divisions')
    .values([
      { code: '500000', name: '重庆市', level: 1, parent_code: null, lat: 29.563, lon: 106.551 },
      {
        code: '500103',
        name: '渝中区',
        level: 2,
        parent_code: '500000',
        lat: 29.556,
        lon: 106.568,
      },
      {
        code: '500105',
        name: '江北区',
        level: 2,
        parent_code: '500000',
        lat: 29.575,
        lon: 106.532,
      },
      {
        code: '500103001',
        name: '七星岗街道',
        level: 3,
        parent_code: '500103',
        lat: null,
        lon: null,
      },
      {
        code: '500105001',
        name: '华新街街道',
        level: 3,
        parent_code: '500105',
        lat: null,
        lon: null,
      },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('departments')
    .values([
      {
        code: 'CQ-CGJ',
        name: '重庆市城市管理局',
        short_name: '市城市管理局',
        region_code: '500000',
        city_department_id: null,
      },
      {
        code: 'YZ-CGJ',
        name: '渝中区城市管理局',
        short_name: '区城市管理局',
        region_code: '500103',
        city_department_id: 1,
      },
      {
        code: 'JB-CGJ',
        name: '江北区城市管理局',
        short_name: '区城市管理局',
        region_code: '500105',
        city_department_id: 1,
      },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
}

let passwordHash: Promise<string> | undefined;
export const testPasswordHash = () => (passwordHash ??= hashPassword('demo'));

export interface TestUserSpec {
  username: string;
  kind?: 'staff' | 'citizen' | 'enterprise';
  regionCode?: string;
  departmentId?: number | null;
  roles?: Array<{ role: string; regionCode?: string; departmentId?: number | null }>;
  personId?: number | null;
  /** An enterprise's account acts for it (kind 'enterprise'). */
  enterpriseId?: number | null;
}

/** Creates a user with password "demo" and the given scoped roles; returns its id. */
export async function createUser(ctx: AppContext, spec: TestUserSpec): Promise<number> {
  const regionCode = spec.regionCode ?? '500000';
  const { id } = await ctx.db
    .insertInto('users')
    .values({
      username: spec.username,
      kind: spec.kind ?? 'staff',
      display_name: spec.username,
      password_hash: await testPasswordHash(),
      region_code: regionCode,
      department_id: spec.departmentId ?? null,
      person_id: spec.personId ?? null,
      enterprise_id: spec.enterpriseId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const r of spec.roles ?? []) {
    await ctx.db
      .insertInto('user_roles')
      .values({
        user_id: id,
        role: r.role,
        region_code: r.regionCode ?? regionCode,
        department_id: r.departmentId === undefined ? (spec.departmentId ?? null) : r.departmentId,
      })
      .execute();
  }
  return id;
}

export interface Session {
  /** Headers that authenticate a request (cookie + CSRF token). */
  headers: Record<string, string>;
  userId: number;
}

/** Logs in through the API and returns the headers later requests need. */
export async function loginAs(
  app: FastifyInstance,
  username: string,
  password = 'demo',
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookies: Array<{ name: string; value: string }> = res.cookies;
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = cookies.find((c) => c.name === 'cg_csrf')!.value;
  return { headers: { cookie, 'x-csrf-token': csrf }, userId: res.json<{ id: number }>().id };
}

export interface TestApiKeySpec {
  ownerUserId: number;
  permissions: string[];
  regionCode?: string;
  channel?: string;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
}

/** Inserts an API key directly (bypassing the issuing rules); returns its id and secret. */
export async function insertApiKey(
  ctx: AppContext,
  spec: TestApiKeySpec,
): Promise<{ id: number; secret: string }> {
  const { secret, prefix, hash } = newApiKeySecret();
  const { id } = await ctx.db
    .insertInto('api_keys')
    .values({
      prefix,
      key_hash: hash,
      name: `test key ${prefix}`,
      owner_user_id: spec.ownerUserId,
      channel: spec.channel ?? 'partner',
      device_id: null,
      permissions: spec.permissions,
      region_code: spec.regionCode ?? '500000',
      expires_at: spec.expiresAt ?? null,
      revoked_at: spec.revokedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, secret };
}

/** Opens a session straight in the database (no login route, so no login rate limit). */
export async function openSession(ctx: AppContext, userId: number): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await ctx.db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrf,
      expires_at: new Date(Date.now() + 3600_000),
      ip: '127.0.0.1',
      user_agent: 'test',
    })
    .execute();
  return {
    headers: { cookie: `cg_session=${token}; cg_csrf=${csrf}`, 'x-csrf-token': csrf },
    userId,
  };
}
