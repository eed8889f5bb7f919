import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, loginAs, type Session } from '../../test-support/harness.ts';
import { startCasesTestApp, type CasesTestApp } from './cases-test-support.ts';

// 七星岗街道 华一坡社区 (500103001003) exists in the divisions; grid numbers 9xx are free at
// the test scale. The squares lie in 渝中区 away from the generated grids' edges.
const square = (lon: number, lat: number, size = 0.001) => [
  [lon, lat],
  [lon + size, lat],
  [lon + size, lat + size],
  [lon, lat + size],
  [lon, lat],
];
const feature = (code: unknown, coordinates: unknown, type = 'Polygon') => ({
  type: 'Feature',
  properties: { code, name: `导入网格${String(code)}` },
  geometry: { type, coordinates },
});
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });

for (const kind of databaseKinds()) {
  describe(`grid import (${kind})`, () => {
    let t: CasesTestApp;
    let admin: Session;
    before(async () => {
      t = await startCasesTestApp(kind);
      admin = await loginAs(t.app, 'admin');
    });
    after(() => t.close());

    const post = (body: unknown, session: Session = admin, query = '') =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/grids/import${query}`,
        headers: session.headers,
        payload: body as object,
      });
    const countGrids = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('grids')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('imports polygons, then finds points in them at once', async () => {
      const before = await countGrids();
      const res = await post(
        collection([
          feature('500103001003901', [square(105.9, 29.3)]),
          feature('500103001003902', [square(105.901, 29.3)]),
        ]),
      );
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { isDryRun: false, created: 2, updated: 0 });
      assert.equal(await countGrids(), before + 2);
      const lookup = await t.app.inject({
        method: 'GET',
        url: '/api/grids/lookup?lat=29.3005&lon=105.9015',
      });
      assert.equal(lookup.statusCode, 200, lookup.body);
      assert.equal(lookup.json().grid.code, '500103001003902');
      const detail = await t.app.inject({ method: 'GET', url: '/api/grids/500103001003901' });
      assert.equal(detail.json().source, 'imported');
      assert.equal(detail.json().name, '导入网格500103001003901');
      // 0.001° × 0.001° at 29.3° N: 111.2 m × 97.0 m.
      assert.ok(Math.abs(detail.json().areaM2 - 111.2 * 97.0) < 100, `${detail.json().areaM2}`);
    });

    it('replaces a grid whose code exists, and a dry run writes nothing', async () => {
      const dry = await post(
        collection([
          feature('500103001003901', [square(105.9, 29.31)]),
          feature('500103001003903', [square(105.91, 29.31)]),
        ]),
        admin,
        '?dryRun=true',
      );
      assert.equal(dry.statusCode, 200, dry.body);
      assert.deepEqual(dry.json(), { isDryRun: true, created: 1, updated: 1 });
      const unchanged = await t.app.inject({ method: 'GET', url: '/api/grids/500103001003901' });
      assert.equal(unchanged.json().bbox[1], 29.3);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/grids/500103001003903' })).statusCode,
        404,
      );

      const res = await post(collection([feature('500103001003901', [square(105.9, 29.31)])]));
      assert.deepEqual(res.json(), { isDryRun: false, created: 0, updated: 1 });
      const moved = await t.app.inject({ method: 'GET', url: '/api/grids/500103001003901' });
      assert.equal(moved.json().bbox[1], 29.31);
    });

    it('reports every bad feature with its index, field and reason, and writes nothing', async () => {
      const before = await countGrids();
      const open = square(105.92, 29.3).slice(0, 4);
      const bowTie = [
        [105.93, 29.3],
        [105.931, 29.301],
        [105.931, 29.3],
        [105.93, 29.301],
        [105.93, 29.3],
      ];
      const res = await post(
        collection([
          feature('500103001003911', [square(105.95, 29.3)]), // fine
          feature('500103001003912', [open]), // not closed
          feature('5001030010039', [square(105.96, 29.3)]), // short code
          feature('500103001999913', [square(105.97, 29.3)]), // no such community
          feature('500103001003914', [square(116.4, 39.9)]), // Beijing
          feature('500103001003915', [bowTie]),
          feature('500103001003916', [[square(105.98, 29.3)]], 'MultiPolygon'),
          feature('500103001003911', [square(105.99, 29.3)]), // repeats feature 0
          feature('500103001003917', [square(105.9, 29.3).slice(0, 3)]), // too few positions
          { type: 'Feature', properties: {}, geometry: null },
        ]),
      );
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json();
      assert.equal(body.code, 'validation_failed');
      assert.equal(body.details.issueCount, 9);
      const byIndex = new Map(body.details.issues.map((i: { index: number }) => [i.index, i]));
      assert.equal(byIndex.has(0), false);
      const expect = (index: number, field: RegExp, message: RegExp) => {
        const issue = byIndex.get(index) as { field: string; message: string } | undefined;
        assert.ok(issue, `feature ${index} is reported`);
        assert.match(issue.field, field, `feature ${index}`);
        assert.match(issue.message, message, `feature ${index}: ${issue.message}`);
      };
      expect(1, /^features\[1\]\.geometry\.coordinates\[0\]$/, /not closed/);
      expect(2, /^features\[2\]\.properties\.code$/, /15 digits/);
      expect(3, /^features\[3\]\.properties\.code$/, /not a street or town|not a community/);
      expect(4, /^features\[4\]\.geometry\.coordinates\[0\]\[0\]$/, /outside Chongqing/);
      expect(5, /^features\[5\]\.geometry\.coordinates\[0\]$/, /crosses itself/);
      expect(6, /^features\[6\]\.geometry\.type$/, /must be a Polygon/);
      expect(7, /^features\[7\]\.properties\.code$/, /repeats feature 0/);
      expect(8, /^features\[8\]\.geometry\.coordinates\[0\]$/, /at least 4/);
      expect(9, /^features\[9\]\.properties$|^features\[9\]\.properties\.code$/, /code/);
      assert.equal(await countGrids(), before, 'nothing was written');
    });

    it('refuses grids outside the importer region, and callers without grids:manage', async () => {
      const yuzhong = await loginAs(t.app, 'admin.yuzhong');
      const own = await post(
        collection([feature('500103001003921', [square(105.9, 29.32)])]),
        yuzhong,
      );
      assert.equal(own.statusCode, 200, own.body);
      // 江北区 500105001 (华新街街道): a real street, but not the 渝中 admin's region.
      const { code: community } = await t.ctx.db
        .selectFrom('divisions')
        .select('code')
        .where('parent_code', '=', '500105001')
        .orderBy('code')
        .executeTakeFirstOrThrow();
      const other = await post(
        collection([feature(`${community}922`, [square(105.9, 29.33)])]),
        yuzhong,
      );
      assert.equal(other.statusCode, 400);
      assert.match(other.json().details.issues[0].message, /may not manage the grids of 500105/);

      const inspector = await loginAs(t.app, 'inspector');
      const denied = await post(
        collection([feature('500103001003923', [square(105.9, 29.34)])]),
        inspector,
      );
      assert.equal(denied.statusCode, 403);
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/api/admin/grids/import',
        payload: collection([feature('500103001003924', [square(105.9, 29.35)])]),
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it('refuses a body that is not a FeatureCollection', async () => {
      const res = await post({ type: 'Feature', features: [] });
      assert.equal(res.statusCode, 400);
      const empty = await post({ type: 'FeatureCollection', features: [] });
      assert.equal(empty.statusCode, 400);
      const extra = await post({ type: 'FeatureCollection', features: [{}], surprise: 1 });
      assert.equal(extra.statusCode, 400);
      assert.equal(extra.json().details.field, 'surprise');
    });
  });
}
