import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type TestApp,
} from '../../test-support/harness.ts';

for (const kind of databaseKinds()) {
  describe(`auth (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      await createUser(t.ctx, { username: 'locky', roles: [{ role: 'clerk' }] });
    });
    after(() => t.close());

    it('logs in, answers me, and logs out', async () => {
      const s = await loginAs(t.app, 'admin');
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().username, 'admin');
      assert.ok(me.json().permissions.includes('users:manage'));
      const out = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: s.headers,
      });
      assert.equal(out.statusCode, 204);
      const again = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
      assert.equal(again.statusCode, 401);
    });

    it('refuses a wrong password with 401 and the error shape', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'nope' },
      });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'unauthenticated');
    });

    it('sets an httpOnly SameSite session cookie', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'demo' },
      });
      const cookie = (
        res.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string }>
      ).find((c) => c.name === 'cg_session');
      assert.ok(cookie?.httpOnly);
      assert.equal(cookie?.sameSite, 'Lax');
    });

    it('locks an account after repeated failures, even for the right password', async () => {
      for (let i = 0; i < 5; i++) {
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'locky', password: 'x' },
        });
      }
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'locky', password: 'demo' },
      });
      assert.equal(res.statusCode, 423);
      assert.equal(res.json().code, 'locked');
    });

    it('refuses a cookie-authenticated write without the CSRF token', async () => {
      const s = await loginAs(t.app, 'admin');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: s.headers.cookie! },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'csrf_failed');
    });

    it('rejects unknown fields and wrong types naming the field', async () => {
      const extra = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'demo', admin: true },
      });
      assert.equal(extra.statusCode, 400);
      assert.equal(extra.json().details.field, 'admin');
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 42, password: 'demo' },
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().details.field, 'username');
    });

    it('answers malformed JSON with 400', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": ',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'bad_request');
    });
  });
}
