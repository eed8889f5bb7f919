import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, loginAs, startTestApp, type TestApp } from '../../test-support/harness.ts';

describe('GET /api/admin/roles', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
    await createUser(t.ctx, { username: 'clerk', roles: [{ role: 'clerk' }] });
  });
  after(() => t.close());

  it('lists every role with its permissions for an administrator', async () => {
    const s = await loginAs(t.app, 'admin');
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/roles', headers: s.headers });
    assert.equal(res.statusCode, 200);
    const body = res.json<{
      roles: Array<{ role: string; isStaff: boolean; permissions: string[] }>;
      permissions: string[];
    }>();
    const admin = body.roles.find((r) => r.role === 'admin');
    assert.ok(admin?.isStaff);
    assert.ok(admin.permissions.includes('users:manage'));
    const citizen = body.roles.find((r) => r.role === 'citizen');
    assert.equal(citizen?.isStaff, false);
    assert.ok(!citizen.permissions.includes('users:manage'));
    assert.ok(body.permissions.includes('audit:read'));
    assert.ok(!body.permissions.includes('public'));
  });

  it('refuses a clerk', async () => {
    const s = await loginAs(t.app, 'clerk');
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/roles', headers: s.headers });
    assert.equal(res.statusCode, 403);
  });
});
