import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from 'typebox/value';
import { CreateServiceItemBody } from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import { findTestDepartments, guideOf, sampleItemBody } from '../test-fixtures.ts';

for (const kind of databaseKinds()) {
  describe(`service catalogue API (${kind})`, () => {
    let t: TestApp;
    let admin: Session;
    let citizen: Session;
    let cityDept: number;
    let yuzhongDept: number;
    const post = (body: unknown, s: Session = admin) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/services/items',
        headers: s.headers,
        payload: body as object,
      });
    const put = (code: string, body: unknown, s: Session = admin) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/admin/services/items/${encodeURIComponent(code)}`,
        headers: s.headers,
        payload: body as object,
      });
    const search = async (query: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/services/items?${query}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: Array<{ code: string; name: string }>; total: number }>();
    };

    before(async () => {
      t = await startTestApp(kind);
      const { city, yuzhong } = await findTestDepartments(t.ctx.db);
      cityDept = city.id;
      yuzhongDept = yuzhong.id;
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      await createUser(t.ctx, {
        username: 'citizen1',
        kind: 'citizen',
        roles: [{ role: 'citizen' }],
      });
      await createUser(t.ctx, {
        username: 'admin.yuzhong',
        regionCode: '500103',
        roles: [{ role: 'admin', regionCode: '500103', departmentId: yuzhongDept }],
      });
      admin = await loginAs(t.app, 'admin');
      citizen = await loginAs(t.app, 'citizen1');
    });
    after(() => t.close());

    it('creates an item with its codes and full guide, and audits it', async () => {
      const res = await post(sampleItemBody(cityDept));
      assert.equal(res.statusCode, 201, res.body);
      const item = res.json();
      assert.equal(item.basicCode, 'XK00901000');
      assert.equal(item.code, '500000-CQ-CGJ-XK00901000');
      assert.equal(item.typeName, '行政许可');
      assert.equal(item.workflowKey, 'services.licensing'); // the type's default
      assert.equal(item.materials.length, 3);
      assert.equal(item.materials[2].condition, '委托他人办理的');
      assert.equal(item.materials[1].licenceType, 'business_licence');
      assert.deepEqual(item.specialSteps, [{ name: '现场勘验', kind: 'inspection', maxDays: 3 }]);
      assert.equal(item.version, 1);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('subject_type', '=', 'service_item')
        .where('subject_id', '=', item.code)
        .execute();
      assert.deepEqual(audit, [{ action: 'services.item.create', actor_name: 'admin' }]);
    });

    it('answers the full guide by implementation code and by basic code', async () => {
      const byCode = await t.app.inject({
        method: 'GET',
        url: '/api/services/items/500000-CQ-CGJ-XK00901000',
      });
      assert.equal(byCode.statusCode, 200);
      assert.equal(byCode.json().legalLimitDays, 20);
      assert.equal(byCode.json().department.id, cityDept);
      const byBasic = await t.app.inject({ method: 'GET', url: '/api/services/items/XK00901000' });
      assert.equal(byBasic.json().code, '500000-CQ-CGJ-XK00901000');
      const missing = await t.app.inject({ method: 'GET', url: '/api/services/items/XK99999000' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'not_found');
    });

    it('refuses a duplicate item with 409', async () => {
      const res = await post(sampleItemBody(cityDept));
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'conflict');
    });

    it('refuses a promised limit longer than the legal limit', async () => {
      const res = await post(
        sampleItemBody(cityDept, { mainCode: '00902', legalLimitDays: 5, promisedLimitDays: 10 }),
      );
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().details.field, 'promisedLimitDays');
    });

    it('refuses an unknown department', async () => {
      const res = await post(sampleItemBody(999_999, { mainCode: '00903' }));
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().details.field, 'departmentId');
    });

    it('refuses bad materials and names each one', async () => {
      const body = sampleItemBody(cityDept, { mainCode: '00904' });
      body.materials = [
        {
          name: '授权委托书',
          forms: ['original'],
          copies: 1,
          requirement: 'conditional',
          source: 'applicant',
        },
        {
          name: '电子照片',
          forms: ['electronic'],
          copies: 2,
          requirement: 'required',
          source: 'applicant',
        },
        {
          name: '电子照片',
          forms: ['electronic'],
          copies: 0,
          requirement: 'required',
          source: 'applicant',
        },
      ];
      const res = await post(body);
      assert.equal(res.statusCode, 400);
      const fields = res.json().details.issues.map((i: { field: string }) => i.field);
      assert.deepEqual(fields, ['materials.0.condition', 'materials.1.copies', 'materials.2.name']);
      const schema = await post({ ...body, materials: [{ name: 'x', forms: [], copies: 1 }] });
      assert.equal(schema.statusCode, 400);
      assert.equal(schema.json().code, 'validation_failed');
    });

    it('refuses control characters in names and free text, and says so', async () => {
      const refused = async (change: Partial<CreateServiceItemBody>, field: string) => {
        const res = await post({ ...sampleItemBody(cityDept, { mainCode: '00915' }), ...change });
        assert.equal(res.statusCode, 400, res.body);
        const { message, details } = res.json<{ message: string; details: { field: string } }>();
        assert.equal(details.field, field);
        return message;
      };
      assert.equal(
        await refused({ name: '城市建筑垃圾\u0001处置核准' }, 'name'),
        'name must be one line without control characters',
      );
      assert.equal(
        await refused({ name: '城市建筑垃圾\n处置核准' }, 'name'),
        'name must be one line without control characters',
      );
      assert.equal(
        await refused({ conditions: '有处置方案\u0000' }, 'conditions'),
        'conditions must not contain control characters',
      );
      // Free text keeps its line breaks and tabs (checked against the schema: no item created).
      const multiLine = sampleItemBody(cityDept, {
        conditions: '一、有处置方案；\n二、\t有运输合同。',
      });
      assert.ok(Value.Check(CreateServiceItemBody, multiLine));
      assert.ok(!Value.Check(CreateServiceItemBody, { ...multiLine, name: '两\n行' }));
    });

    it('refuses a district admin outside their department and region', async () => {
      const district = await loginAs(t.app, 'admin.yuzhong');
      const other = await post(sampleItemBody(cityDept, { mainCode: '00905' }), district);
      assert.equal(other.statusCode, 403);
      const own = await post(sampleItemBody(yuzhongDept, { mainCode: '00905' }), district);
      assert.equal(own.statusCode, 201, own.body);
      assert.equal(own.json().regionCode, '500103');
      const outside = await post(
        sampleItemBody(yuzhongDept, { mainCode: '00906', regionCode: '500105' }),
      );
      assert.equal(outside.statusCode, 400);
      assert.equal(outside.json().details.field, 'regionCode');
    });

    it('refuses citizens and anonymous callers on admin routes', async () => {
      assert.equal(
        (await post(sampleItemBody(cityDept, { mainCode: '00907' }), citizen)).statusCode,
        403,
      );
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/api/admin/services/items',
        payload: sampleItemBody(cityDept, { mainCode: '00907' }),
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it('replaces a guide, bumps its version and audits the changed fields', async () => {
      const guide = guideOf(sampleItemBody(cityDept));
      const res = await put('500000-CQ-CGJ-XK00901000', {
        ...guide,
        legalLimitDays: 15,
        workflowKey: 'services.fast_track',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().legalLimitDays, 15);
      assert.equal(res.json().workflowKey, 'services.fast_track');
      assert.equal(res.json().version, 2);
      const entry = await t.ctx.db
        .selectFrom('audit_log')
        .select(['data'])
        .where('action', '=', 'services.item.update')
        .executeTakeFirstOrThrow();
      assert.deepEqual((entry.data as { changed: string[] }).changed.sort(), [
        'legalLimitDays',
        'workflowKey',
      ]);
      const bad = await put('500000-CQ-CGJ-XK00901000', {
        ...guide,
        promisedLimitDays: 30,
        legalLimitDays: 20,
      });
      assert.equal(bad.statusCode, 400);
      const codes = await put('500000-CQ-CGJ-XK00901000', { ...guide, mainCode: '00001' });
      assert.equal(codes.statusCode, 400); // codes cannot change through an edit
      assert.equal((await put('500000-CQ-CGJ-XK99999000', guide)).statusCode, 404);
    });

    it('finds items by Chinese substring, pinyin initials, keyword and code', async () => {
      await post(
        sampleItemBody(cityDept, {
          typeCode: 'GG',
          mainCode: '00910',
          name: '户外广告设施设置咨询',
          audience: 'both',
          isLicensing: false,
          issuedLicenceType: null,
          keywords: ['招牌', '广告牌'],
          lifeEvents: ['enterprise.permits'],
          channels: ['web', 'mobile', 'bank_terminal', 'window'],
          visits: 0,
          onlineDepth: 4,
          frequency: 50,
        }),
      );
      assert.deepEqual((await search('q=建筑垃圾')).items.map((i) => i.name).slice(0, 1), [
        '城市建筑垃圾处置核准',
      ]);
      assert.equal((await search('q=csjzlj')).items[0]?.name, '城市建筑垃圾处置核准');
      assert.equal((await search('q=HWGG')).items[0]?.name, '户外广告设施设置咨询');
      assert.equal((await search('q=招牌')).items[0]?.name, '户外广告设施设置咨询');
      assert.equal((await search('q=GG00910')).items[0]?.name, '户外广告设施设置咨询');
      assert.equal((await search('q=不存在的事项')).total, 0);
      // every term must match
      assert.equal((await search(`q=${encodeURIComponent('建筑垃圾 招牌')}`)).total, 0);
    });

    it('filters by department, life event, type, channel, region, visits and online depth', async () => {
      const names = async (query: string) => (await search(query)).items.map((i) => i.name).sort();
      assert.deepEqual(await names(`departmentId=${yuzhongDept}`), ['城市建筑垃圾处置核准']);
      assert.deepEqual(await names('lifeEvent=enterprise.permits'), ['户外广告设施设置咨询']);
      assert.deepEqual(await names('type=GG'), ['户外广告设施设置咨询']);
      assert.deepEqual(await names('channel=bank_terminal'), ['户外广告设施设置咨询']);
      assert.deepEqual(await names('visits=0'), ['户外广告设施设置咨询']);
      assert.deepEqual(await names('maxVisits=1'), [
        '城市建筑垃圾处置核准',
        '城市建筑垃圾处置核准',
        '户外广告设施设置咨询',
      ]);
      assert.deepEqual(await names('minOnlineDepth=4'), ['户外广告设施设置咨询']);
      assert.deepEqual(await names('onlineDepth=3'), [
        '城市建筑垃圾处置核准',
        '城市建筑垃圾处置核准',
      ]);
      // 渝中区 sees its own items and the city's; 江北区 only the city's
      assert.equal((await search('regionCode=500103')).total, 3);
      assert.equal((await search('regionCode=500105')).total, 2);
      const bad = await t.app.inject({ method: 'GET', url: '/api/services/items?visits=7' });
      assert.equal(bad.statusCode, 400);
      const unknown = await t.app.inject({ method: 'GET', url: '/api/services/items?colour=red' });
      assert.equal(unknown.statusCode, 400);
    });

    it('sorts by relevance, then frequency, and pages', async () => {
      const all = await search('pageSize=2');
      assert.equal(all.total, 3);
      assert.equal(all.items.length, 2);
      // no query: by frequency (1200, 1200, 50)
      assert.equal((await search('page=2&pageSize=2')).items[0]?.name, '户外广告设施设置咨询');
      // an exact name beats a substring, whatever the frequency
      const ranked = await search(`q=${encodeURIComponent('户外广告设施设置咨询')}`);
      assert.equal(ranked.items[0]?.name, '户外广告设施设置咨询');
    });

    it('hides a suspended item from the public but not from its managers', async () => {
      const guide = guideOf(
        sampleItemBody(cityDept, {
          typeCode: 'GG',
          name: '户外广告设施设置咨询',
          audience: 'both',
          isLicensing: false,
          issuedLicenceType: null,
          keywords: ['招牌', '广告牌'],
          lifeEvents: ['enterprise.permits'],
          channels: ['web', 'mobile', 'bank_terminal', 'window'],
          visits: 0,
          onlineDepth: 4,
          frequency: 50,
        }),
      );
      const code = '500000-CQ-CGJ-GG00910000';
      assert.equal((await put(code, { ...guide, status: 'suspended' })).statusCode, 200);
      assert.equal((await search('q=招牌')).total, 0);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/services/items/${code}` })).statusCode,
        404,
      );
      const seen = await t.app.inject({
        method: 'GET',
        url: `/api/services/items/${code}`,
        headers: admin.headers,
      });
      assert.equal(seen.json().status, 'suspended');
    });

    it('counts active items per life event', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/services/life-events' });
      assert.equal(res.statusCode, 200);
      const events = res.json().lifeEvents as Array<{
        code: string;
        itemCount: number;
        name: string;
      }>;
      const construction = events.find((e) => e.code === 'enterprise.construction');
      assert.equal(construction?.name, '工程建设');
      assert.equal(construction?.itemCount, 2);
      assert.equal(events.find((e) => e.code === 'enterprise.permits')?.itemCount, 0); // suspended
    });
  });
}
