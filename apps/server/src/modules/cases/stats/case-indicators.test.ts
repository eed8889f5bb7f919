// Indicators from the DOMAIN.md formulas, checked against figures worked out by hand for a set
// of cases driven through the real loop at chosen times in the week 2026-03-02 … 03-08.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { CaseIndicatorRow, CaseIndicators } from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { loadDepartments, loadDivisions } from '../../../platform/org/index.ts';
import { seedCityManagement } from '../seed.ts';
import { resolveResponsibleDepartment } from '../categories.ts';
import { caseDriver, principalOf, type CaseDriver } from '../demo/case-driver.ts';
import { foldStatDeltas, statsDb } from './daily-stats.ts';

/** A Beijing time on a March 2026 day. */
const at = (day: number, time: string) =>
  new Date(`2026-03-${String(day).padStart(2, '0')}T${time}:00+08:00`);
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

for (const kind of databaseKinds()) {
  describe(`case indicators (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    let drive: CaseDriver;
    const p: Record<string, Principal> = {};
    const s: Record<string, Session> = {};
    let category: string;
    let jb: { lat: number; lon: number }[];
    let yz: { lat: number; lon: number }[];
    let jbDept: number;
    let yzDept: number;
    /** When case D's handling was due, and C's after its reopening. */
    let lateHandleHours = 0;

    const spot = (list: { lat: number; lon: number }[], i: number) => list[i]!;

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-indicators-'));
      t = await startTestApp(kind, { dataDir });
      await loadDivisions(t.ctx.db);
      await loadDepartments(t.ctx.db);
      await seedCityManagement(t.ctx, { gridScale: 6 });
      // A class with an 'urgent' level handled within 2 clock hours (deadlines easy to reason on).
      const categories = await t.ctx.db
        .selectFrom('case_categories')
        .select(['code', 'limits'])
        .where('department_key', '=', 'urban_management')
        .orderBy('code')
        .execute();
      category = categories.find((c) => {
        const urgent = c.limits.urgencies.urgent;
        return urgent?.handle.unit === 'hours' && urgent.handle.amount === 2;
      })!.code;
      const grids = async (region: string) =>
        (
          await t.ctx.db
            .selectFrom('grids')
            .select(['centroid_lat as lat', 'centroid_lon as lon'])
            .where('region_code', '=', region)
            .orderBy('code')
            .limit(12)
            .execute()
        ).map((g) => ({ lat: g.lat, lon: g.lon }));
      jb = await grids('500105');
      yz = await grids('500103');
      jbDept = (await resolveResponsibleDepartment(t.ctx.db, category, '500105'))!.id;
      yzDept = (await resolveResponsibleDepartment(t.ctx.db, category, '500103'))!.id;
      const users: Array<Parameters<typeof createUser>[1]> = [
        { username: 'supervisor', roles: [{ role: 'supervisor' }] },
        { username: 'dispatcher', roles: [{ role: 'dispatcher' }] },
        { username: 'inspector', roles: [{ role: 'inspector' }] },
        { username: 'leader', roles: [{ role: 'leader' }] },
        { username: 'admin', roles: [{ role: 'admin' }] },
        { username: 'leader.yuzhong', regionCode: '500103', roles: [{ role: 'leader' }] },
        {
          username: 'handler.jiangbei',
          regionCode: '500105',
          departmentId: jbDept,
          roles: [{ role: 'handler' }],
        },
        {
          username: 'handler.yuzhong',
          regionCode: '500103',
          departmentId: yzDept,
          roles: [{ role: 'handler' }],
        },
      ];
      for (const spec of users) {
        await createUser(t.ctx, spec);
        p[spec.username] = await principalOf(t.ctx, spec.username);
      }
      for (const name of ['leader', 'leader.yuzhong', 'admin', 'supervisor']) {
        s[name] = await loginAs(t.app, name);
      }
      drive = caseDriver(t.ctx);
      await runFixture();
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const report = (when: Date, where: { lat: number; lon: number }) =>
      drive.report(when, p.supervisor!, {
        categoryCode: category,
        location: where,
        urgency: 'urgent',
        description: '道路积水，影响通行',
      });
    const act = (when: Date, who: string, id: number, action: string, data = {}, note?: string) =>
      drive.act(when, p[who]!, id, action, { data, ...(note && { note }) });
    const handle = async (when: Date, handler: string, id: number) =>
      act(
        when,
        handler,
        id,
        'handle',
        { afterPhotos: [await drive.photo(p[handler]!, 'after')] },
        '已处置',
      );
    const verify = async (when: Date, id: number, pass: boolean) =>
      act(
        when,
        'inspector',
        id,
        pass ? 'verify_pass' : 'verify_fail',
        { photos: [await drive.photo(p.inspector!, 'verify')] },
        pass ? undefined : '未处置到位',
      );

    /**
     * 江北 (department jb), in the week 03-02 … 03-08:
     *   A filed 03-02, handled 10 min after dispatch, closed 03-02, call back satisfied 03-03
     *   B filed 03-02, extension approved, handled 1 h after dispatch, closed, basically satisfied
     *   C filed 03-03, handled, failed verification, handled again (2 h after dispatch), closed,
     *     reopened after a dissatisfied call back on 03-04, and left in handling (its deadline
     *     lapses on 03-04, in the week: open and overdue)
     *   D filed 03-02, handled an hour after its deadline, closed 03-05
     *   F filed 03-07, not yet dispatched
     *   H filed 03-01 (before the week), handled 30 min after dispatch on 03-02, closed 03-02
     * 渝中 (department yz):
     *   E reported 03-03, declined (never filed)
     *   G filed 03-03, handled on time, closed 03-03, call back on 03-09 (after the week)
     */
    async function runFixture() {
      const h = 'handler.jiangbei';
      // A
      const a = await report(at(2, '09:00'), spot(jb, 0));
      await act(at(2, '09:05'), 'supervisor', a, 'file');
      await act(at(2, '09:10'), 'dispatcher', a, 'dispatch');
      await handle(at(2, '09:20'), h, a);
      await verify(at(2, '09:40'), a, true);
      await act(at(2, '09:50'), 'supervisor', a, 'close');
      await act(at(3, '10:00'), 'supervisor', a, 'callback', { satisfaction: 'satisfied' });
      // B
      const b = await report(at(2, '10:00'), spot(jb, 1));
      await act(at(2, '10:05'), 'supervisor', b, 'file');
      await act(at(2, '10:10'), 'dispatcher', b, 'dispatch');
      await act(at(2, '10:20'), h, b, 'request_extension', { extensionWorkdays: 1 }, '需要协调');
      await act(at(2, '10:30'), 'dispatcher', b, 'approve_extension');
      await handle(at(2, '11:10'), h, b);
      await verify(at(2, '11:30'), b, true);
      await act(at(2, '11:40'), 'supervisor', b, 'close');
      await act(at(4, '10:00'), 'supervisor', b, 'callback', {
        satisfaction: 'basically_satisfied',
      });
      // C
      const c = await report(at(3, '08:30'), spot(jb, 2));
      await act(at(3, '08:50'), 'supervisor', c, 'file');
      await act(at(3, '09:00'), 'dispatcher', c, 'dispatch');
      await handle(at(3, '09:30'), h, c);
      await verify(at(3, '10:00'), c, false);
      await handle(at(3, '11:00'), h, c);
      await verify(at(3, '11:30'), c, true);
      await act(at(3, '12:00'), 'supervisor', c, 'close');
      await act(at(4, '09:00'), 'supervisor', c, 'reopen', {}, '群众不满意，重新处置');
      // D: handled an hour after the deadline set at dispatch.
      const d = await report(at(2, '13:00'), spot(jb, 3));
      await act(at(2, '13:10'), 'supervisor', d, 'file');
      const dispatched = await act(at(2, '13:20'), 'dispatcher', d, 'dispatch');
      const deadline = new Date(dispatched.stateDeadline!.at);
      lateHandleHours = (deadline.getTime() + 3_600_000 - at(2, '13:20').getTime()) / 3_600_000;
      await handle(plus(deadline, 60), h, d);
      await verify(at(5, '10:00'), d, true);
      await act(at(5, '10:30'), 'supervisor', d, 'close');
      // F
      const f = await report(at(7, '09:00'), spot(jb, 4));
      await act(at(7, '09:30'), 'supervisor', f, 'file');
      // H
      const hh = await report(at(1, '16:00'), spot(jb, 5));
      await act(at(1, '16:30'), 'supervisor', hh, 'file');
      await act(at(2, '08:00'), 'dispatcher', hh, 'dispatch');
      await handle(at(2, '08:30'), h, hh);
      await verify(at(2, '08:45'), hh, true);
      await act(at(2, '09:00'), 'supervisor', hh, 'close');
      // E
      const e = await report(at(3, '09:00'), spot(yz, 0));
      await act(at(3, '09:10'), 'supervisor', e, 'decline', {}, '不属于城市管理范围');
      // G
      const g = await report(at(3, '09:00'), spot(yz, 1));
      await act(at(3, '09:05'), 'supervisor', g, 'file');
      await act(at(3, '09:10'), 'dispatcher', g, 'dispatch');
      await handle(at(3, '10:10'), 'handler.yuzhong', g);
      await verify(at(3, '10:30'), g, true);
      await act(at(3, '10:40'), 'supervisor', g, 'close');
      await act(at(9, '10:00'), 'supervisor', g, 'callback', { satisfaction: 'satisfied' });
    }

    const get = (who: string, url: string) =>
      t.app.inject({ method: 'GET', url, headers: s[who]!.headers });
    const indicators = async (who: string, query: string) => {
      const res = await get(who, `/api/cases/indicators?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<CaseIndicators>();
    };
    const row = (result: CaseIndicators, key: string | number) => {
      const found = result.rows.find((r) => r.key === String(key));
      assert.ok(found, `a row for ${key} in ${result.rows.map((r) => r.key).join(', ')}`);
      return found;
    };

    /** 江北's figures for the week, by hand from the fixture above. */
    const expectJiangbei = (r: CaseIndicatorRow) => {
      assert.equal(r.filed, 5, '立案: A B C D F (H was filed the week before)');
      assert.equal(r.closed, 5, '结案: A B C D H');
      assert.equal(r.closureRate, 1);
      assert.equal(r.due, 6, '应结案: 5 closures + C, reopened and overdue');
      assert.equal(r.dueExtended, 1, 'B was extended');
      assert.equal(r.onTimeClosed, 3, 'A C H (B extended, D late)');
      assert.equal(r.onTimeRate, 0.6, '3 ÷ (6 − 1)');
      assert.equal(r.reworked, 1, 'C');
      assert.equal(r.reworkRate, 0.2, '1 ÷ 5');
      assert.equal(r.extensions, 1);
      assert.equal(r.extensionRate, 0.2, '1 ÷ 5');
      // A 10 min, B 60 min, C 120 min, D (deadline + 1 h), H 30 min after the first dispatch.
      const hours = (10 / 60 + 1 + 2 + lateHandleHours + 0.5) / 5;
      assert.equal(r.averageHandlingHours, Math.round(hours * 100) / 100);
      assert.equal(r.callbacks, 3, 'A, B, and C reopened (G is 渝中, and after the week)');
      assert.deepEqual([r.satisfied, r.basicallySatisfied, r.dissatisfied], [1, 1, 1]);
      assert.equal(r.satisfaction, 60, '(100 + 80 + 0) ÷ 3');
      // 0.25×1 + 0.3×0.6 + 0.15×(1 − 0.2) + 0.1×(1 − 0.2) + 0.2×0.6 = 0.75 of the weights (1.0)
      assert.equal(r.score, 75);
    };

    it('computes every indicator per department from the formulas', async () => {
      const result = await indicators('leader', 'from=2026-03-02&to=2026-03-08');
      assert.equal(result.groupBy, 'department');
      expectJiangbei(row(result, jbDept));
      const y = row(result, yzDept);
      assert.equal(y.filed, 1, 'G (E was declined)');
      assert.equal(y.closed, 1);
      assert.equal(y.onTimeRate, 1);
      assert.equal(y.callbacks, 0, "G's call back came after the week");
      assert.equal(y.satisfaction, null);
      // (0.25 + 0.3 + 0.15 + 0.1) ÷ 0.8 of the known weights = 100
      assert.equal(y.score, 100);
      assert.deepEqual(
        result.rows.map((r) => [r.key, r.rank]),
        [
          [String(yzDept), 1],
          [String(jbDept), 2],
        ],
      );
      assert.equal(result.total.filed, 6);
      assert.equal(result.total.closed, 6);
      assert.equal(result.total.onTimeRate, Math.round((4 / 6) * 10_000) / 10_000, '4 ÷ (7 − 1)');
      assert.equal(result.total.rank, 0);
    });

    it('groups by district and filters by district or department', async () => {
      const byRegion = await indicators('leader', 'from=2026-03-02&to=2026-03-08&groupBy=region');
      expectJiangbei({ ...row(byRegion, '500105') });
      assert.equal(row(byRegion, '500105').name, '江北区');
      assert.equal(row(byRegion, '500103').filed, 1);
      const onlyYz = await indicators('leader', 'from=2026-03-02&to=2026-03-08&regionCode=500103');
      assert.deepEqual(
        onlyYz.rows.map((r) => r.key),
        [String(yzDept)],
      );
      const onlyJb = await indicators(
        'leader',
        `from=2026-03-02&to=2026-03-08&departmentId=${jbDept}`,
      );
      assert.deepEqual(
        onlyJb.rows.map((r) => r.key),
        [String(jbDept)],
      );
    });

    it('counts each step on its own day', async () => {
      // 03-01 only: H's filing and nothing else.
      const first = await indicators('leader', 'from=2026-03-01&to=2026-03-01');
      assert.equal(row(first, jbDept).filed, 1);
      assert.equal(row(first, jbDept).closed, 0);
      // 03-09: G's call back.
      const later = await indicators('leader', 'from=2026-03-09&to=2026-03-09');
      assert.equal(row(later, yzDept).callbacks, 1);
      assert.equal(row(later, yzDept).satisfaction, 100);
      // 03-04: C reopened (dissatisfied), B called back, C's deadline after reopening lapsed.
      const fourth = await indicators('leader', 'from=2026-03-04&to=2026-03-04');
      const r = row(fourth, jbDept);
      assert.deepEqual(
        [r.callbacks, r.satisfied, r.basicallySatisfied, r.dissatisfied],
        [2, 0, 1, 1],
      );
      assert.equal(r.due, 1);
      assert.equal(r.onTimeRate, 0, 'due 1 (C overdue), none on time');
    });

    it('answers the same figures before and after the steps are folded into the rollup', async () => {
      const query = 'from=2026-03-01&to=2026-03-09&groupBy=region';
      const before = await indicators('leader', query);
      const pending = () =>
        statsDb(t.ctx.db)
          .selectFrom('case_stat_deltas')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n));
      assert.ok((await pending()) > 0, 'the steps wrote their counts as deltas');
      assert.ok((await foldStatDeltas(t.ctx.db)) > 0);
      assert.equal(await pending(), 0);
      const folded = await indicators('leader', query);
      assert.deepEqual(folded.rows, before.rows);
      assert.deepEqual(folded.total, before.total);
      assert.equal(await foldStatDeltas(t.ctx.db), 0, 'nothing left to fold');
    });

    it('keeps a district leader to the district', async () => {
      const result = await indicators('leader.yuzhong', 'from=2026-03-02&to=2026-03-08');
      assert.deepEqual(
        result.rows.map((r) => r.key),
        [String(yzDept)],
      );
      const res = await get(
        'leader.yuzhong',
        '/api/cases/indicators?from=2026-03-02&to=2026-03-08&regionCode=500105',
      );
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json<{ details: { field: string } }>().details.field, 'regionCode');
    });

    it('refuses a bad period with 400 naming the field', async () => {
      for (const [query, field] of [
        ['from=2026-03-08&to=2026-03-02', 'to'],
        ['from=2025-01-01&to=2026-03-02', 'to'],
        ['from=2026-02-30&to=2026-03-02', 'from'],
        ['from=yesterday&to=2026-03-02', 'from'],
      ] as const) {
        const res = await get('leader', `/api/cases/indicators?${query}`);
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.match(res.body, new RegExp(field));
      }
    });

    it('exports the same numbers as XLSX', async () => {
      const json = await indicators('leader', 'from=2026-03-02&to=2026-03-08');
      const res = await get('leader', '/api/cases/indicators.xlsx?from=2026-03-02&to=2026-03-08');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      assert.match(
        String(res.headers['content-disposition']),
        /case-indicators-department-2026-03-02-2026-03-08\.xlsx/,
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const col = (name: string) => header.findIndex((h) => h.startsWith(name)) + 1;
      for (const [i, expected] of [...json.rows, json.total].entries()) {
        const r = sheet.getRow(i + 2);
        assert.equal(r.getCell(col('编码')).value, expected.key);
        assert.equal(r.getCell(col('立案数')).value, expected.filed);
        assert.equal(r.getCell(col('按期结案率')).value, expected.onTimeRate);
        assert.equal(r.getCell(col('满意度')).value, expected.satisfaction);
        assert.equal(r.getCell(col('综合评分')).value, expected.score);
      }
    });

    it('takes new score weights from a city-level admin and ranks by them', async () => {
      const put = (who: string, payload: Record<string, number>) =>
        t.app.inject({
          method: 'PUT',
          url: '/api/cases/indicators/weights',
          headers: s[who]!.headers,
          payload,
        });
      const weights = {
        closureRate: 0,
        onTimeRate: 0,
        reworkRate: 0,
        extensionRate: 0,
        satisfaction: 1,
      };
      assert.equal((await put('leader', weights)).statusCode, 403);
      const zero = await put('admin', { ...weights, satisfaction: 0 });
      assert.equal(zero.statusCode, 400, zero.body);
      const res = await put('admin', weights);
      assert.equal(res.statusCode, 200, res.body);
      const result = await indicators('leader', 'from=2026-03-02&to=2026-03-08');
      assert.deepEqual(result.weights, weights);
      // Only satisfaction counts now: 江北 60, 渝中 none (no score, ranked last).
      assert.equal(row(result, jbDept).score, 60);
      assert.equal(row(result, yzDept).score, null);
      assert.deepEqual(
        result.rows.map((r) => r.key),
        [String(jbDept), String(yzDept)],
      );
    });
  });
}
