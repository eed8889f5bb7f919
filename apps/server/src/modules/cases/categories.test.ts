import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, loginAs, type Session } from '../../test-support/harness.ts';
import { startCasesTestApp, type CasesTestApp } from './cases-test-support.ts';
import { resolveResponsibleDepartment } from './categories.ts';
import { resolveCaseRouting } from './routing.ts';
import { AppError } from '../../platform/errors.ts';

for (const kind of databaseKinds()) {
  describe(`classification (${kind})`, () => {
    let t: CasesTestApp;
    let admin: Session;
    before(async () => {
      t = await startCasesTestApp(kind);
      admin = await loginAs(t.app, 'admin');
    });
    after(() => t.close());

    const list = async (query = '') => {
      const res = await t.app.inject({ method: 'GET', url: `/api/cases/categories${query}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    it('lists 80+ minor classes, each with a department and limits for its urgency levels', async () => {
      const { majors, items } = await list();
      assert.ok(items.length >= 80, `got ${items.length}`);
      assert.equal(majors.filter((m: { kind: string }) => m.kind === 'component').length, 5);
      assert.equal(majors.filter((m: { kind: string }) => m.kind === 'event').length, 5);
      for (const c of items) {
        assert.match(c.code, /^[CE][0-9]{4}$/);
        assert.equal(c.code, `${c.kind === 'component' ? 'C' : 'E'}${c.majorCode}${c.minorCode}`);
        assert.ok(c.departmentCode, `${c.code} ${c.nameZh} has a department`);
        assert.ok(c.departmentName, `${c.code} names its department`);
        const levels = Object.keys(c.limits.urgencies);
        assert.ok(levels.length > 0, `${c.code} has urgency levels`);
        assert.ok(levels.includes(c.limits.defaultUrgency), `${c.code} default urgency is a level`);
        for (const level of levels) {
          for (const step of ['dispatch', 'handle', 'verify']) {
            const limit = c.limits.urgencies[level][step];
            assert.ok(limit.amount > 0, `${c.code} ${level} ${step}`);
            assert.ok(['hours', 'workhours', 'workdays'].includes(limit.unit));
          }
        }
        assert.ok(c.limits.hotline.limit.amount > 0);
        assert.ok(['immediate', 'promised', 'coordinated'].includes(c.caseKind));
      }
      const byName = new Map(items.map((c: { nameZh: string }) => [c.nameZh, c]));
      assert.equal(
        (byName.get('燃气泄漏') as { departmentName: string }).departmentName,
        '重庆燃气集团股份有限公司',
      );
      assert.equal(
        (byName.get('路灯') as { departmentName: string }).departmentName,
        '重庆市城市管理局',
      );
      assert.equal(
        (byName.get('机动车乱停放') as { departmentCode: string }).departmentCode,
        'CQ-JXJ',
      );
      assert.equal(
        (byName.get('燃气泄漏') as { limits: { defaultUrgency: string } }).limits.defaultUrgency,
        'urgent',
      );
      assert.equal(
        (byName.get('私搭乱建') as { isAnonymousAllowed: boolean }).isAnonymousAllowed,
        false,
      );
      const events = await list('?kind=event');
      assert.ok(events.items.every((c: { kind: string }) => c.kind === 'event'));
    });

    it('routes a category to its municipal department’s counterpart in the district', async () => {
      const light = await resolveResponsibleDepartment(t.ctx.db, 'C0109', '500105001003');
      // The test harness adds its own 江北区城市管理局 (JB-CGJ) beside the catalogue's 500105-CGJ.
      assert.match(light?.name ?? '', /^江北区城市管理局$/);
      assert.equal(light?.regionCode, '500105');
      assert.equal(light?.isDistrictCounterpart, true);
      const parking = await resolveResponsibleDepartment(t.ctx.db, 'E0503', '500103');
      assert.equal(parking?.code, '500103-JXJ');
      // Utilities have no district counterparts: the municipal body handles.
      const gas = await resolveResponsibleDepartment(t.ctx.db, 'E0403', '500103');
      assert.equal(gas?.code, 'CQ-RQJT');
      assert.equal(gas?.isDistrictCounterpart, false);
    });

    it('routes a report by point and category, with the step limits of its urgency', async () => {
      const grid = await t.ctx.db
        .selectFrom('grids')
        .selectAll()
        .where('region_code', '=', '500108')
        .orderBy('code')
        .executeTakeFirstOrThrow();
      const routing = await resolveCaseRouting(t.ctx.db, {
        categoryCode: 'E0101',
        location: { lat: grid.centroid_lat, lon: grid.centroid_lon },
        urgency: 'urgent',
      });
      assert.equal(routing.grid.grid.code, grid.code);
      assert.equal(routing.regionCode, '500108');
      assert.equal(routing.department?.code, '500108-CGJ');
      assert.deepEqual(routing.stepLimits.dispatch, { amount: 1, unit: 'hours' });
      await assert.rejects(
        resolveCaseRouting(t.ctx.db, {
          categoryCode: 'E0403',
          location: { lat: grid.centroid_lat, lon: grid.centroid_lon },
          urgency: 'normal',
        }),
        (e: unknown) => e instanceof AppError && e.details?.field === 'urgency',
      );
      await assert.rejects(
        resolveCaseRouting(t.ctx.db, {
          categoryCode: 'E9999',
          location: { lat: 29.5, lon: 106.5 },
        }),
        (e: unknown) => e instanceof AppError && e.details?.field === 'categoryCode',
      );
    });

    it('lets an admin edit a class, audited, and checks the limits', async () => {
      const before = (await list()).items.find((c: { code: string }) => c.code === 'E0505');
      const body = {
        nameZh: '露天烧烤',
        nameEn: 'Open-air barbecue',
        departmentKey: 'environment',
        departmentCode: null,
        caseKind: 'promised',
        limits: {
          ...before.limits,
          defaultUrgency: 'normal',
          urgencies: {
            normal: {
              dispatch: { amount: 2, unit: 'workhours' },
              handle: { amount: 2, unit: 'workdays' },
              verify: { amount: 1, unit: 'workdays' },
            },
          },
        },
        isAnonymousAllowed: true,
        isRestricted: false,
        isActive: true,
      };
      const put = (payload: object, session: Session = admin, code = 'E0505') =>
        t.app.inject({
          method: 'PUT',
          url: `/api/admin/cases/categories/${code}`,
          headers: session.headers,
          payload,
        });
      const res = await put(body);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().departmentCode, 'CQ-STHJJ');
      assert.equal(res.json().caseKind, 'promised');
      assert.deepEqual(Object.keys(res.json().limits.urgencies), ['normal']);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'subject_id'])
        .where('action', '=', 'cases.category.update')
        .execute();
      assert.deepEqual(audit, [{ action: 'cases.category.update', subject_id: 'E0505' }]);

      const badDefault = await put({
        ...body,
        limits: { ...body.limits, defaultUrgency: 'urgent' },
      });
      assert.equal(badDefault.statusCode, 400);
      assert.equal(badDefault.json().details.field, 'limits.defaultUrgency');
      const districtDept = await put({ ...body, departmentCode: '500103-CGJ' });
      assert.equal(districtDept.statusCode, 400);
      assert.equal(districtDept.json().details.field, 'departmentCode');
      const badUnit = await put({
        ...body,
        limits: {
          ...body.limits,
          hotline: { kind: 'help', limit: { amount: 3, unit: 'fortnights' } },
        },
      });
      assert.equal(badUnit.statusCode, 400);
      assert.equal((await put(body, admin, 'E0999')).statusCode, 404);
      const districtAdmin = await loginAs(t.app, 'admin.yuzhong');
      assert.equal((await put(body, districtAdmin)).statusCode, 403);
      const inspector = await loginAs(t.app, 'inspector');
      assert.equal((await put(body, inspector)).statusCode, 403);
    });

    it('hides an inactive class from the report form but keeps it for the admin', async () => {
      const c = (await list()).items.find((x: { code: string }) => x.code === 'C0116');
      const editable = {
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        departmentKey: c.departmentKey,
        departmentCode: c.departmentCode,
        caseKind: c.caseKind,
        limits: c.limits,
        isAnonymousAllowed: c.isAnonymousAllowed,
        isRestricted: c.isRestricted,
      };
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/admin/cases/categories/C0116',
        headers: admin.headers,
        payload: { ...editable, isActive: false },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(
        (await list()).items.some((x: { code: string }) => x.code === 'C0116'),
        false,
      );
      assert.equal(
        (await list('?includeInactive=true')).items.some(
          (x: { code: string }) => x.code === 'C0116',
        ),
        true,
      );
    });

    it('keeps admin edits when the seed runs again', async () => {
      const { seedCityManagement } = await import('./seed.ts');
      await seedCityManagement(t.ctx, { gridScale: 6 });
      const again = (await list('?includeInactive=true')).items.find(
        (x: { code: string }) => x.code === 'E0505',
      );
      assert.equal(again.departmentKey, 'environment');
    });
  });
}
