import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type {
  CreateServiceItemBody,
  DailyScanAnswer,
  IndicatorsAnswer,
  RatingView,
} from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  openSession,
  startTestApp,
  type Session,
  type TestApp,
  type TestUserSpec,
} from '../../../test-support/harness.ts';
import { residentIdCheckChar } from '../../../platform/crypto/identifiers.ts';
import { insertPerson } from '../../../platform/people/index.ts';
import { loadUserPrincipal } from '../../../platform/auth/sessions.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { findTestDepartments, recordUpload, sampleItemBody } from '../test-fixtures.ts';
import { prepareApplication, writeApplication } from '../applications/submit-application.ts';
import { actOnApplication } from '../applications/application-actions.ts';
import { resetIndicatorRollup, runIndicatorRollup } from './indicator-rollup.ts';
import { runMorningScan } from './daily-scan-job.ts';
import { RECTIFICATION_SUBJECT, EXCLUDED_STATE, RECTIFIED_STATE } from './indicator-sql.ts';
import {
  RECTIFICATION_SUBJECT as RATINGS_SUBJECT,
  rectificationWorkflow,
} from '../../ratings/index.ts';

const ID = `50010319800101123${residentIdCheckChar('50010319800101123')}`;
const at = (local: string) => new Date(`${local}+08:00`);

// The fixture, in March 2026 (no holidays; 2026-02-28 is a working Saturday, 调休):
//   #  item  channel  submitted     path                                   closed      limit  deadline    used  on time
//   1  A     web      03-02 10:00   accept, approve, deliver               03-04       5      03-09       2     yes
//   2  A     window   03-02 09:00   accept, 补正 03-03→03-05, …, deliver     03-10       5      03-11 (+2)  4     yes
//   3  B     mobile   03-03 10:00   accept, approve 03-10, deliver          03-10       3      03-06       5     no
//   4  A     web      03-05 10:00   不予受理 03-05 15:00                       03-05       5      03-12       0     yes
//   5  A     mobile   03-06 10:00   withdrawn (not finished)
//   6  B     web      03-09 10:00   accept (open, due 03-12)
//   7  A     web      02-27 10:00   accept, approve, deliver 03-02         03-02       5      03-05       2     yes
// used = L − (no(deadline day) − no(closing day)): #7 ran 02-28 (Sat, working) and 03-02.
// Ratings in the period: #1 非常满意, #2 不满意 (rectified, closed), #3 非常不满意 (open),
// #4 基本满意, #7 非常不满意 (appeal upheld: excluded).
// Items: A and A2 (2 visits, no applications) in 渝中; B (2 visits) in 江北.
const PERIOD = 'from=2026-03-02&to=2026-03-13';

