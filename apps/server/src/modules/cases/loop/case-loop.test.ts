import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseIntakeResult, CaseList, NearbyCases, WorkflowView } from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import { loadDepartments, loadDivisions } from '../../../platform/org/index.ts';
import { seedCityManagement } from '../seed.ts';
import { resolveResponsibleDepartment } from '../categories.ts';

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const boundary = '----case-loop-boundary';

function multipart(filename: string, bytes: Buffer) {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

for (const kind of databaseKinds()) {
  describe(`case loop (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    const s: Record<string, Session> = {};
    let category: string;
    let jiangbei: { lat: number; lon: number };
    /** Centres of other 江北 grids (about 100 m apart at least). */
    let jbSpots: Array<{ lat: number; lon: number }>;
    let yuzhong: { lat: number; lon: number };
    let jbDepartment: number;
    let counter = 0;

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-case-loop-'));
      t = await startTestApp(kind, { dataDir });
      await loadDivisions(t.ctx.db);
      await loadDepartments(t.ctx.db);
      await seedCityManagement(t.ctx, { gridScale: 6 });
      const cat = await t.ctx.db
        .selectFrom('case_categories')
        .select('code')
        .where('department_key', '=', 'urban_management')
        .where('kind', '=', 'event')
        .orderBy('code')
        .executeTakeFirstOrThrow();
      category = cat.code;
      const centre = async (region: string) => {
        const g = await t.ctx.db
          .selectFrom('grids')
          .select(['centroid_lat', 'centroid_lon'])
          .where('region_code', '=', region)
          .orderBy('code')
          .executeTakeFirstOrThrow();
        return { lat: g.centroid_lat, lon: g.centroid_lon };
      };
      jiangbei = await centre('500105');
      jbSpots = (
        await t.ctx.db
          .selectFrom('grids')
          .select(['centroid_lat as lat', 'centroid_lon as lon'])
          .where('region_code', '=', '500105')
          .orderBy('code')
          .limit(8)
          .execute()
      ).slice(1);
      yuzhong = await centre('500103');
      jbDepartment = (await resolveResponsibleDepartment(t.ctx.db, category, '500105'))!.id;
      const yzDepartment = (await resolveResponsibleDepartment(t.ctx.db, category, '500103'))!.id;
      const users: Array<[string, Parameters<typeof createUser>[1]]> = [
        ['citizen1', { username: 'citizen1', kind: 'citizen', roles: [{ role: 'citizen' }] }],
        ['citizen2', { username: 'citizen2', kind: 'citizen', roles: [{ role: 'citizen' }] }],
        ['inspector', { username: 'inspector', roles: [{ role: 'inspector' }] }],
        ['supervisor', { username: 'supervisor', roles: [{ role: 'supervisor' }] }],
        ['dispatcher', { username: 'dispatcher', roles: [{ role: 'dispatcher' }] }],
        ['calltaker', { username: 'calltaker', roles: [{ role: 'calltaker' }] }],
        [
          'handler.jiangbei',
          {
            username: 'handler.jiangbei',
            regionCode: '500105',
            departmentId: jbDepartment,
            roles: [{ role: 'handler' }],
          },
        ],
        [
          'handler.yuzhong',
          {
            username: 'handler.yuzhong',
            regionCode: '500103',
            departmentId: yzDepartment,
            roles: [{ role: 'handler' }],
          },
        ],
        [
          'both',
          {
            username: 'both',
            regionCode: '500105',
            roles: [
              { role: 'handler', departmentId: jbDepartment },
              { role: 'inspector', departmentId: null },
            ],
          },
        ],
      ];
      for (const [name, spec] of users) {
        await createUser(t.ctx, spec);
        s[name] = await loginAs(t.app, name);
      }
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const upload = async (who: string, bytes = png, name = 'photo.png') => {
      counter += 1;
      // Distinct bytes per upload, so each photo is a file of its own.
      const body = bytes === png ? Buffer.concat([png, Buffer.from(`#${counter}`)]) : bytes;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/files',
        headers: {
          ...s[who]!.headers,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: multipart(name, body),
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ sha256: string }>().sha256;
    };
    const report = (who: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/cases', headers: s[who]!.headers, payload });
    const act = (who: string, id: number, action: string, payload: Record<string, unknown> = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/api/cases/${id}/actions/${action}`,
        headers: s[who]!.headers,
        payload,
      });
    const get = (who: string, url: string) =>
      t.app.inject({ method: 'GET', url, headers: s[who]!.headers });
    const ok = async (res: Awaited<ReturnType<typeof act>>) => {
      assert.equal(res.statusCode, 200, res.body);
      return res.json<WorkflowView>();
    };
    /** A point `metres` north of p. */
    const north = (p: { lat: number; lon: number }, metres: number) => ({
      lat: p.lat + metres / 111_195,
      lon: p.lon,
    });

    it('runs the whole loop with a return, an extension, a failed verification and rework, and a call back', async () => {
      const photo = await upload('citizen1');
      const created = await report('citizen1', {
        categoryCode: category,
        location: jiangbei,
        description: '人行道上堆放大量建筑垃圾',
        photos: [photo],
      });
      assert.equal(created.statusCode, 201, created.body);
      const intake = created.json<CaseIntakeResult>();
      const id = intake.case.id;
      assert.equal(intake.case.regionCode, '500105');
      assert.equal(intake.case.departmentId, jbDepartment);
      assert.match(intake.case.caseNumber, /^500105-\d{8}-\d{5}$/);
      assert.equal(intake.case.state, 'reported');

      const filed = await ok(await act('supervisor', id, 'file'));
      assert.equal(filed.state, 'filed');
      assert.ok(filed.stateDeadline, 'the dispatch step has its limit');
      let view = await ok(await act('dispatcher', id, 'dispatch'));
      assert.equal(view.state, 'handling');
      assert.equal(view.departmentId, jbDepartment);

      // 退单: back to dispatch with the reason, then dispatched again.
      view = await ok(await act('handler.jiangbei', id, 'return', { note: '不属于本单位职责' }));
      assert.equal(view.state, 'filed');
      await ok(await act('dispatcher', id, 'dispatch', { data: { departmentId: jbDepartment } }));

      // 延期: requested before the deadline, approved; a new handling period starts.
      await ok(
        await act('handler.jiangbei', id, 'request_extension', {
          note: '需协调渣土车辆',
          data: { extensionWorkdays: 2 },
        }),
      );
      const twice = await act('handler.jiangbei', id, 'request_extension', {
        note: 'again',
        data: { extensionWorkdays: 2 },
      });
      assert.equal(twice.statusCode, 409, 'one request at a time');
      view = await ok(await act('dispatcher', id, 'approve_extension'));
      assert.equal(view.state, 'extended');

      const handleOnce = async () =>
        ok(
          await act('handler.jiangbei', id, 'handle', {
            note: '已清运',
            data: {
              beforePhotos: [await upload('handler.jiangbei')],
              afterPhotos: [await upload('handler.jiangbei')],
            },
          }),
        );
      view = await handleOnce();
      assert.equal(view.state, 'handled');
      view = await ok(
        await act('inspector', id, 'verify_fail', {
          note: '仍有残留',
          data: { photos: [await upload('inspector')] },
        }),
      );
      assert.equal(view.state, 'handling', 'rework goes back to the department');
      await handleOnce();
      await ok(
        await act('inspector', id, 'verify_pass', {
          data: { photos: [await upload('inspector')] },
        }),
      );
      view = await ok(await act('supervisor', id, 'close'));
      assert.equal(view.state, 'closed');

      // The reporter (owner) calls back... here rates it in the app.
      const mine = await get('citizen1', `/api/cases/${id}`);
      assert.equal(mine.statusCode, 200);
      assert.ok(mine.json<WorkflowView>().actions.some((a) => a.name === 'callback'));
      view = await ok(
        await act('citizen1', id, 'callback', { data: { satisfaction: 'satisfied' } }),
      );
      assert.equal(view.state, 'evaluated');
      assert.equal(view.isFinal, true);

      const full = (await get('supervisor', `/api/cases/${id}`)).json<WorkflowView>();
      const actions = full.history.map((h) => h.action);
      for (const a of [
        'start',
        'file',
        'dispatch',
        'return',
        'request_extension',
        'approve_extension',
        'handle',
        'verify_fail',
        'verify_pass',
        'close',
        'callback',
      ]) {
        assert.ok(actions.includes(a), `history has ${a}`);
      }
      const subject = full.subject as {
        reworkCount: number;
        extensionCount: number;
        returnCount: number;
        photos: unknown[];
        satisfaction: string;
      };
      assert.equal(subject.reworkCount, 1);
      assert.equal(subject.extensionCount, 1);
      assert.equal(subject.returnCount, 1);
      assert.equal(subject.satisfaction, 'satisfied');
      assert.equal(subject.photos.length, 7, 'report 1, handling 2×2, verification 2');

      // The reporter was told at filing, closing and call back.
      const inbox = await t.ctx.db
        .selectFrom('notifications')
        .select('title')
        .where('user_id', '=', s.citizen1!.userId)
        .execute();
      for (const word of ['已立案', '已办结', '回访']) {
        assert.ok(
          inbox.some((n) => n.title.includes(word)),
          `notified: ${word}`,
        );
      }
    });

    it('refuses verification by whoever handled the case, and answers 403/409 out of role or turn', async () => {
      const created = await report('citizen1', {
        categoryCode: category,
        location: jbSpots[0],
        description: '井盖破损',
        forceNew: true,
      });
      const id = created.json<CaseIntakeResult>().case.id;
      assert.equal(
        (await act('dispatcher', id, 'file')).statusCode,
        403,
        'the command centre does not file',
      );
      assert.equal((await act('supervisor', id, 'close')).statusCode, 409, 'not in turn');
      await ok(await act('supervisor', id, 'file'));
      await ok(await act('dispatcher', id, 'dispatch'));
      await ok(
        await act('both', id, 'handle', {
          note: '已修复',
          data: { afterPhotos: [await upload('both')] },
        }),
      );
      const selfCheck = await act('both', id, 'verify_pass', {
        data: { photos: [await upload('both')] },
      });
      assert.equal(selfCheck.statusCode, 403, selfCheck.body);
      const own = (await get('both', `/api/cases/${id}`)).json<WorkflowView>();
      assert.ok(!own.actions.some((a) => a.name.startsWith('verify')));
      await ok(
        await act('inspector', id, 'verify_pass', {
          data: { photos: [await upload('inspector')] },
        }),
      );
    });

    it('hides a 渝中 case from a 江北 handler (404 and not listed)', async () => {
      const created = await report('citizen1', {
        categoryCode: category,
        location: yuzhong,
        description: '渝中区路面积水',
        forceNew: true,
      });
      const id = created.json<CaseIntakeResult>().case.id;
      assert.equal((await get('handler.jiangbei', `/api/cases/${id}`)).statusCode, 404);
      assert.equal((await get('handler.yuzhong', `/api/cases/${id}`)).statusCode, 200);
      const list = (await get('handler.jiangbei', '/api/cases?pageSize=500')).json<CaseList>();
      assert.ok(!list.items.some((c) => c.id === id));
      assert.ok(list.items.every((c) => c.regionCode === '500105'));
      const all = (await get('supervisor', `/api/cases?regionCode=500103`)).json<CaseList>();
      assert.ok(all.items.some((c) => c.id === id));
    });

    it('answers no nearby cases for points far from the city, even at a pole', async () => {
      // Near a pole a degree of longitude is almost nothing: the search box spans the globe.
      for (const [lat, lon] of [
        [-89.99999999999986, 4e-17],
        [90, 180],
        [0, -180],
      ] as const) {
        const res = await get(
          'citizen2',
          `/api/cases/nearby?lat=${lat}&lon=${lon}&categoryCode=${category}`,
        );
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json<NearbyCases>().items, []);
      }
    });

    it('offers an open case of the same class nearby and joins it, keeping both reporters', async () => {
      const spot = jbSpots[1]!;
      const first = await report('citizen1', {
        categoryCode: category,
        location: spot,
        description: '垃圾满溢',
      });
      assert.equal(first.statusCode, 201, first.body);
      const firstId = first.json<CaseIntakeResult>().case.id;
      const near = north(spot, 20);
      const nearby = (
        await get(
          'citizen2',
          `/api/cases/nearby?lat=${near.lat}&lon=${near.lon}&categoryCode=${category}`,
        )
      ).json<NearbyCases>();
      assert.equal(nearby.radiusM, 50);
      assert.ok(nearby.items.some((c) => c.id === firstId));
      const dup = await report('citizen2', {
        categoryCode: category,
        location: near,
        description: '这里垃圾很多',
      });
      assert.equal(dup.statusCode, 409, dup.body);
      assert.ok(
        dup
          .json<{ details: { candidates: Array<{ id: number }> } }>()
          .details.candidates.some((c) => c.id === firstId),
      );
      const joined = await report('citizen2', {
        categoryCode: category,
        location: near,
        description: '这里垃圾很多',
        joinCaseId: firstId,
      });
      assert.equal(joined.statusCode, 200, joined.body);
      assert.equal(joined.json<CaseIntakeResult>().isJoined, true);
      assert.equal(joined.json<CaseIntakeResult>().case.reporterCount, 2);
      // A caller's report (nobody to notify, no photos: one statement) joins too, audited; a
      // report of another class cannot join.
      const called = await report('calltaker', {
        categoryCode: category,
        location: near,
        description: '来电：这里垃圾很多',
        caller: { phone: '13700137000', wantsCallback: true },
        joinCaseId: firstId,
      });
      assert.equal(called.statusCode, 200, called.body);
      assert.equal(called.json<CaseIntakeResult>().isJoined, true);
      assert.equal(called.json<CaseIntakeResult>().case.reporterCount, 3);
      const view = (await get('supervisor', `/api/cases/${firstId}`)).json<WorkflowView>();
      const phones = (view.subject as { reporters: Array<{ phone: string | null }> }).reporters;
      assert.ok(phones.some((r) => r.phone === '137****7000'));
      const joins = await t.ctx.db
        .selectFrom('audit_log')
        .select('region_code')
        .where('action', '=', 'case.joined')
        .where('subject_id', '=', String(firstId))
        .execute();
      assert.equal(joins.length, 2);
      const other = await t.ctx.db
        .selectFrom('case_categories')
        .select('code')
        .where('kind', '=', 'event')
        .where('is_restricted', '=', false)
        .where('code', '<>', category)
        .orderBy('code')
        .executeTakeFirstOrThrow();
      const refused = await report('calltaker', {
        categoryCode: other.code,
        location: near,
        description: '来电：另一类问题',
        caller: { phone: '13700137001', wantsCallback: false },
        joinCaseId: firstId,
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match(refused.body, /another class/);
      const mine = (await get('citizen2', '/api/cases/mine')).json<CaseList>();
      assert.ok(mine.items.some((c) => c.id === firstId));
      await ok(await act('supervisor', firstId, 'file'));
      const told = await t.ctx.db
        .selectFrom('notifications')
        .select('user_id')
        .where('subject_id', '=', String(firstId))
        .where('title', 'like', '%已立案%')
        .execute();
      assert.deepEqual(
        new Set(told.map((n) => n.user_id)),
        new Set([s.citizen1!.userId, s.citizen2!.userId]),
      );
      // 45 m north and 45 m east: inside the square the duplicate check reads first, but 64 m
      // away, outside the 50 m radius: a new case.
      const corner = {
        lat: spot.lat + 45 / 111_195,
        lon: spot.lon + 45 / (111_195 * Math.cos((spot.lat * Math.PI) / 180)),
      };
      const cornered = await report('citizen2', {
        categoryCode: category,
        location: corner,
        description: '角上的垃圾',
      });
      assert.equal(cornered.statusCode, 201, cornered.body);
      assert.notEqual(cornered.json<CaseIntakeResult>().case.id, firstId);
      // Far enough away, the same class is a new case.
      const far = await report('citizen2', {
        categoryCode: category,
        location: jbSpots[2],
        description: '另一处垃圾',
      });
      assert.equal(far.statusCode, 201, far.body);
    });

    it('refuses bad reports with a 4xx naming the field and writes nothing', async () => {
      const count = async () =>
        Number(
          (
            await t.ctx.db
              .selectFrom('workflow_instances')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('subject_type', '=', 'case')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const outside = await report('citizen1', {
        categoryCode: category,
        location: { lat: 39.9, lon: 116.4 },
        description: 'x',
        forceNew: true,
      });
      assert.equal(outside.statusCode, 400);
      assert.match(outside.json<{ message: string }>().message, /39\.9/);
      const gap = await report('citizen1', {
        categoryCode: category,
        location: { lat: 29.2, lon: 108.5 },
        description: 'x',
        forceNew: true,
      });
      assert.equal(gap.statusCode, 400, 'inside the city, outside every grid');
      assert.equal(gap.json<{ details: { reason: string } }>().details.reason, 'outside_grids');
      const long = await report('citizen1', {
        categoryCode: category,
        location: jiangbei,
        description: '长'.repeat(5000),
        forceNew: true,
      });
      assert.equal(long.statusCode, 400);
      const unknown = await report('citizen1', {
        categoryCode: 'E0999',
        location: jiangbei,
        description: 'x',
        forceNew: true,
      });
      assert.equal(unknown.statusCode, 400);
      const doc = await upload('citizen1', pdf, 'scan.pdf');
      const notImage = await report('citizen1', {
        categoryCode: category,
        location: jiangbei,
        description: 'x',
        photos: [doc],
        forceNew: true,
      });
      assert.equal(notImage.statusCode, 415, notImage.body);
      const otherPhoto = await upload('citizen2');
      const notMine = await report('citizen1', {
        categoryCode: category,
        location: jiangbei,
        description: 'x',
        photos: [otherPhoto],
        forceNew: true,
      });
      assert.equal(notMine.statusCode, 400, 'a photo someone else uploaded');
      const forCaller = await report('citizen1', {
        categoryCode: category,
        location: jiangbei,
        description: 'x',
        caller: { phone: '13800138000', wantsCallback: true },
        forceNew: true,
      });
      assert.equal(forCaller.statusCode, 403, 'only call takers file for a caller');
      assert.equal(await count(), before);
    });

    it('lets a call taker file for a caller and find the caller by phone, audited', async () => {
      const created = await report('calltaker', {
        categoryCode: category,
        location: jbSpots[3],
        description: '来电反映路灯不亮',
        caller: { phone: '13912345678', name: '王先生', wantsCallback: true },
        forceNew: true,
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json<CaseIntakeResult>().case.id;
      assert.equal(created.json<CaseIntakeResult>().case.channel, 'hotline');
      const found = (
        await get('calltaker', '/api/cases/by-phone?phone=13912345678')
      ).json<CaseList>();
      assert.deepEqual(
        found.items.map((c) => c.id),
        [id],
      );
      const none = (
        await get('calltaker', '/api/cases/by-phone?phone=13912345679')
      ).json<CaseList>();
      assert.equal(none.total, 0);
      assert.equal(
        (await get('citizen1', '/api/cases/by-phone?phone=13912345678')).statusCode,
        403,
      );
      const audited = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'case.lookup_by_phone')
        .execute();
      assert.equal(audited.length, 2);
      const view = (await get('supervisor', `/api/cases/${id}`)).json<WorkflowView>();
      const reporters = (view.subject as { reporters: Array<{ phone: string }> }).reporters;
      assert.equal(reporters[0]!.phone, '139****5678');
    });

    it('reports indicators per department for the period', async () => {
      // Indicators count Beijing days.
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
        new Date(),
      );
      const res = await get('supervisor', `/api/cases/indicators?from=${today}&to=${today}`);
      assert.equal(res.statusCode, 200, res.body);
      const row = res
        .json<{
          rows: Array<{
            key: string;
            filed: number;
            closed: number;
            reworked: number;
            extensions: number;
            score: number | null;
          }>;
        }>()
        .rows.find((r) => r.key === String(jbDepartment));
      assert.ok(row);
      assert.ok(row.filed >= 3);
      assert.ok(row.closed >= 1);
      assert.equal(row.reworked, 1, 'the case that failed verification once was closed');
      assert.equal(row.extensions, 1);
      assert.ok(row.score !== null && row.score > 0 && row.score <= 100);
    });
  });
}
