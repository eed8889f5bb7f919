import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  RatingSummary,
  RatingView,
  RectificationList,
  WorkflowView,
} from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  openSession,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';
import { residentIdCheckChar } from '../../platform/crypto/identifiers.ts';
import { insertPerson } from '../../platform/people/index.ts';
import { publishDueEvents } from '../../platform/events/index.ts';
import { findTestDepartments, sampleItemBody } from '../services/test-fixtures.ts';

const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;

for (const kind of databaseKinds()) {
  describe(`ratings (好差评) over HTTP (${kind})`, () => {
    let t: TestApp;
    let citizen: Session;
    let otherCitizen: Session;
    let clerk: Session;
    let reviewer: Session;
    let approver: Session;
    let supervisor: Session;
    let reviewerJiangbei: Session;
    let citizenUserId: number;
    let staffIds: { clerk: number; reviewer: number; approver: number };
    let departmentId: number;
    const items: Record<string, string> = {};

    const req = (method: 'GET' | 'POST', url: string, s: Session | null, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: s?.headers ?? {},
        ...(payload !== undefined && { payload }),
      });
    const actOnApplication = async (s: Session, id: number, action: string, body: object = {}) => {
      const res = await req('POST', `/api/services/applications/${id}/actions/${action}`, s, body);
      assert.equal(res.statusCode, 200, res.body);
    };
    const rectify = (s: Session, ratingId: number, action: string, body: object = {}) =>
      req('POST', `/api/ratings/rectifications/${ratingId}/actions/${action}`, s, body);
    const rate = (s: Session, body: object) => req('POST', '/api/ratings', s, body);

    /** An application of the citizen, left open, refused (不予受理) or denied (不予批准). */
    const application = async (item: string, end: 'open' | 'not_accept' | 'deny') => {
      const res = await req('POST', '/api/services/applications', citizen, {
        itemCode: items[item],
        form: { contactPhone: '13800138000', purpose: '临时占道' },
        materials: [],
      });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json<{ subject: { id: number } }>().subject.id;
      if (end === 'not_accept') {
        await actOnApplication(clerk, id, 'not_accept', { note: '不属于本部门职权范围' });
      } else if (end === 'deny') {
        await actOnApplication(clerk, id, 'accept');
        await actOnApplication(reviewer, id, 'review');
        await actOnApplication(approver, id, 'deny', { note: '不符合条件' });
      }
      return id;
    };
    const summary = async (query: string) => {
      const res = await req('GET', `/api/ratings/summary?${query}`, null);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<RatingSummary>();
    };
    const queueOf = async (s: Session) => {
      const res = await req('GET', '/api/ratings/rectifications', s);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<RectificationList>().items.map((i) => i.ratingId);
    };

    before(async () => {
      t = await startTestApp(kind);
      const { yuzhong } = await findTestDepartments(t.ctx.db);
      departmentId = yuzhong.id;
      const jb = await t.ctx.db
        .selectFrom('departments')
        .select('id')
        .where('code', '=', 'JB-CGJ')
        .executeTakeFirstOrThrow();
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      const person = async (first17: string, name: string) =>
        insertPerson(t.ctx, t.ctx.db, {
          name,
          idNumber: residentId(first17),
          phone: null,
          regionCode: '500103',
          address: null,
        });
      citizenUserId = await createUser(t.ctx, {
        username: 'citizen1',
        kind: 'citizen',
        regionCode: '500103',
        personId: await person('50010319800101123', '张三'),
        roles: [{ role: 'citizen' }],
      });
      const otherId = await createUser(t.ctx, {
        username: 'citizen2',
        kind: 'citizen',
        regionCode: '500103',
        personId: await person('50010319900202234', '李四'),
        roles: [{ role: 'citizen' }],
      });
      const staff = async (
        username: string,
        role: string,
        dept: number | null,
        region = '500103',
      ) =>
        createUser(t.ctx, { username, regionCode: region, departmentId: dept, roles: [{ role }] });
      staffIds = {
        clerk: await staff('clerk.yz', 'clerk', null),
        reviewer: await staff('reviewer.yz', 'reviewer', yuzhong.id),
        approver: await staff('approver.yz', 'approver', yuzhong.id),
      };
      const supervisorId = await staff('supervisor.yz', 'supervisor', null);
      const rjId = await staff('reviewer.jb', 'reviewer', jb.id, '500105');
      citizen = await openSession(t.ctx, citizenUserId);
      otherCitizen = await openSession(t.ctx, otherId);
      clerk = await openSession(t.ctx, staffIds.clerk);
      reviewer = await openSession(t.ctx, staffIds.reviewer);
      approver = await openSession(t.ctx, staffIds.approver);
      supervisor = await openSession(t.ctx, supervisorId);
      reviewerJiangbei = await openSession(t.ctx, rjId);

      const admin = await openSession(t.ctx, 1);
      for (const [name, mainCode] of [
        ['permit', '00921'],
        ['counted', '00922'],
      ] as const) {
        const res = await req(
          'POST',
          '/api/admin/services/items',
          admin,
          sampleItemBody(yuzhong.id, {
            name: `临时占道经营许可${mainCode}`,
            mainCode,
            audience: 'citizen',
            channels: ['web', 'mobile', 'window'],
            materials: [
              {
                name: '授权委托书',
                forms: ['original'],
                copies: 1,
                requirement: 'conditional',
                condition: '委托他人办理的',
                source: 'applicant',
              },
            ],
          }),
        );
        assert.equal(res.statusCode, 201, res.body);
        items[name] = res.json<{ code: string }>().code;
      }
    });
    after(() => t.close());

    it('records the item, agency, acting staff and channel, and refuses a second rating with 409', async () => {
      const id = await application('permit', 'deny');
      const res = await rate(citizen, {
        applicationId: id,
        level: 5,
        tags: ['办事效率高', '态度好'],
        text: '很快',
        isNamed: true,
      });
      assert.equal(res.statusCode, 201, res.body);
      const rating = res.json<RatingView>();
      assert.equal(rating.itemCode, items.permit);
      assert.equal(rating.departmentId, departmentId);
      assert.equal(rating.regionCode, '500103');
      assert.equal(rating.channel, 'web');
      assert.deepEqual(rating.levelLabel, { zh: '非常满意', en: 'Very satisfied' });
      assert.deepEqual(
        rating.staff.map((s) => s.id).sort((a, b) => a - b),
        [staffIds.clerk, staffIds.reviewer, staffIds.approver].sort((a, b) => a - b),
      );
      assert.equal(rating.rectificationState, null, 'a good rating opens nothing');

      const again = await rate(citizen, { applicationId: id, level: 1, tags: [], isNamed: false });
      assert.equal(again.statusCode, 409, again.body);
      const mine = await req('GET', '/api/ratings/mine', citizen);
      assert.equal(
        mine.json<{ items: RatingView[] }>().items.filter((r) => r.applicationId === id).length,
        1,
      );
    });

    it('refuses to rate an application before it is finished (409)', async () => {
      const id = await application('permit', 'open');
      const res = await rate(citizen, { applicationId: id, level: 4, tags: [], isNamed: true });
      assert.equal(res.statusCode, 409, res.body);
    });

    it("does not let anyone rate someone else's application (404 for a citizen, 403 for staff)", async () => {
      const id = await application('permit', 'not_accept');
      const body = { applicationId: id, level: 1, tags: [], isNamed: true };
      assert.equal((await rate(otherCitizen, body)).statusCode, 404);
      assert.equal((await rate(reviewer, body)).statusCode, 403);
      assert.equal((await rate(citizen, { ...body, level: 6 })).statusCode, 400);
    });

    it('opens a rectification for a bad named rating in the agency queue, notifies the rater at reply and closes only after a call back', async () => {
      const id = await application('permit', 'not_accept');
      const res = await rate(citizen, {
        applicationId: id,
        level: 2,
        tags: ['多次跑'],
        isNamed: true,
      });
      assert.equal(res.statusCode, 201, res.body);
      const rating = res.json<RatingView>();
      assert.equal(rating.rectificationState, 'verifying');

      assert.ok((await queueOf(reviewer)).includes(rating.id), "in the agency's queue");
      // Looked up from its application: that rectification and no other.
      const byApplication = await req(
        'GET',
        `/api/ratings/rectifications?applicationId=${id}`,
        reviewer,
      );
      assert.deepEqual(
        byApplication.json<RectificationList>().items.map((i) => i.ratingId),
        [rating.id],
      );
      const otherApplication = await req(
        'GET',
        `/api/ratings/rectifications?applicationId=${id + 100_000}`,
        reviewer,
      );
      assert.deepEqual(otherApplication.json<RectificationList>().items, []);
      assert.ok(!(await queueOf(reviewerJiangbei)).includes(rating.id), 'not in another district');
      const hidden = await req('GET', `/api/ratings/rectifications/${rating.id}`, reviewerJiangbei);
      assert.equal(hidden.statusCode, 404);
      const view = await req('GET', `/api/ratings/rectifications/${rating.id}`, reviewer);
      assert.equal(view.statusCode, 200, view.body);
      assert.ok(view.json<WorkflowView>().deadline, 'the rectification has a deadline');

      // The supervisor reviews; the agency does the steps.
      assert.equal(
        (await rectify(supervisor, rating.id, 'verify', { note: '属实' })).statusCode,
        403,
      );
      for (const action of ['verify', 'rectify', 'reply']) {
        const step = await rectify(reviewer, rating.id, action, {
          note: `${action}: 已整改并答复`,
        });
        assert.equal(step.statusCode, 200, step.body);
      }
      await publishDueEvents(t.ctx.db);
      const notices = await t.ctx.db
        .selectFrom('notifications')
        .select(['body', 'subject_id'])
        .where('user_id', '=', citizenUserId)
        .where('subject_type', '=', 'rating')
        .execute();
      assert.deepEqual(
        notices.map((n) => [n.subject_id, n.body]),
        [[String(rating.id), 'reply: 已整改并答复']],
      );

      const early = await rectify(supervisor, rating.id, 'close');
      assert.equal(early.statusCode, 409, 'a named rating needs a call back first');
      const called = await rectify(reviewer, rating.id, 'record_callback', {
        data: { callbackOutcome: '已电话回访，群众表示认可' },
      });
      assert.equal(called.statusCode, 200, called.body);
      const closed = await rectify(supervisor, rating.id, 'close');
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json<WorkflowView>().state, 'closed');
      assert.ok(!(await queueOf(reviewer)).includes(rating.id), 'closed: off the queue');
    });

    it('closes an anonymous bad rating without a call back', async () => {
      const id = await application('permit', 'not_accept');
      const rating = (
        await rate(citizen, { applicationId: id, level: 1, tags: [], isNamed: false })
      ).json<RatingView>();
      for (const action of ['verify', 'rectify', 'reply']) {
        assert.equal(
          (await rectify(approver, rating.id, action, { note: '已处理' })).statusCode,
          200,
        );
      }
      const closed = await rectify(supervisor, rating.id, 'close');
      assert.equal(closed.statusCode, 200, closed.body);
    });

    it('counts the summary per level and item, and leaves out a rating excluded after an appeal', async () => {
      const levels = [5, 4, 3, 1];
      const ratings: RatingView[] = [];
      for (const level of levels) {
        const id = await application('counted', 'not_accept');
        const res = await rate(citizen, { applicationId: id, level, tags: [], isNamed: false });
        assert.equal(res.statusCode, 201, res.body);
        ratings.push(res.json<RatingView>());
      }
      const before = await summary(`itemCode=${items.counted}`);
      assert.equal(before.total, 4);
      assert.deepEqual(
        before.levels.map((l) => [l.level, l.count]),
        [
          [5, 1],
          [4, 1],
          [3, 1],
          [2, 0],
          [1, 1],
        ],
      );
      assert.equal(before.satisfaction, 0.5);

      const bad = ratings.at(-1)!;
      const noEvidence = await rectify(reviewer, bad.id, 'appeal', { note: '评价不实' });
      assert.equal(noEvidence.statusCode, 400, 'an appeal needs evidence');
      const appealed = await rectify(reviewer, bad.id, 'appeal', {
        note: '评价与事实不符',
        data: { evidence: ['窗口录像 2024-05-01 10:00'] },
      });
      assert.equal(appealed.statusCode, 200, appealed.body);
      assert.equal(
        (await rectify(reviewer, bad.id, 'uphold_appeal', { note: '自己批准' })).statusCode,
        403,
        'only a supervisor decides an appeal',
      );
      const upheld = await rectify(supervisor, bad.id, 'uphold_appeal', {
        note: '经核查，申诉成立',
      });
      assert.equal(upheld.statusCode, 200, upheld.body);

      const after = await summary(`itemCode=${items.counted}`);
      assert.equal(after.total, 3);
      assert.equal(after.levels.find((l) => l.level === 1)!.count, 0);
      assert.equal(after.satisfaction, 2 / 3);
      const mine = (await req('GET', '/api/ratings/mine', citizen)).json<{ items: RatingView[] }>();
      const kept = mine.items.find((r) => r.id === bad.id);
      assert.equal(kept?.isExcluded, true, 'kept and flagged');

      const perAgency = await summary(`departmentId=${departmentId}`);
      assert.ok(perAgency.total >= after.total + 3, 'the agency total covers every item');
    });
  });
}