for (const kind of databaseKinds()) {
  describe(`service indicators and the daily scan (${kind})`, () => {
    let t: TestApp;
    let citizen: Session;
    let supervisor: Session;
    let supervisorJiangbei: Session;
    let reviewer: Session;
    let principals: Record<'citizen' | 'clerk' | 'reviewer' | 'reviewerJiangbei', Principal>;
    let reviewerJiangbeiId: number;
    const items: Record<string, string> = {};
    const apps: Record<number, number> = {};

    const req = (method: 'GET' | 'POST', url: string, s: Session | null, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: s?.headers ?? {},
        ...(payload !== undefined && { payload }),
      });
    const indicators = async (query: string, s: Session = supervisor) => {
      const res = await req('GET', `/api/services/indicators?${query}`, s);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<IndicatorsAnswer>();
    };
    const submit = async (
      n: number,
      item: string,
      channel: string,
      when: string,
      by: Principal = principals.citizen,
    ) => {
      const prepared = await prepareApplication(t.ctx, by, {
        itemCode: items[item]!,
        form: { contactPhone: '13800138000' },
        materials: [],
        channel: channel as 'web',
        ...(channel === 'window' && { applicantIdNumber: ID, applicantName: '张三' }),
      });
      apps[n] = (
        await inTransaction(t.ctx.db, (trx) => writeApplication(trx, by, prepared, at(when)))
      ).id;
    };
    const act = (n: number, action: string, when: string, by: Principal, body: object = {}) =>
      actOnApplication(t.ctx, by, apps[n]!, action, body, at(when));
    const rate = async (n: number, level: number, when: string) => {
      const res = await req('POST', '/api/ratings', citizen, {
        applicationId: apps[n],
        level,
        tags: [],
        isNamed: false,
      });
      assert.equal(res.statusCode, 201, res.body);
      const rating = res.json<RatingView>();
      await t.ctx.db
        .withTables<{ service_ratings: { id: number; created_at: Date } }>()
        .updateTable('service_ratings')
        .set({ created_at: at(when) })
        .where('id', '=', rating.id)
        .execute();
      return rating.id;
    };
    const rectify = async (s: Session, id: number, action: string, body: object) => {
      const res = await req('POST', `/api/ratings/rectifications/${id}/actions/${action}`, s, body);
      assert.equal(res.statusCode, 200, res.body);
    };

    before(async () => {
      t = await startTestApp(kind);
      const { yuzhong } = await findTestDepartments(t.ctx.db);
      const jb = await t.ctx.db
        .selectFrom('departments')
        .select('id')
        .where('code', '=', 'JB-CGJ')
        .executeTakeFirstOrThrow();
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] }); // id 1
      const personId = await insertPerson(t.ctx, t.ctx.db, {
        name: '张三',
        idNumber: ID,
        phone: null,
        regionCode: '500103',
        address: null,
      });
      const user = (username: string, spec: Omit<TestUserSpec, 'username'>) =>
        createUser(t.ctx, { username, ...spec });
      const citizenId = await user('citizen1', {
        kind: 'citizen',
        regionCode: '500103',
        personId,
        roles: [{ role: 'citizen' }],
      });
      const clerkId = await user('clerk.yuzhong', {
        regionCode: '500103',
        roles: [{ role: 'clerk' }],
      });
      const reviewerId = await user('reviewer.yuzhong', {
        regionCode: '500103',
        departmentId: yuzhong.id,
        roles: [{ role: 'reviewer' }],
      });
      reviewerJiangbeiId = await user('reviewer.jiangbei', {
        regionCode: '500105',
        departmentId: jb.id,
        roles: [{ role: 'reviewer' }],
      });
      const supervisorId = await user('supervisor', { roles: [{ role: 'supervisor' }] });
      const supervisorJbId = await user('supervisor.jiangbei', {
        regionCode: '500105',
        roles: [{ role: 'supervisor' }],
      });
      citizen = await openSession(t.ctx, citizenId);
      supervisor = await openSession(t.ctx, supervisorId);
      supervisorJiangbei = await openSession(t.ctx, supervisorJbId);
      reviewer = await openSession(t.ctx, reviewerId);
      const load = async (id: number) =>
        (await loadUserPrincipal(t.ctx.db, id, { sessionId: null, isCookieAuth: false }))!;
      principals = {
        citizen: await load(citizenId),
        clerk: await load(clerkId),
        reviewer: await load(reviewerId),
        reviewerJiangbei: await load(reviewerJiangbeiId),
      };

      const admin = await openSession(t.ctx, 1);
      const item = async (name: string, body: CreateServiceItemBody) => {
        const res = await req('POST', '/api/admin/services/items', admin, body);
        assert.equal(res.statusCode, 201, res.body);
        items[name] = res.json<{ code: string }>().code;
      };
      const plain = (
        departmentId: number,
        mainCode: string,
        name: string,
        promisedLimitDays: number,
        visits: number,
      ) =>
        sampleItemBody(departmentId, {
          typeCode: 'GG',
          mainCode,
          name,
          audience: 'citizen',
          isLicensing: false,
          issuedLicenceType: null,
          specialSteps: [],
          channels: ['web', 'mobile', 'window'],
          promisedLimitDays,
          visits,
          steps: [
            { name: '申请', actor: 'applicant' },
            { name: '受理', actor: 'window', limitDays: 1 },
            { name: '审查', actor: 'reviewer', limitDays: 1 },
            { name: '送达', actor: 'window', limitDays: 1 },
          ],
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
        });
      await item('A', plain(yuzhong.id, '00951', '门头招牌设置备案', 5, 1));
      await item('A2', plain(yuzhong.id, '00952', '户外临时宣传设施审核', 5, 2));
      await item('B', plain(jb.id, '00953', '城市道路临时占用审核', 3, 2));

      const { citizen: c, clerk, reviewer: r, reviewerJiangbei: rj } = principals;
      await submit(7, 'A', 'web', '2026-02-27T10:00');
      await act(7, 'accept', '2026-02-27T11:00', r);
      await act(7, 'approve', '2026-03-02T14:00', r);
      await act(7, 'deliver', '2026-03-02T15:00', r);
      await submit(2, 'A', 'window', '2026-03-02T09:00', clerk);
      await act(2, 'accept', '2026-03-02T09:30', r);
      await submit(1, 'A', 'web', '2026-03-02T10:00');
      await act(1, 'accept', '2026-03-02T11:00', r);
      await act(2, 'request_supplement', '2026-03-03T10:00', r, {
        data: { missing: [{ materialId: 1, reason: '需委托书' }] },
      });
      await submit(3, 'B', 'mobile', '2026-03-03T10:00');
      await act(3, 'accept', '2026-03-03T11:00', rj);
      await act(1, 'approve', '2026-03-04T10:00', r);
      await act(1, 'deliver', '2026-03-04T11:00', r);
      await act(2, 'supply', '2026-03-05T10:00', clerk, {
        data: {
          materials: [
            { materialId: 1, fileSha256: await uploadedBy(t, 'user:' + String(clerk.userId)) },
          ],
        },
      });
      await submit(4, 'A', 'web', '2026-03-05T10:00');
      await act(4, 'not_accept', '2026-03-05T15:00', r, { note: '不属于本部门职责' });
      await submit(5, 'A', 'mobile', '2026-03-06T10:00');
      await act(5, 'withdraw', '2026-03-06T11:00', c);
      await submit(6, 'B', 'web', '2026-03-09T10:00');
      await act(6, 'accept', '2026-03-09T11:00', rj);
      await act(2, 'approve', '2026-03-10T10:00', r);
      await act(2, 'deliver', '2026-03-10T11:00', r);
      await act(3, 'approve', '2026-03-10T10:00', rj);
      await act(3, 'deliver', '2026-03-10T11:00', rj);

      await rate(1, 5, '2026-03-04T12:00');
      const bad = await rate(2, 2, '2026-03-10T12:00');
      await rate(3, 1, '2026-03-10T12:00');
      await rate(4, 3, '2026-03-05T16:00');
      const untrue = await rate(7, 1, '2026-03-02T16:00');
      for (const action of ['verify', 'rectify', 'reply'])
        await rectify(reviewer, bad, action, { note: '已整改' });
      await rectify(supervisor, bad, 'close', {});
      await rectify(reviewer, untrue, 'appeal', {
        note: '评价不实',
        data: { evidence: ['窗口录像'] },
      });
      await rectify(supervisor, untrue, 'uphold_appeal', { note: '申诉成立' });
    });
    after(() => t.close());

    const yuzhongCounts = {
      received: 4,
      receivedOnline: 3,
      finished: 4,
      finishedOnTime: 4,
      finishedSupplemented: 1,
      workingDaysSum: 8,
      items: 2,
      itemsAtMostOneVisit: 1,
      ratings: 3,
      ratingsSatisfied: 1,
      badRatings: 1,
      badRatingsRectified: 1,
    };
    const jiangbeiCounts = {
      received: 2,
      receivedOnline: 2,
      finished: 1,
      finishedOnTime: 0,
      finishedSupplemented: 0,
      workingDaysSum: 5,
      items: 1,
      itemsAtMostOneVisit: 0,
      ratings: 1,
      ratingsSatisfied: 0,
      badRatings: 1,
      badRatingsRectified: 0,
    };
    const checkDepartments = (answer: IndicatorsAnswer) => {
      assert.deepEqual(
        answer.rows.map((r) => [r.departmentName, r.counts]),
        [
          ['渝中区城市管理局', yuzhongCounts],
          ['江北区城市管理局', jiangbeiCounts],
        ],
      );
      assert.deepEqual(answer.rows[0]!.values, {
        onlineRate: 0.75,
        atMostOneVisitShare: 0.5,
        avgWorkingDays: 2, // (2 + 4 + 0 + 2) / 4
        p90WorkingDays: 4, // ⌈3.6⌉ = 4th of 0, 2, 2, 4
        onTimeRate: 1,
        supplementRate: 0.25,
        satisfaction: 1 / 3,
        rectificationRate: 1,
      });
      assert.deepEqual(answer.rows[1]!.values, {
        onlineRate: 1,
        atMostOneVisitShare: 0,
        avgWorkingDays: 5,
        p90WorkingDays: 5,
        onTimeRate: 0,
        supplementRate: 0,
        satisfaction: 0,
        rectificationRate: 0,
      });
      assert.equal(answer.total.counts.received, 6);
      assert.deepEqual(answer.total.values, {
        onlineRate: 5 / 6,
        atMostOneVisitShare: 1 / 3,
        avgWorkingDays: 2.6, // 13 / 5
        p90WorkingDays: 5, // ⌈4.5⌉ = 5th of 0, 2, 2, 4, 5
        onTimeRate: 0.8,
        supplementRate: 0.2,
        satisfaction: 0.25,
        rectificationRate: 0.5,
      });
    };

    it('names the ratings module’s rectification states as that module does', () => {
      assert.equal(RECTIFICATION_SUBJECT, RATINGS_SUBJECT);
      assert.match(rectificationWorkflow.states[EXCLUDED_STATE]!.label.zh, /不计入统计/);
      assert.equal(rectificationWorkflow.states[RECTIFIED_STATE]?.isFinal, true);
    });

    it('counts the hand-computed fixture live, before any rollup', async () => {
      await resetIndicatorRollup(t.ctx.db);
      const answer = await indicators(PERIOD);
      assert.equal(answer.rolledUpThrough, null);
      checkDepartments(answer);
    });

    it('gives the same numbers from the rollup, and from a rollup that stops mid-period', async () => {
      const report = await runIndicatorRollup(t.ctx.db, { now: at('2026-03-14T02:00') });
      assert.equal(report.rolledThrough, '2026-03-13');
      const rolled = await indicators(PERIOD);
      assert.equal(rolled.rolledUpThrough, '2026-03-13');
      checkDepartments(rolled);
      await resetIndicatorRollup(t.ctx.db, '2026-03-05');
      const half = await indicators(PERIOD);
      assert.equal(half.rolledUpThrough, '2026-03-04');
      checkDepartments(half);
      // A rating rectified after its day is recounted the next day.
      await runIndicatorRollup(t.ctx.db, { now: at('2026-03-14T02:00') });
      checkDepartments(await indicators(PERIOD));
    });

    it('groups by item and filters by item and department', async () => {
      const byItem = await indicators(`${PERIOD}&groupBy=item`);
      assert.deepEqual(
        byItem.rows.map((r) => [r.itemName, r.counts.received, r.counts.finished]),
        [
          ['门头招牌设置备案', 4, 4],
          ['城市道路临时占用审核', 2, 1],
        ],
        'items without activity have no row',
      );
      const one = await indicators(`${PERIOD}&groupBy=item&itemCode=${items.A2}`);
      assert.deepEqual(
        one.rows.map((r) => [r.itemCode, r.counts.items, r.counts.received]),
        [[items.A2, 1, 0]],
      );
      const narrow = await indicators(`${PERIOD}&itemCode=${items.B}`);
      assert.deepEqual(
        narrow.rows.map((r) => r.counts),
        [jiangbeiCounts],
      );
      const outside = await indicators('from=2026-03-11&to=2026-03-13');
      assert.equal(outside.total.counts.received, 0);
      assert.equal(outside.total.values.onlineRate, null);
    });

    it('keeps a district supervisor to the district, and refuses others and bad periods', async () => {
      const district = await indicators(PERIOD, supervisorJiangbei);
      assert.deepEqual(
        district.rows.map((r) => r.counts),
        [jiangbeiCounts],
      );
      assert.equal(
        (await req('GET', `/api/services/indicators?${PERIOD}`, citizen)).statusCode,
        403,
      );
      assert.equal(
        (await req('GET', `/api/services/indicators?${PERIOD}`, reviewer)).statusCode,
        403,
      );
      const reversed = await req(
        'GET',
        '/api/services/indicators?from=2026-03-13&to=2026-03-02',
        supervisor,
      );
      assert.equal(reversed.statusCode, 400);
      const long = await req(
        'GET',
        '/api/services/indicators?from=2025-01-01&to=2026-03-02',
        supervisor,
      );
      assert.equal(long.statusCode, 400);
      const unknown = await req(
        'GET',
        `/api/services/indicators?${PERIOD}&itemCode=GG00000000`,
        supervisor,
      );
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json<{ details: { field: string } }>().details.field, 'itemCode');
    });

    it('exports the same numbers as XLSX', async () => {
      const res = await req('GET', `/api/services/indicators.xlsx?${PERIOD}`, supervisor);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(2).values as unknown[]).slice(1);
      const rowOf = (n: number) =>
        Object.fromEntries(header.map((h, i) => [String(h), sheet.getRow(n).getCell(i + 1).value]));
      const yz = rowOf(3);
      assert.equal(yz['部门'], '渝中区城市管理局');
      assert.equal(yz['收件数'], 4);
      assert.equal(yz['网上办理率'], 0.75);
      assert.equal(yz['P90 办结用时（工作日）'], 4);
      assert.equal(yz['满意率'], 1 / 3);
      const total = rowOf(5);
      assert.equal(total['部门'], '合计');
      assert.equal(total['平均办结用时（工作日）'], 2.6);
      assert.equal(total['差评整改率'], 0.5);
    });

    it('scans overdue and at-risk applications per department, and tells the reviewers each working morning', async () => {
      const scan = async (query: string, s: Session = supervisor) => {
        const res = await req('GET', `/api/services/daily-scan?${query}`, s);
        assert.equal(res.statusCode, 200, res.body);
        return res.json<DailyScanAnswer>();
      };
      // #6 is due at the end of 03-12: one working day left on 03-11, late on 03-13.
      const before = await scan('date=2026-03-11');
      assert.equal(before.atRiskDays, 1);
      assert.deepEqual(
        before.departments.map((d) => [
          d.departmentName,
          d.overdue,
          d.atRisk,
          d.entries.map((e) => [e.applicationId, e.status, e.workingDaysLeft]),
        ]),
        [['江北区城市管理局', 0, 1, [[apps[6], 'at_risk', 1]]]],
      );
      assert.equal(before.departments[0]!.entries[0]!.applicantName, '张*');
      assert.equal(
        (await scan('date=2026-03-10')).atRisk,
        0,
        'two working days left is not at risk',
      );
      assert.equal((await scan('date=2026-03-10&atRiskDays=2')).atRisk, 1);
      const late = await scan('date=2026-03-13');
      assert.deepEqual(
        late.departments[0]!.entries.map((e) => [e.status, e.workingDaysLeft]),
        [['overdue', -1]],
      );
      assert.equal((await scan('date=2026-03-13', supervisorJiangbei)).overdue, 1);
      assert.equal((await req('GET', '/api/services/daily-scan', reviewer)).statusCode, 403);

      // Saturday: no scan; Friday before 08:30: not yet; then once, telling 江北's reviewer.
      assert.equal((await runMorningScan(t.ctx.db, { now: at('2026-03-14T09:00') })).ran, false);
      assert.equal((await runMorningScan(t.ctx.db, { now: at('2026-03-13T08:00') })).ran, false);
      const ran = await runMorningScan(t.ctx.db, { now: at('2026-03-13T09:00') });
      assert.deepEqual(ran, { date: '2026-03-13', ran: true, overdue: 1, atRisk: 0, notified: 1 });
      assert.equal(
        (await runMorningScan(t.ctx.db, { now: at('2026-03-13T09:10') })).ran,
        false,
        'once a day',
      );
      const notices = await t.ctx.db
        .selectFrom('notifications')
        .select(['user_id', 'title', 'body'])
        .where('subject_type', '=', 'service_daily_scan')
        .execute();
      assert.deepEqual(
        notices.map((n) => n.user_id),
        [reviewerJiangbeiId],
      );
      assert.match(notices[0]!.body, /江北区城市管理局：超期 1 件，临期 0 件/);
    });
  });
}

/** A file the principal uploaded (as the upload route records it). */
const uploadedBy = (t: TestApp, identity: string) =>
  recordUpload(t.ctx.db, identity, `indicator fixture ${identity}`);
