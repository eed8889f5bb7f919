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

const YUZHONG_CGJ = 2; // 渝中区城市管理局 (seedTestOrg)
const JIANGBEI_CGJ = 3;

for (const kind of databaseKinds()) {
  describe(`tasks over HTTP (${kind})`, () => {
    let t: TestApp;
    let leader: Session;
    let districtLeader: Session;
    let handler: Session;
    let otherHandler: Session;
    let cityHandler: Session;
    let clerk: Session;

    before(async () => {
      t = await startTestApp(kind);
      await createUser(t.ctx, { username: 't.leader', roles: [{ role: 'leader' }] });
      await createUser(t.ctx, {
        username: 't.leader.jiangbei',
        regionCode: '500105',
        roles: [{ role: 'leader' }],
      });
      await createUser(t.ctx, {
        username: 't.handler.yuzhong',
        regionCode: '500103',
        departmentId: YUZHONG_CGJ,
        roles: [{ role: 'handler' }],
      });
      await createUser(t.ctx, {
        username: 't.handler.jiangbei',
        regionCode: '500105',
        departmentId: JIANGBEI_CGJ,
        roles: [{ role: 'handler' }],
      });
      await createUser(t.ctx, {
        username: 't.handler.city',
        regionCode: '500000',
        departmentId: 1,
        roles: [{ role: 'handler' }],
      });
      await createUser(t.ctx, {
        username: 't.clerk',
        regionCode: '500103',
        roles: [{ role: 'clerk' }],
      });
      leader = await loginAs(t.app, 't.leader');
      districtLeader = await loginAs(t.app, 't.leader.jiangbei');
      handler = await loginAs(t.app, 't.handler.yuzhong');
      otherHandler = await loginAs(t.app, 't.handler.jiangbei');
      cityHandler = await loginAs(t.app, 't.handler.city');
      clerk = await loginAs(t.app, 't.clerk');
    });
    after(() => t.close());

    const createTask = async (title = '清理解放碑步行街占道经营', limitWorkdays = 5) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/tasks',
        headers: leader.headers,
        payload: {
          title,
          description: '市领导交办：三日内清理完毕并报告。',
          regionCode: '500103',
          departmentId: YUZHONG_CGJ,
          limitWorkdays,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };

    const act = (who: Session, id: number, action: string, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/tasks/${id}/actions/${action}`,
        headers: who.headers,
        ...(payload && { payload }),
      });

    it('does create a task with its deadline in working days and the assigner as owner', async () => {
      const task = await createTask('整治朝天门码头乱停车', 20);
      assert.equal(typeof task.id, 'number');
      assert.equal(task.state, 'assigned');
      assert.deepEqual(task.stateLabel, { zh: '待接收', en: 'Assigned' });
      assert.equal(task.subject.title, '整治朝天门码头乱停车');
      assert.equal(task.subject.limitWorkdays, 20);
      assert.equal(task.ownerUserId, leader.userId);
      assert.equal(task.deadline.unit, 'workdays');
      assert.ok(task.deadline.remaining.workingDays >= 19, JSON.stringify(task.deadline));
      assert.deepEqual(
        task.actions.map((a: { name: string }) => a.name),
        ['cancel'],
      );
      assert.equal(task.history.length, 1);
    });

    it('does refuse bad input and assigners outside their scope', async () => {
      const base = {
        title: 'x',
        description: '',
        regionCode: '500103',
        departmentId: YUZHONG_CGJ,
        limitWorkdays: 3,
      };
      const cases: Array<[Session, object, number, string?]> = [
        [leader, { ...base, extra: 1 }, 400, 'extra'],
        [leader, { ...base, limitWorkdays: 0 }, 400, 'limitWorkdays'],
        [leader, { ...base, limitWorkdays: '3' }, 400, 'limitWorkdays'],
        [leader, { ...base, regionCode: '500105' }, 400, 'regionCode'],
        [leader, { ...base, departmentId: 999 }, 400, 'departmentId'],
        [districtLeader, base, 403],
        [handler, base, 403],
      ];
      for (const [who, payload, status, field] of cases) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/tasks',
          headers: who.headers,
          payload,
        });
        assert.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${res.body}`);
        if (field) assert.equal(res.json().details.field, field);
      }
    });

    it('does hide a task from handlers of another district or department (404 to read and act)', async () => {
      const task = await createTask();
      for (const who of [otherHandler, cityHandler]) {
        const read = await t.app.inject({
          method: 'GET',
          url: `/api/tasks/${task.id}`,
          headers: who.headers,
        });
        assert.equal(read.statusCode, 404, read.body);
        assert.equal(read.json().code, 'not_found');
        const acted = await act(who, task.id, 'accept', { note: '收到' });
        assert.equal(acted.statusCode, 404, acted.body);
        const list = await t.app.inject({
          method: 'GET',
          url: '/api/tasks?view=scope',
          headers: who.headers,
        });
        assert.ok(!list.json().items.some((i: { id: number }) => i.id === task.id));
      }
      const missing = await t.app.inject({
        method: 'GET',
        url: '/api/tasks/99999999',
        headers: handler.headers,
      });
      assert.equal(missing.statusCode, 404);
      const seen = await t.app.inject({
        method: 'GET',
        url: `/api/tasks/${task.id}`,
        headers: handler.headers,
      });
      assert.equal(seen.statusCode, 200);
      assert.deepEqual(
        seen.json().actions.map((a: { name: string }) => a.name),
        ['accept', 'return'],
      );
      // A clerk of the district may read (tasks:read) but holds no 'tasks:act'.
      const clerkAct = await act(clerk, task.id, 'accept');
      assert.equal(clerkAct.statusCode, 403);
      const bad = await t.app.inject({
        method: 'GET',
        url: '/api/tasks/abc',
        headers: handler.headers,
      });
      assert.equal(bad.statusCode, 400);
    });

    it('does allow submit and reject to alternate for ever, then approval closes the task', async () => {
      const task = await createTask();
      const accepted = await act(handler, task.id, 'accept', { note: '收到' });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().state, 'in_progress');
      for (let round = 0; round < 6; round++) {
        const submitted = await act(handler, task.id, 'submit', {
          note: '已办结，请审核',
          data: { result: `第${round + 1}稿` },
        });
        assert.equal(submitted.statusCode, 200, submitted.body);
        assert.equal(submitted.json().state, 'submitted');
        assert.deepEqual(
          submitted.json().actions,
          [],
          'the handler has nothing to do while it is reviewed',
        );
        const rejected = await act(leader, task.id, 'reject', { note: '退回重办' });
        assert.equal(rejected.statusCode, 200, rejected.body);
        assert.equal(rejected.json().state, 'in_progress');
        assert.equal(rejected.json().history.length, 1);
        assert.equal(rejected.json().history[0].action, 'reject');
      }
      const handlerRejects = await act(handler, task.id, 'reject');
      assert.equal(handlerRejects.statusCode, 409, 'not while in progress');
      await act(handler, task.id, 'submit');
      const wrongRole = await act(handler, task.id, 'reject');
      assert.equal(wrongRole.statusCode, 403, wrongRole.body);
      const approved = await act(leader, task.id, 'approve');
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().isFinal, true);
      const afterEnd = await act(leader, task.id, 'reject');
      assert.equal(afterEnd.statusCode, 409);
      assert.equal(afterEnd.json().code, 'state_conflict');
      assert.match(afterEnd.json().message, /"done"/);
      const view = await t.app.inject({
        method: 'GET',
        url: `/api/tasks/${task.id}`,
        headers: leader.headers,
      });
      const body = view.json();
      assert.equal(body.historyTotal, 1 + 1 + 12 + 2);
      assert.equal(body.history.at(-1).action, 'approve');
      assert.equal(body.data.result, '第6稿');
    });

    it('does pause the clock on hold (a reason is required) and resume it', async () => {
      const task = await createTask();
      await act(handler, task.id, 'accept');
      const noReason = await act(handler, task.id, 'hold', {});
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().details.field, 'note');
      const held = await act(handler, task.id, 'hold', { note: '等待规划部门提供红线图' });
      assert.equal(held.statusCode, 200, held.body);
      assert.equal(held.json().isPaused, true);
      const resumed = await act(handler, task.id, 'resume');
      assert.equal(resumed.statusCode, 200, resumed.body);
      assert.equal(resumed.json().isPaused, false);
      assert.equal(
        resumed.json().deadline.at,
        task.deadline.at,
        'paused within the same day: no shift',
      );
    });

    it('does let a handler return a task with a reason, which ends it', async () => {
      const task = await createTask();
      const returned = await act(handler, task.id, 'return', {
        note: '不属于本部门职责，建议交市政设施中心',
      });
      assert.equal(returned.statusCode, 200, returned.body);
      assert.equal(returned.json().state, 'returned');
      assert.equal(returned.json().isFinal, true);
    });

    it('does list my to-do tasks and those I assigned, soonest deadline first', async () => {
      const late = await createTask('长期任务', 30);
      const soon = await createTask('紧急任务', 1);
      const todo = await t.app.inject({
        method: 'GET',
        url: '/api/tasks?view=todo&pageSize=100',
        headers: handler.headers,
      });
      assert.equal(todo.statusCode, 200, todo.body);
      const ids = todo.json().items.map((i: { id: number }) => i.id);
      assert.ok(ids.includes(soon.id) && ids.includes(late.id));
      assert.ok(ids.indexOf(soon.id) < ids.indexOf(late.id), 'sorted by deadline');
      assert.ok(
        todo
          .json()
          .items.every((i: { state: string }) =>
            ['assigned', 'in_progress', 'on_hold'].includes(i.state),
          ),
      );
      const none = await t.app.inject({
        method: 'GET',
        url: '/api/tasks',
        headers: otherHandler.headers,
      });
      assert.deepEqual(none.json().items, []);
      const mine = await t.app.inject({
        method: 'GET',
        url: '/api/tasks?view=created&state=assigned&page=1&pageSize=1',
        headers: leader.headers,
      });
      assert.equal(mine.json().pageSize, 1);
      assert.equal(mine.json().items.length, 1);
      assert.ok(mine.json().total >= 2);
      const badFilter = await t.app.inject({
        method: 'GET',
        url: '/api/tasks?pageSize=1000',
        headers: leader.headers,
      });
      assert.equal(badFilter.statusCode, 400);
    });
  });
}
