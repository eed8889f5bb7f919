// The permission matrix: a district officer stays in their district, a citizen sees only their
// own data, an API key stays within its permissions and region. Each refusal has a control case
// (the same call on an allowed record succeeds), so a test cannot pass by refusing everything.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';
import { residentIdCheckChar } from '../crypto/identifiers.ts';
import { notify } from '../notify/notifier.ts';

const YUZHONG = '500103';
const JIANGBEI = '500105';
// Departments seeded by the harness: 2 渝中区城市管理局, 3 江北区城市管理局.
const YZ_DEPT = 2;
const JB_DEPT = 3;

const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;

interface Ids {
  taskYz: number;
  taskJb: number;
  personYz: number;
  personJb: number;
  noteCitizen2: number;
}

for (const kind of databaseKinds()) {
  describe(`permission matrix (${kind})`, () => {
    let t: TestApp;
    const s: Record<string, Session> = {};
    const ids = {} as Ids;

    const call = (
      who: Session | { 'x-api-key': string },
      method: 'GET' | 'POST',
      url: string,
      payload?: object,
    ) =>
      t.app.inject({
        method,
        url,
        headers: 'headers' in who ? who.headers : who,
        ...(payload && { payload }),
      });

    before(async () => {
      t = await startTestApp(kind);
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      await createUser(t.ctx, { username: 'leader', roles: [{ role: 'leader' }] });
      for (const [district, region, dept] of [
        ['yuzhong', YUZHONG, YZ_DEPT],
        ['jiangbei', JIANGBEI, JB_DEPT],
      ] as const) {
        for (const role of ['handler', 'clerk', 'supervisor']) {
          await createUser(t.ctx, {
            username: `${role}.${district}`,
            regionCode: region,
            departmentId: dept,
            roles: [{ role }],
          });
        }
      }
      for (const name of ['admin', 'leader', 'handler.yuzhong', 'handler.jiangbei']) {
        s[name] = await loginAs(t.app, name);
      }
      for (const name of ['clerk.yuzhong', 'supervisor.yuzhong']) {
        s[name] = await loginAs(t.app, name);
      }

      // Two residents, one per district, registered at the counter by the city admin.
      const register = async (name: string, first17: string, regionCode: string) => {
        const res = await call(s.admin!, 'POST', '/api/people', {
          name,
          idNumber: residentId(first17),
          regionCode,
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json<{ id: number }>().id;
      };
      ids.personYz = await register('张渝中', '50010319850312471', YUZHONG);
      ids.personJb = await register('张江北', '50010519900101123', JIANGBEI);
      await createUser(t.ctx, {
        username: 'citizen1',
        kind: 'citizen',
        regionCode: YUZHONG,
        personId: ids.personYz,
      });
      const citizen2 = await createUser(t.ctx, {
        username: 'citizen2',
        kind: 'citizen',
        regionCode: JIANGBEI,
        personId: ids.personJb,
      });
      s.citizen1 = await loginAs(t.app, 'citizen1');
      s.citizen2 = await loginAs(t.app, 'citizen2');

      // One task per district, assigned by the city leader.
      const assign = async (regionCode: string, departmentId: number) => {
        const res = await call(s.leader!, 'POST', '/api/tasks', {
          title: `整治 ${regionCode} 占道经营`,
          description: '',
          regionCode,
          departmentId,
          limitWorkdays: 5,
        });
        assert.equal(res.statusCode, 201, res.body);
        return Number(res.json<{ subjectId: string }>().subjectId);
      };
      ids.taskYz = await assign(YUZHONG, YZ_DEPT);
      ids.taskJb = await assign(JIANGBEI, JB_DEPT);

      // Someone else's data use and notification, for citizen2 only.
      const reveal = await call(s.admin!, 'POST', `/api/people/${ids.personJb}/reveal`, {
        purpose: '江北区低保复核（仅限市民二）',
      });
      assert.equal(reveal.statusCode, 200, reveal.body);
      await notify(t.ctx.db, {
        userIds: [citizen2],
        regionCode: JIANGBEI,
        title: '您的申请已受理',
        body: '市民二的私人通知',
      });
      const note = await t.ctx.db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', citizen2)
        .executeTakeFirstOrThrow();
      ids.noteCitizen2 = Number(note.id);
    });
    after(() => t.close());

    describe('a 渝中区 officer and 江北区 records', () => {
      it('does not list a 江北区 task, and lists the 渝中区 one', async () => {
        for (const view of ['scope', 'mine', 'todo']) {
          const res = await call(s['handler.yuzhong']!, 'GET', `/api/tasks?view=${view}`);
          assert.equal(res.statusCode, 200);
          const listed = res.json().items.map((i: { id: number }) => i.id);
          assert.ok(!listed.includes(ids.taskJb), `view=${view} lists the 江北区 task`);
          if (view !== 'mine' || listed.length > 0) assert.ok(listed.includes(ids.taskYz), view);
        }
      });

      it('answers 404 for a 江北区 task by id, and 200 for the 渝中区 one', async () => {
        assert.equal(
          (await call(s['handler.yuzhong']!, 'GET', `/api/tasks/${ids.taskJb}`)).statusCode,
          404,
        );
        assert.equal(
          (await call(s['handler.yuzhong']!, 'GET', `/api/tasks/${ids.taskYz}`)).statusCode,
          200,
        );
      });

      it('cannot act on a 江北区 task, while the 江北区 handler can', async () => {
        const denied = await call(
          s['handler.yuzhong']!,
          'POST',
          `/api/tasks/${ids.taskJb}/actions/accept`,
          {},
        );
        assert.equal(denied.statusCode, 404);
        const state = await call(s['handler.jiangbei']!, 'GET', `/api/tasks/${ids.taskJb}`);
        assert.equal(state.json().state, 'assigned', 'the refused action changed the task');
        const allowed = await call(
          s['handler.jiangbei']!,
          'POST',
          `/api/tasks/${ids.taskJb}/actions/accept`,
          {},
        );
        assert.equal(allowed.statusCode, 200, allowed.body);
        assert.equal(allowed.json().state, 'in_progress');
      });

      it('cannot assign a task in 江北区, but can in 渝中区', async () => {
        const body = (regionCode: string, departmentId: number) => ({
          title: '巡查',
          description: '',
          regionCode,
          departmentId,
          limitWorkdays: 3,
        });
        const denied = await call(
          s['supervisor.yuzhong']!,
          'POST',
          '/api/tasks',
          body(JIANGBEI, JB_DEPT),
        );
        assert.equal(denied.statusCode, 403);
        const allowed = await call(
          s['supervisor.yuzhong']!,
          'POST',
          '/api/tasks',
          body(YUZHONG, YZ_DEPT),
        );
        assert.equal(allowed.statusCode, 201, allowed.body);
      });

      it('does not find a 江北区 resident by name, region or ID number', async () => {
        const byName = await call(
          s['handler.yuzhong']!,
          'GET',
          `/api/people?name=${encodeURIComponent('张')}`,
        );
        assert.equal(byName.statusCode, 200);
        const named = byName.json().items.map((p: { id: number }) => p.id);
        assert.deepEqual(named, [ids.personYz]);
        const byRegion = await call(s['handler.yuzhong']!, 'GET', `/api/people?region=${JIANGBEI}`);
        assert.ok(
          byRegion.statusCode >= 400 || byRegion.json().items.length === 0,
          `region filter answered ${byRegion.statusCode} ${byRegion.body}`,
        );
        const byId = await call(
          s['handler.yuzhong']!,
          'GET',
          `/api/people?idNumber=${residentId('50010519900101123')}`,
        );
        assert.equal(byId.statusCode, 404);
        const ownById = await call(
          s['handler.yuzhong']!,
          'GET',
          `/api/people?idNumber=${residentId('50010319850312471')}`,
        );
        assert.equal(ownById.statusCode, 200);
      });

      it('answers 404 for a 江北区 resident by id and refuses to reveal their data', async () => {
        assert.equal(
          (await call(s['handler.yuzhong']!, 'GET', `/api/people/${ids.personJb}`)).statusCode,
          404,
        );
        assert.equal(
          (await call(s['handler.yuzhong']!, 'GET', `/api/people/${ids.personYz}`)).statusCode,
          200,
        );
        const purpose = { purpose: '核实身份信息' };
        const denied = await call(
          s['clerk.yuzhong']!,
          'POST',
          `/api/people/${ids.personJb}/reveal`,
          purpose,
        );
        assert.equal(denied.statusCode, 404);
        const allowed = await call(
          s['clerk.yuzhong']!,
          'POST',
          `/api/people/${ids.personYz}/reveal`,
          purpose,
        );
        assert.equal(allowed.statusCode, 200, allowed.body);
        assert.equal(allowed.json().idNumber, residentId('50010319850312471'));
      });

      it('cannot register a resident in 江北区', async () => {
        const res = await call(s['clerk.yuzhong']!, 'POST', '/api/people', {
          name: '李四',
          idNumber: residentId('50010519920202345'),
          regionCode: JIANGBEI,
        });
        assert.equal(res.statusCode, 403);
      });
    });

    describe('a citizen and another citizen', () => {
      it('sees their own person record only', async () => {
        const mine = await call(s.citizen1!, 'GET', '/api/me/person');
        assert.equal(mine.statusCode, 200);
        assert.equal(mine.json().id, ids.personYz);
        for (const url of [
          `/api/people/${ids.personJb}`,
          `/api/people/${ids.personYz}`,
          '/api/people?name=张',
        ]) {
          assert.equal((await call(s.citizen1!, 'GET', url)).statusCode, 403, url);
        }
        const reveal = await call(s.citizen1!, 'POST', `/api/people/${ids.personJb}/reveal`, {
          purpose: '想看看',
        });
        assert.equal(reveal.statusCode, 403);
      });

      it("does not see another citizen's data uses", async () => {
        const own = await call(s.citizen2!, 'GET', '/api/me/data-uses');
        assert.equal(own.statusCode, 200);
        const purposes2 = own.json().items.map((u: { purpose: string | null }) => u.purpose);
        assert.ok(purposes2.includes('江北区低保复核（仅限市民二）'), JSON.stringify(purposes2));
        const other = await call(s.citizen1!, 'GET', '/api/me/data-uses');
        assert.equal(other.statusCode, 200);
        const items1 = other.json().items as Array<{ purpose: string | null; regionCode: string }>;
        assert.ok(items1.length > 0, 'citizen1 sees no data use at all, not even their own');
        assert.ok(!items1.some((u) => u.purpose === '江北区低保复核（仅限市民二）'));
        assert.ok(items1.every((u) => u.regionCode.startsWith(YUZHONG)));
      });

      it("neither lists nor marks another citizen's notifications", async () => {
        const own = await call(s.citizen2!, 'GET', '/api/notifications');
        assert.ok(own.json().items.some((n: { id: number }) => n.id === ids.noteCitizen2));
        const other = await call(s.citizen1!, 'GET', '/api/notifications');
        assert.equal(other.statusCode, 200);
        assert.ok(!other.json().items.some((n: { id: number }) => n.id === ids.noteCitizen2));
        const mark = await call(s.citizen1!, 'POST', `/api/notifications/${ids.noteCitizen2}/read`);
        assert.equal(mark.statusCode, 404);
        const after = await call(s.citizen2!, 'GET', '/api/notifications');
        const note = after.json().items.find((n: { id: number }) => n.id === ids.noteCitizen2);
        assert.equal(note.readAt, null, "another citizen marked citizen2's notification read");
      });

      it('cannot read or act on staff records', async () => {
        assert.equal((await call(s.citizen1!, 'GET', '/api/tasks')).statusCode, 403);
        assert.equal((await call(s.citizen1!, 'GET', `/api/tasks/${ids.taskYz}`)).statusCode, 403);
        const act = await call(s.citizen1!, 'POST', `/api/tasks/${ids.taskYz}/actions/accept`, {});
        assert.equal(act.statusCode, 403);
        assert.equal((await call(s.citizen1!, 'GET', '/api/admin/users')).statusCode, 403);
      });
    });

    describe('an API key', () => {
      let key: string;
      let keyId: number;
      before(async () => {
        const adminId = (await call(s.admin!, 'GET', '/api/auth/me')).json().id as number;
        const res = await call(s.admin!, 'POST', '/api/admin/api-keys', {
          name: '渝中区 自助终端',
          ownerUserId: adminId,
          channel: 'bank_terminal',
          permissions: ['tasks:read', 'people:read'],
          regionCode: YUZHONG,
        });
        assert.equal(res.statusCode, 201, res.body);
        key = res.json().secret;
        keyId = res.json().id;
      });

      it('reads records of its region only', async () => {
        const k = { 'x-api-key': key };
        assert.equal((await call(k, 'GET', `/api/tasks/${ids.taskYz}`)).statusCode, 200);
        assert.equal((await call(k, 'GET', `/api/tasks/${ids.taskJb}`)).statusCode, 404);
        assert.equal((await call(k, 'GET', `/api/people/${ids.personYz}`)).statusCode, 200);
        assert.equal((await call(k, 'GET', `/api/people/${ids.personJb}`)).statusCode, 404);
        const listed = (await call(k, 'GET', '/api/tasks?view=scope')).json().items;
        assert.deepEqual(
          listed
            .map((i: { regionCode: string }) => i.regionCode.slice(0, 6))
            .filter((r: string) => r !== YUZHONG),
          [],
        );
      });

      it('cannot use a permission it was not given, even one its owner holds', async () => {
        const k = { 'x-api-key': key };
        const act = await call(k, 'POST', `/api/tasks/${ids.taskYz}/actions/accept`, {});
        assert.equal(act.statusCode, 403);
        assert.equal((await call(k, 'GET', '/api/admin/users')).statusCode, 403);
        assert.equal((await call(k, 'GET', '/api/admin/api-keys')).statusCode, 403);
        const reveal = await call(k, 'POST', `/api/people/${ids.personYz}/reveal`, {
          purpose: '核实身份',
        });
        assert.equal(reveal.statusCode, 403);
        const create = await call(k, 'POST', '/api/people', {
          name: '王五',
          idNumber: residentId('50010319930303456'),
          regionCode: YUZHONG,
        });
        assert.equal(create.statusCode, 403);
      });

      it('answers 401 once revoked', async () => {
        const revoke = await call(s.admin!, 'POST', `/api/admin/api-keys/${keyId}/revoke`);
        assert.equal(revoke.statusCode, 200);
        assert.equal(
          (await call({ 'x-api-key': key }, 'GET', `/api/tasks/${ids.taskYz}`)).statusCode,
          401,
        );
      });
    });
  });
}
