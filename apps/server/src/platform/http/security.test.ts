import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  createUser,
  databaseKinds,
  insertApiKey,
  openTestDatabase,
  seedTestOrg,
  startTestApp,
  testConfig,
  type TestApp,
} from '../../test-support/harness.ts';
import { registerProbeRoutes } from '../../test-support/probes.ts';
import {
  fetchOpenApi,
  fillPath,
  listRoutes,
  openApiPathOf,
  operationsOf,
} from '../../test-support/routes.ts';
import { buildApp } from '../../app.ts';
import { createCipher } from '../crypto/personal-data.ts';
import type { AppContext } from './context.ts';

const guardedPrefixes = ['/api/', '/open311/', '/metrics'];
const isGuarded = (url: string) => guardedPrefixes.some((p) => url.startsWith(p));

describe('route declarations', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;
  before(async () => {
    const database = await openTestDatabase('pglite');
    ctx = {
      config: testConfig(),
      db: database.db,
      dbKind: database.kind,
      cipher: createCipher(randomBytes(32)),
    };
    await seedTestOrg(ctx);
    close = () => database.close();
  });
  after(() => close());

  const startWith = async (
    add: (app: Awaited<ReturnType<typeof buildApp>>) => void | Promise<void>,
  ) => {
    const app = await buildApp(ctx);
    try {
      await add(app);
      await app.ready();
    } finally {
      await app.close().catch(() => {});
    }
  };

  it('fails to start when an API route declares no permission', async () => {
    await assert.rejects(
      startWith((app) => {
        app.get('/api/undeclared', async () => ({ leaked: true }));
      }),
      /declares no permission/,
    );
  });

  it('fails to start when a route inside a plugin under /open311 or /metrics declares none', async () => {
    for (const url of ['/open311/v2/services.json', '/metrics/extra']) {
      await assert.rejects(
        startWith((app) => {
          void app.register(async (scoped) => {
            scoped.post(url, async () => ({}));
          });
        }),
        /declares no permission/,
        url,
      );
    }
  });

  it('fails to start when a route names a permission no role holds', async () => {
    await assert.rejects(
      startWith((app) => {
        app.get('/api/typo', { config: { permission: 'users:manag' } }, async () => ({}));
      }),
      /unknown permission/,
    );
  });

  it('starts when the routes declare known permissions, and non-API routes need none', async () => {
    await startWith((app) => {
      app.get('/api/declared', { config: { permission: 'org:read' } }, async () => ({}));
      app.get('/some-page', async () => 'ok');
    });
  });
});

