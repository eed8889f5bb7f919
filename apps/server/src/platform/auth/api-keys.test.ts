import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createUser,
  databaseKinds,
  insertApiKey,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';
import { registerProbeRoutes } from '../../test-support/probes.ts';
import { recordApiKeyUse } from './api-keys.ts';
import { forgetCachedApiKeys, sha256 } from './sessions.ts';

for (const kind of databaseKinds()) {
  describe(`API keys (${kind})`, () => {
    let t: TestApp;
    let admin: Session;
    let ids: Record<'admin' | 'yzadmin' | 'clerk' | 'yzhandler' | 'depthandler', number>;

    const issue = (body: Record<string, unknown>, session = admin) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/api-keys',
        headers: session.headers,
        payload: body,
      });
    const withKey = (secret: string, url: string, bearer = false) =>
      t.app.inject({
        method: 'GET',
        url,
        headers: bearer ? { authorization: `Bearer ${secret}` } : { 'x-api-key': secret },
      });

    before(async () => {
      t = await startTestApp(kind, {}, { beforeReady: registerProbeRoutes });
      ids = {
        admin: await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] }),
        yzadmin: await createUser(t.ctx, {
          username: 'admin.yuzhong',
          regionCode: '500103',
          roles: [{ role: 'admin' }],
        }),
        clerk: await createUser(t.ctx, { username: 'clerk', roles: [{ role: 'clerk' }] }),
        yzhandler: await createUser(t.ctx, {
          username: 'handler.yuzhong',
          regionCode: '500103',
          roles: [{ role: 'handler' }],
        }),
        depthandler: await createUser(t.ctx, {
          username: 'handler.yuzhong.cgj',
          regionCode: '500103',
          departmentId: 2,
          roles: [{ role: 'handler' }],
        }),
      };
      admin = await loginAs(t.app, 'admin');
    });
    after(() => t.close());

    it('shows the secret once, and the key then works as X-API-Key and as Bearer', async () => {
      const res = await issue({
        name: '建行自助终端 001',
        ownerUserId: ids.clerk,
        channel: 'bank_terminal',
        permissions: ['org:read'],
        regionCode: '500103',
        scope: { items: ['GG00001000'] },
      });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.match(created.secret, /^cgk_/);
      assert.equal(created.prefix, created.secret.slice(0, 12));
      assert.equal(created.status, 'active');
      assert.deepEqual(created.scope, { items: ['GG00001000'] });
      assert.equal(created.ownerUsername, 'clerk');

      const byHeader = await withKey(created.secret, '/api/test-probe/regions/500103');
      assert.equal(byHeader.statusCode, 200, byHeader.body);
      const byBearer = await withKey(created.secret, '/api/test-probe/regions/500103001', true);
      assert.equal(byBearer.statusCode, 200, byBearer.body);

      const list = await t.app.inject({
        method: 'GET',
        url: '/api/admin/api-keys',
        headers: admin.headers,
      });
      assert.equal(list.statusCode, 200);
      const text = list.body;
      assert.ok(text.includes(created.prefix));
      assert.ok(!text.includes(created.secret), 'the list shows the secret');
      assert.ok(!text.includes(sha256(created.secret)), 'the list shows the hash');
      assert.ok(!/secret|hash/i.test(Object.keys(list.json().items[0]).join(',')));
    });

    it('keeps a key to its permissions and region', async () => {
      const { secret } = (
        await issue({
          name: 'rural point',
          ownerUserId: ids.clerk,
          channel: 'rural_point',
          permissions: ['org:read'],
          regionCode: '500103',
        })
      ).json();
      const wrongPermission = await withKey(secret, '/api/test-probe/users');
      assert.equal(wrongPermission.statusCode, 403);
      assert.equal(wrongPermission.json().code, 'forbidden');
      const wrongRegion = await withKey(secret, '/api/test-probe/regions/500105');
      assert.equal(wrongRegion.statusCode, 403);
      const parentRegion = await withKey(secret, '/api/test-probe/regions/500000');
      assert.equal(parentRegion.statusCode, 403);
      const adminRoute = await withKey(secret, '/api/admin/api-keys');
      assert.equal(adminRoute.statusCode, 403);
    });

    it('refuses permissions the owner does not hold, and unknown ones', async () => {
      const base = { name: 'k', channel: 'partner', regionCode: '500103' };
      const notHeld = await issue({
        ...base,
        ownerUserId: ids.clerk,
        permissions: ['users:manage'],
      });
      assert.equal(notHeld.statusCode, 400);
      assert.equal(notHeld.json().details.field, 'permissions');
      assert.equal(notHeld.json().details.permission, 'users:manage');
      const unknown = await issue({
        ...base,
        ownerUserId: ids.admin,
        permissions: ['org:read', 'everything:do'],
      });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().details.permission, 'everything:do');
      for (const marker of ['public', 'authenticated', 'apikeys:manage']) {
        const res = await issue({ ...base, ownerUserId: ids.admin, permissions: [marker] });
        assert.equal(res.statusCode, 400, marker);
      }
    });

    it('refuses a region outside the owner scope and accepts one inside it', async () => {
      const base = { name: 'k', channel: 'partner', permissions: ['org:read'] };
      const outside = await issue({ ...base, ownerUserId: ids.yzhandler, regionCode: '500105' });
      assert.equal(outside.statusCode, 400);
      assert.equal(outside.json().details.field, 'regionCode');
      const wider = await issue({ ...base, ownerUserId: ids.yzhandler, regionCode: '500000' });
      assert.equal(wider.statusCode, 400);
      const street = await issue({ ...base, ownerUserId: ids.yzhandler, regionCode: '500103001' });
      assert.equal(street.statusCode, 201, street.body);
      const unknownDivision = await issue({
        ...base,
        ownerUserId: ids.admin,
        regionCode: '500199',
      });
      assert.equal(unknownDivision.statusCode, 400);
      assert.equal(unknownDivision.json().details.field, 'regionCode');
    });

    it('refuses a key for an owner who holds the permission only within a department', async () => {
      const res = await issue({
        name: 'k',
        channel: 'partner',
        permissions: ['org:read'],
        ownerUserId: ids.depthandler,
        regionCode: '500103',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().details.field, 'permissions');
    });

    it('validates owner, device, expiry and unknown fields', async () => {
      const base = {
        name: 'k',
        channel: 'partner',
        permissions: ['org:read'],
        regionCode: '500103',
      };
      const noOwner = await issue({ ...base, ownerUserId: 999999 });
      assert.equal(noOwner.statusCode, 400);
      assert.equal(noOwner.json().details.field, 'ownerUserId');
      const noDevice = await issue({ ...base, ownerUserId: ids.admin, channel: 'device' });
      assert.equal(noDevice.json().details.field, 'deviceId');
      const past = await issue({
        ...base,
        ownerUserId: ids.admin,
        expiresAt: '2020-01-01T00:00:00Z',
      });
      assert.equal(past.json().details.field, 'expiresAt');
      const extra = await issue({ ...base, ownerUserId: ids.admin, isRoot: true });
      assert.equal(extra.statusCode, 400);
      assert.equal(extra.json().details.field, 'isRoot');
      const badChannel = await issue({ ...base, ownerUserId: ids.admin, channel: 'satellite' });
      assert.equal(badChannel.statusCode, 400);
      assert.equal(badChannel.json().details.field, 'channel');
    });

    it('revokes a key, which then answers 401, and audits both changes', async () => {
      const created = (
        await issue({
          name: 'to revoke',
          ownerUserId: ids.clerk,
          channel: 'mini_program',
          permissions: ['org:read'],
          regionCode: '500000',
        })
      ).json();
      assert.equal(
        (await withKey(created.secret, '/api/test-probe/regions/500105')).statusCode,
        200,
      );
      const revoke = await t.app.inject({
        method: 'POST',
        url: `/api/admin/api-keys/${created.id}/revoke`,
        headers: admin.headers,
      });
      assert.equal(revoke.statusCode, 200, revoke.body);
      assert.equal(revoke.json().status, 'revoked');
      const after = await withKey(created.secret, '/api/test-probe/regions/500105');
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().code, 'unauthenticated');
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/admin/api-keys/${created.id}/revoke`,
        headers: admin.headers,
      });
      assert.equal(again.statusCode, 409);
      const entries = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('subject_type', '=', 'api_key')
        .where('subject_id', '=', String(created.id))
        .orderBy('at')
        .execute();
      assert.deepEqual(
        entries.map((e) => e.action),
        ['apikey.created', 'apikey.revoked'],
      );
      assert.ok(entries.every((e) => e.actor_name === 'admin'));
      const revokedList = await t.app.inject({
        method: 'GET',
        url: '/api/admin/api-keys?status=revoked',
        headers: admin.headers,
      });
      assert.deepEqual(
        revokedList.json().items.map((k: { id: number }) => k.id),
        [created.id],
      );
    });

    it('answers 401 for an expired key, an unknown key and a disabled owner', async () => {
      const expired = await insertApiKey(t.ctx, {
        ownerUserId: ids.clerk,
        permissions: ['org:read'],
        expiresAt: new Date(Date.now() - 1000),
      });
      assert.equal(
        (await withKey(expired.secret, '/api/test-probe/regions/500103')).statusCode,
        401,
      );
      const forged = `${expired.secret.slice(0, 12)}${'A'.repeat(expired.secret.length - 12)}`;
      assert.equal((await withKey(forged, '/api/test-probe/regions/500103')).statusCode, 401);
      const ownerId = await createUser(t.ctx, { username: 'leaver', roles: [{ role: 'clerk' }] });
      const key = await insertApiKey(t.ctx, { ownerUserId: ownerId, permissions: ['org:read'] });
      assert.equal((await withKey(key.secret, '/api/test-probe/regions/500103')).statusCode, 200);
      await t.ctx.db
        .updateTable('users')
        .set({ is_disabled: true })
        .where('id', '=', ownerId)
        .execute();
      forgetCachedApiKeys(); // plain SQL is another process to the key cache (DR-4)
      assert.equal((await withKey(key.secret, '/api/test-probe/regions/500103')).statusCode, 401);
    });

    it('loses a permission on the key when its owner loses the role that gave it', async () => {
      const ownerId = await createUser(t.ctx, { username: 'demoted', roles: [{ role: 'clerk' }] });
      const key = await insertApiKey(t.ctx, { ownerUserId: ownerId, permissions: ['org:read'] });
      assert.equal((await withKey(key.secret, '/api/test-probe/regions/500103')).statusCode, 200);
      await t.ctx.db.deleteFrom('user_roles').where('user_id', '=', ownerId).execute();
      forgetCachedApiKeys(); // as when the cache time has passed
      assert.equal((await withKey(key.secret, '/api/test-probe/regions/500103')).statusCode, 403);
    });

    it('lets a district admin manage keys only in its district', async () => {
      const yz = await loginAs(t.app, 'admin.yuzhong');
      const jb = await issue(
        {
          name: 'jiangbei',
          ownerUserId: ids.admin,
          channel: 'partner',
          permissions: ['org:read'],
          regionCode: '500105',
        },
        yz,
      );
      assert.equal(jb.statusCode, 403);
      const cityKey = (
        await issue({
          name: 'city',
          ownerUserId: ids.admin,
          channel: 'partner',
          permissions: ['org:read'],
          regionCode: '500105',
        })
      ).json();
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/admin/api-keys',
        headers: yz.headers,
      });
      assert.equal(list.statusCode, 200);
      assert.ok(list.json().items.length > 0);
      assert.ok(
        list.json().items.every((k: { regionCode: string }) => k.regionCode.startsWith('500103')),
      );
      const revoke = await t.app.inject({
        method: 'POST',
        url: `/api/admin/api-keys/${cityKey.id}/revoke`,
        headers: yz.headers,
      });
      assert.equal(revoke.statusCode, 404);
    });

    it('refuses key management to non-admins and to API keys', async () => {
      const clerk = await loginAs(t.app, 'clerk');
      const res = await issue(
        {
          name: 'k',
          ownerUserId: ids.clerk,
          channel: 'partner',
          permissions: ['org:read'],
          regionCode: '500000',
        },
        clerk,
      );
      assert.equal(res.statusCode, 403);
      // A key that somehow holds apikeys:manage still may not issue keys.
      const machine = await insertApiKey(t.ctx, {
        ownerUserId: ids.admin,
        permissions: ['apikeys:manage'],
      });
      const byKey = await t.app.inject({
        method: 'POST',
        url: '/api/admin/api-keys',
        headers: { 'x-api-key': machine.secret },
        payload: {
          name: 'k',
          ownerUserId: ids.admin,
          channel: 'partner',
          permissions: ['org:read'],
          regionCode: '500000',
        },
      });
      assert.equal(byKey.statusCode, 403);
    });

    it('refuses an Idempotency-Key on issue, so the secret is never kept for a replay', async () => {
      const body = {
        name: 'retry',
        ownerUserId: ids.clerk,
        channel: 'partner',
        permissions: ['org:read'],
        regionCode: '500000',
      };
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/api-keys',
        headers: { ...admin.headers, 'idempotency-key': 'issue-1' },
        payload: body,
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().details.field, 'Idempotency-Key');
      const stored = await t.ctx.db
        .selectFrom('api_keys')
        .select('id')
        .where('name', '=', 'retry')
        .execute();
      assert.equal(stored.length, 0);
    });

    it('records last use at most once a minute', async () => {
      const key = await insertApiKey(t.ctx, { ownerUserId: ids.clerk, permissions: ['org:read'] });
      const lastUsed = async () =>
        (
          await t.ctx.db
            .selectFrom('api_keys')
            .select('last_used_at')
            .where('id', '=', key.id)
            .executeTakeFirstOrThrow()
        ).last_used_at;
      assert.equal(await lastUsed(), null);
      await withKey(key.secret, '/api/test-probe/regions/500103');
      const first = await lastUsed();
      assert.ok(first instanceof Date);
      await new Promise((r) => setTimeout(r, 20));
      await withKey(key.secret, '/api/test-probe/regions/500103');
      assert.equal((await lastUsed())!.getTime(), first.getTime());
      await recordApiKeyUse(t.ctx.db, key.id, first.getTime() + 61_000);
      assert.equal((await lastUsed())!.getTime(), first.getTime() + 61_000);
    });
  });
}
