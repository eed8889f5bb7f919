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
import { loadDepartments, loadDivisions } from './org-loader.ts';

interface Division {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  lat: number | null;
}
interface Department {
  id: number;
  code: string;
  shortName: string;
  regionCode: string;
  cityDepartmentId: number | null;
}

// The district counterparts the brief names, as short names of a district (区).
const requiredCounterparts = [
  '区公安分局',
  '区民政局',
  '区人力社保局',
  '区城市管理局',
  '区市场监管局',
  '区卫生健康委',
  '区住房城乡建委',
  '区交通局',
  '区医保局',
  '区生态环境局',
  '区规划自然资源分局',
  '区税务局',
  '区教委',
  '区水利局',
  '区退役军人事务局',
  '区应急管理局',
  '区残联',
  '区政务服务管理办公室',
];

for (const kind of databaseKinds()) {
  describe(`organisation (${kind})`, () => {
    let t: TestApp;
    let staff: Session;
    const get = (url: string, s?: Session) =>
      t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });

    before(async () => {
      t = await startTestApp(kind);
      await loadDivisions(t.ctx.db);
      await loadDepartments(t.ctx.db);
      await createUser(t.ctx, { username: 'reader', roles: [{ role: 'handler' }] });
      staff = await loginAs(t.app, 'reader');
    });
    after(() => t.close());

    it('lists the 38 district-level units of Chongqing directly under 500000', async () => {
      const res = await get('/api/org/divisions?parent=500000');
      assert.equal(res.statusCode, 200);
      const items = res.json().items as Division[];
      assert.equal(items.length, 38);
      assert.ok(items.every((d) => d.level === 2 && d.parentCode === '500000'));
      const codes = items.map((d) => d.code);
      for (const code of ['500101', '500103', '500156', '500229', '500240', '500243']) {
        assert.ok(codes.includes(code), code);
      }
      assert.equal(codes.filter((c) => c.startsWith('5001')).length, 26);
      assert.equal(codes.filter((c) => c.startsWith('5002')).length, 12);
      const yuzhong = items.find((d) => d.code === '500103')!;
      assert.equal(yuzhong.name, '渝中区');
      assert.equal(yuzhong.lat, 29.556);
      assert.equal(items.find((d) => d.code === '500229')!.lat, null);
    });

    it('answers the city at the top and the streets of a district', async () => {
      const top = (await get('/api/org/divisions')).json().items as Division[];
      assert.deepEqual(
        top.map((d) => d.code),
        ['500000'],
      );
      const streets = (await get('/api/org/divisions?parent=500103')).json().items as Division[];
      assert.ok(streets.length >= 10);
      assert.ok(streets.every((s) => s.level === 3 && s.code.startsWith('500103')));
      assert.ok(streets.some((s) => s.name === '解放碑街道'));
    });

    it('holds the communities and villages (thousands of level-4 rows)', async () => {
      const { n } = await t.ctx.db
        .selectFrom('divisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('level', '=', 4)
        .executeTakeFirstOrThrow();
      assert.ok(Number(n) > 10_000, `${n} communities`);
    });

    it('answers one community with its ancestors', async () => {
      const community = (await get('/api/org/divisions?parent=500103003')).json()
        .items[0] as Division;
      const res = await get(`/api/org/divisions/${community.code}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        res.json().ancestors.map((a: Division) => a.code),
        ['500000', '500103', '500103003'],
      );
      assert.equal((await get('/api/org/divisions/999999')).statusCode, 404);
      assert.equal((await get('/api/org/divisions/abc')).statusCode, 400);
    });

    it('lists 60+ municipal departments to staff and refuses anonymous callers', async () => {
      assert.equal((await get('/api/org/departments?region=500000')).statusCode, 401);
      const res = await get('/api/org/departments?region=500000', staff);
      assert.equal(res.statusCode, 200);
      const names = (res.json().items as Department[]).map((d) => d.shortName);
      assert.ok(names.length >= 64, `${names.length} municipal departments`);
      for (const n of ['市公安局', '市城市管理局', '市医保局', '重庆海关', '市社保局']) {
        assert.ok(names.includes(n), n);
      }
    });

    it('gives every district its counterparts, linked to the municipal department', async () => {
      const city = (await get('/api/org/departments?region=500000', staff)).json()
        .items as Department[];
      const cityGaj = city.find((d) => d.code === 'CQ-GAJ')!;
      const districts = (await get('/api/org/divisions?parent=500000')).json().items as Division[];
      for (const district of districts) {
        const res = await get(`/api/org/departments?region=${district.code}`, staff);
        const depts = res.json().items as Department[];
        const unit = district.name.endsWith('区') ? '区' : '县';
        for (const required of requiredCounterparts) {
          const expected =
            unit === '区'
              ? required
              : required === '区公安分局'
                ? '县公安局'
                : required === '区规划自然资源分局'
                  ? '县规划自然资源局'
                  : required.replace(/^区/, '县');
          assert.ok(
            depts.some((d) => d.shortName === expected),
            `${district.name} lacks ${expected}`,
          );
        }
        const police = depts.find((d) => d.code === `${district.code}-GAJ`)!;
        assert.equal(police.cityDepartmentId, cityGaj.id);
      }
      const counterparts = await get(`/api/org/departments?cityDepartmentId=${cityGaj.id}`, staff);
      assert.equal(counterparts.json().items.length, 38);
    });
  });
}