for (const kind of databaseKinds()) {
  describe(`security by default (${kind})`, () => {
    let t: TestApp;
    let adminId: number;
    before(async () => {
      t = await startTestApp(kind, { isDemo: false }, { beforeReady: registerProbeRoutes });
      adminId = await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
    });
    after(() => t.close());

    it('answers 401 to an anonymous call of every route that is not public', async () => {
      const doc = await fetchOpenApi(t.app);
      const publicOps = new Set(
        operationsOf(doc)
          .filter((op) => op.permission === 'public')
          .map((op) => `${op.method} ${op.path}`),
      );
      // Public on purpose and left out of the document.
      const hiddenPublic = new Set(['GET /api/openapi.json']);
      const routes = listRoutes(t.app).filter((r) => isGuarded(r.url));
      assert.ok(routes.length >= 5, `only ${routes.length} routes found`);
      const wrong: string[] = [];
      let checked = 0;
      for (const route of routes) {
        const name = `${route.method} ${openApiPathOf(route.url)}`;
        if (publicOps.has(name) || hiddenPublic.has(name)) continue;
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: fillPath(route.url, () => '1'),
          ...(route.method !== 'GET' && { payload: {} }),
        });
        checked++;
        if (res.statusCode !== 401 || res.json().code !== 'unauthenticated') {
          wrong.push(`${name} answered ${res.statusCode}`);
        }
      }
      assert.deepEqual(wrong, []);
      assert.ok(checked >= 4, `only ${checked} protected routes checked`);
    });

    it('checks the permission before reading the body', async () => {
      for (const payload of ['x'.repeat(2 * 1024 * 1024), '{"name": ']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/admin/api-keys',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        assert.equal(res.statusCode, 401);
      }
    });

    it('answers 401 to a bad key and a session cookie that does not exist', async () => {
      for (const headers of [
        { 'x-api-key': 'cgk_notarealkeyatall' },
        { authorization: 'Bearer cgk_notarealkeyatall' },
        { cookie: 'cg_session=forged' },
      ]) {
        const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
        assert.equal(res.statusCode, 401, JSON.stringify(headers));
      }
    });

    it('sends the security headers', async () => {
      for (const url of ['/api/health', '/api/auth/me', '/docs']) {
        const res = await t.app.inject({ method: 'GET', url });
        const csp = String(res.headers['content-security-policy']);
        assert.match(csp, /default-src 'self'/, url);
        assert.match(csp, /frame-ancestors 'self'|frame-ancestors 'none'/, url);
        assert.match(csp, /object-src 'none'/, url);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
        assert.match(String(res.headers['x-frame-options']), /^(SAMEORIGIN|DENY)$/, url);
        assert.ok(res.headers['referrer-policy'], url);
        assert.equal(res.headers['x-powered-by'], undefined, url);
      }
    });

    it('keeps /metrics behind metrics:read outside demo mode', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(anonymous.statusCode, 401);
      const reader = await insertApiKey(t.ctx, {
        ownerUserId: adminId,
        permissions: ['org:read'],
      });
      const forbidden = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${reader.secret}` },
      });
      assert.equal(forbidden.statusCode, 403);
      const scraper = await insertApiKey(t.ctx, {
        ownerUserId: adminId,
        permissions: ['metrics:read'],
      });
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${scraper.secret}` },
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /citygov_http_request_duration_seconds/);
    });

    it('answers 401 to a revoked or expired key, and 403 beyond its permissions or region', async () => {
      const key = (spec: Partial<Parameters<typeof insertApiKey>[1]>) =>
        insertApiKey(t.ctx, {
          ownerUserId: adminId,
          permissions: ['org:read'],
          regionCode: '500103',
          ...spec,
        });
      const call = (secret: string, url: string) =>
        t.app.inject({ method: 'GET', url, headers: { 'x-api-key': secret } });
      const good = await key({});
      assert.equal((await call(good.secret, '/api/test-probe/regions/500103')).statusCode, 200);
      assert.equal((await call(good.secret, '/api/test-probe/users')).statusCode, 403);
      assert.equal((await call(good.secret, '/api/test-probe/regions/500105')).statusCode, 403);
      const revoked = await key({ revokedAt: new Date() });
      assert.equal((await call(revoked.secret, '/api/test-probe/regions/500103')).statusCode, 401);
      const expired = await key({ expiresAt: new Date(Date.now() - 1) });
      assert.equal((await call(expired.secret, '/api/test-probe/regions/500103')).statusCode, 401);
    });
  });
}

describe('rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('pglite', { rateLimitPerMinute: 5 });
  });
  after(() => t.close());

  it('answers 429 with the error shape past the limit', async () => {
    const answers = [];
    for (let i = 0; i < 7; i++)
      answers.push(await t.app.inject({ method: 'GET', url: '/api/health' }));
    const statuses = answers.map((a) => a.statusCode);
    const last = answers.at(-1)!;
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    assert.equal(last.json().code, 'rate_limited');
    assert.equal(typeof last.json().message, 'string');
    assert.ok(last.headers['retry-after']);
  });

  it('gives no new allowance to a made-up API key', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-api-key': `cgk_${randomBytes(8).toString('hex')}` },
    });
    assert.equal(res.statusCode, 429);
  });
});
