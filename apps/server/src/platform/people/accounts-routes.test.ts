import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { residentIdCheckChar } from '../crypto/identifiers.ts';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

for (const kind of databaseKinds()) {
  describe(`accounts (${kind})`, () => {
    let t: TestApp;
    let admin: Session;
    let adminYz: Session;

    const call = (
      s: Session | null,
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      payload?: object,
    ) => t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload && { payload }) });
    const auditCount = async (action: string, subjectId: number) =>
      (
        await t.ctx.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', action)
          .where('subject_id', '=', String(subjectId))
          .execute()
      ).length;

    before(async () => {
      t = await startTestApp(kind);
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      await createUser(t.ctx, {
        username: 'admin.yz',
        regionCode: '500103',
        roles: [{ role: 'admin' }],
      });
      await createUser(t.ctx, {
        username: 'handler.jb',
        regionCode: '500105',
        departmentId: 3,
        roles: [{ role: 'handler' }],
      });
      admin = await loginAs(t.app, 'admin');
      adminYz = await loginAs(t.app, 'admin.yz');
    });
    after(() => t.close());

    it('creates a staff account with scoped roles, audited, that can log in', async () => {
      const res = await call(admin, 'POST', '/api/admin/users', {
        username: 'dispatcher.yz',
        displayName: '李明',
        password: 'correct horse battery',
        regionCode: '500103',
        departmentId: 2,
        roles: [{ role: 'dispatcher', regionCode: '500103' }],
      });
      assert.equal(res.statusCode, 201, res.body);
      const user = res.json();
      assert.deepEqual(
        user.roles.map((r: { role: string; regionCode: string }) => [r.role, r.regionCode]),
        [['dispatcher', '500103']],
      );
      assert.equal(user.departmentName, '渝中区城市管理局');
      assert.equal(await auditCount('users.create', user.id), 1);
      const session = await loginAs(t.app, 'dispatcher.yz', 'correct horse battery');
      assert.equal(session.userId, user.id);
    });

    it('refuses taken usernames, unknown roles and short passwords', async () => {
      const base = {
        displayName: '王芳',
        password: 'long enough password',
        regionCode: '500103',
        roles: [{ role: 'clerk', regionCode: '500103' }],
      };
      const taken = await call(admin, 'POST', '/api/admin/users', {
        ...base,
        username: 'admin.yz',
      });
      assert.equal(taken.statusCode, 409);
      const role = await call(admin, 'POST', '/api/admin/users', {
        ...base,
        username: 'someone',
        roles: [{ role: 'citizen', regionCode: '500103' }],
      });
      assert.equal(role.statusCode, 400);
      const short = await call(admin, 'POST', '/api/admin/users', {
        ...base,
        username: 'someone',
        password: 'short',
      });
      assert.equal(short.statusCode, 400);
      assert.equal(short.json().details.field, 'password');
    });

    it('keeps a district admin inside their district', async () => {
      const elsewhere = await call(adminYz, 'POST', '/api/admin/users', {
        username: 'clerk.jb2',
        displayName: '王芳',
        password: 'long enough password',
        regionCode: '500105',
        roles: [{ role: 'clerk', regionCode: '500105' }],
      });
      assert.equal(elsewhere.statusCode, 403);
      const widerRole = await call(adminYz, 'POST', '/api/admin/users', {
        username: 'clerk.yz2',
        displayName: '王芳',
        password: 'long enough password',
        regionCode: '500103',
        roles: [{ role: 'clerk', regionCode: '500000' }],
      });
      assert.equal(widerRole.statusCode, 403);
      const list = await call(adminYz, 'GET', '/api/admin/users?limit=500');
      const names = list.json().items.map((u: { username: string }) => u.username);
      assert.ok(names.includes('admin.yz'));
      assert.ok(!names.includes('handler.jb'));
      assert.ok(!names.includes('admin'));
      const hidden = await call(
        adminYz,
        'GET',
        `/api/admin/users/${(await loginAs(t.app, 'handler.jb')).userId}`,
      );
      assert.equal(hidden.statusCode, 404);
    });

    it('filters the user list by role and region', async () => {
      const res = await call(admin, 'GET', '/api/admin/users?role=handler&region=500105');
      assert.deepEqual(
        res.json().items.map((u: { username: string }) => u.username),
        ['handler.jb'],
      );
    });

    it('disables an account: its sessions end and it can no longer log in', async () => {
      const id = await createUser(t.ctx, {
        username: 'leaving',
        regionCode: '500103',
        roles: [{ role: 'clerk' }],
      });
      const session = await loginAs(t.app, 'leaving');
      const res = await call(adminYz, 'POST', `/api/admin/users/${id}/disable`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().isDisabled, true);
      const me = await call(session, 'GET', '/api/auth/me');
      assert.equal(me.statusCode, 401);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'leaving', password: 'demo' },
      });
      assert.equal(login.statusCode, 401);
      assert.equal(await auditCount('users.disable', id), 1);
      const self = await call(adminYz, 'POST', `/api/admin/users/${adminYz.userId}/disable`);
      assert.equal(self.statusCode, 409);
    });

    it('grants and revokes a role, audited', async () => {
      const id = await createUser(t.ctx, {
        username: 'rotating',
        regionCode: '500103',
        roles: [{ role: 'clerk' }],
      });
      const granted = await call(adminYz, 'POST', `/api/admin/users/${id}/roles`, {
        role: 'reviewer',
        regionCode: '500103',
        departmentId: 2,
      });
      assert.equal(granted.statusCode, 200, granted.body);
      const role = granted.json().roles.find((r: { role: string }) => r.role === 'reviewer');
      assert.equal(role.departmentId, 2);
      const me = await call(await loginAs(t.app, 'rotating'), 'GET', '/api/auth/me');
      assert.ok(me.json().grants.some((g: { role: string }) => g.role === 'reviewer'));
      const revoked = await call(adminYz, 'DELETE', `/api/admin/users/${id}/roles/${role.id}`);
      assert.equal(revoked.statusCode, 200);
      assert.ok(!revoked.json().roles.some((r: { role: string }) => r.role === 'reviewer'));
      assert.equal(await auditCount('users.grant_role', id), 1);
      assert.equal(await auditCount('users.revoke_role', id), 1);
    });

    it('refuses admin routes to staff without users:manage', async () => {
      const handler = await loginAs(t.app, 'handler.jb');
      const res = await call(handler, 'GET', '/api/admin/users');
      assert.equal(res.statusCode, 403);
    });

    describe('self-registration', () => {
      const idNumber = withCheck('50010619921103456');
      it('registers a citizen with valid real-name data who can then log in', async () => {
        const res = await call(null, 'POST', '/api/auth/register', {
          username: 'zhangsan',
          password: 'my long password',
          name: '张三',
          idNumber,
          phone: '13612345678',
          regionCode: '500103001',
        });
        assert.equal(res.statusCode, 201, res.body);
        const session = await loginAs(t.app, 'zhangsan', 'my long password');
        const me = await call(session, 'GET', '/api/auth/me');
        assert.equal(me.json().kind, 'citizen');
        assert.equal(me.json().regionCode, '500103');
        const person = await call(session, 'GET', '/api/me/person');
        assert.equal(person.json().idNumberMasked, `5001**********${idNumber.slice(14)}`);
      });

      it('refuses a bad ID number, a bad phone and a second account for one ID', async () => {
        const base = {
          username: 'lisi',
          password: 'my long password',
          name: '李四',
          phone: '13612345679',
          regionCode: '500103001',
        };
        const badId = await call(null, 'POST', '/api/auth/register', {
          ...base,
          idNumber: idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'),
        });
        assert.equal(badId.statusCode, 400);
        assert.equal(badId.json().details.field, 'idNumber');
        const badPhone = await call(null, 'POST', '/api/auth/register', {
          ...base,
          idNumber: withCheck('50010619921103457'),
          phone: '12345678901',
        });
        assert.equal(badPhone.statusCode, 400);
        const twice = await call(null, 'POST', '/api/auth/register', {
          ...base,
          name: '张三',
          idNumber,
        });
        assert.equal(twice.statusCode, 409);
      });

      it('links a person already on file when the name matches', async () => {
        const onFile = withCheck('50010319800808888');
        const person = await t.ctx.db
          .insertInto('persons')
          .values({
            region_code: '500103001',
            name: '王五',
            id_number_enc: t.ctx.cipher.encrypt(onFile),
            id_number_hash: t.ctx.cipher.blindIndex(onFile),
            id_number_hint: 'x',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const body = {
          username: 'wangwu',
          password: 'my long password',
          idNumber: onFile,
          phone: '13712345678',
          regionCode: '500103001',
        };
        const wrongName = await call(null, 'POST', '/api/auth/register', { ...body, name: '王六' });
        assert.equal(wrongName.statusCode, 400);
        const res = await call(null, 'POST', '/api/auth/register', { ...body, name: '王五' });
        assert.equal(res.statusCode, 201);
        assert.equal(res.json().personId, person.id);
      });
    });
  });
}
