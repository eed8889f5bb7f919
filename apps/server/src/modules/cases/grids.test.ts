import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test-support/harness.ts';
import { startCasesTestApp, TEST_GRID_SCALE, type CasesTestApp } from './cases-test-support.ts';
import { seedCityManagement } from './seed.ts';
import { invalidateGridIndex, bumpGridRevision, getGridIndex, polygonOf } from './grid-index.ts';
import { lookupGrid } from './grids.ts';
import { AppError } from '../../platform/errors.ts';

for (const kind of databaseKinds()) {
  describe(`unit grids (${kind})`, () => {
    let t: CasesTestApp;
    before(async () => {
      t = await startCasesTestApp(kind);
    });
    after(() => t.close());

    const get = (url: string) => t.app.inject({ method: 'GET', url });
    const gridRow = (code: string) =>
      t.ctx.db.selectFrom('grids').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

    it('seeds grids for the nine central districts with real community codes', async () => {
      assert.equal(t.seeded.skippedDistricts.length, 0);
      const rows = await t.ctx.db
        .selectFrom('grids as g')
        .innerJoin('divisions as c', 'c.code', 'g.community_code')
        .select(['g.region_code', 'c.parent_code'])
        .execute();
      assert.equal(rows.length, t.seeded.gridsCreated);
      assert.equal(new Set(rows.map((r) => r.region_code)).size, 9);
      const { count } = await t.ctx.db
        .selectFrom('grids')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count), rows.length, 'every grid joins a community of the divisions');
    });

    it('keeps each indexed grid as flat fields, its polygon as text equal to the stored one', async () => {
      // The index lives as long as the process and every major garbage collection marks it:
      // a grid must stay one object of strings and numbers (no nested arrays per vertex).
      const index = await getGridIndex(t.ctx.db);
      assert.equal(index.grids.length, t.seeded.gridsCreated);
      for (const grid of index.grids) {
        for (const [field, value] of Object.entries(grid)) {
          assert.ok(
            typeof value === 'string' || typeof value === 'number',
            `grid ${grid.code}: ${field} is a ${typeof value}`,
          );
        }
      }
      const sample = index.grids[Math.floor(index.grids.length / 2)]!;
      const row = await gridRow(sample.code);
      assert.deepEqual(polygonOf(sample), row.polygon);
      assert.equal(sample.areaM2, row.area_m2);
      assert.equal(sample.communityCode, row.community_code);
    });

    it('finds the grid containing a point', async () => {
      const g = await gridRow(
        (
          await t.ctx.db
            .selectFrom('grids')
            .select('code')
            .where('region_code', '=', '500105')
            .orderBy('code')
            .executeTakeFirstOrThrow()
        ).code,
      );
      const res = await get(`/api/grids/lookup?lat=${g.centroid_lat}&lon=${g.centroid_lon}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.grid.code, g.code);
      assert.equal(body.grid.regionCode, '500105');
      assert.equal(body.match, 'inside');
      assert.equal(body.distanceM, 0);
    });

    it('gives a point on the edge between two grids to the lower code', async () => {
      const g = await gridRow(
        (
          await t.ctx.db
            .selectFrom('grids')
            .select('code')
            .where('region_code', '=', '500103')
            .orderBy('code')
            .executeTakeFirstOrThrow()
        ).code,
      );
      const east = await t.ctx.db
        .selectFrom('grids')
        .select('code')
        .where('min_lon', '=', g.max_lon)
        .where('min_lat', '=', g.min_lat)
        .executeTakeFirst();
      assert.ok(east, 'the grid has an eastern neighbour');
      const res = await get(`/api/grids/lookup?lat=${g.centroid_lat}&lon=${g.max_lon}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().match, 'inside');
      assert.equal(res.json().grid.code, [g.code, east.code].sort()[0]);
    });

    it('gives a point in a hole between grids the nearest grid within the tolerance', async () => {
      const victim = await t.ctx.db
        .selectFrom('grids')
        .selectAll()
        .where('region_code', '=', '500106')
        .orderBy('code', 'desc')
        .executeTakeFirstOrThrow();
      // A grid surrounded by others: remove it to leave a 100 m hole.
      const neighbours = await t.ctx.db
        .selectFrom('grids')
        .select('code')
        .where('min_lon', '<=', victim.max_lon)
        .where('max_lon', '>=', victim.min_lon)
        .where('min_lat', '<=', victim.max_lat)
        .where('max_lat', '>=', victim.min_lat)
        .where('code', '<>', victim.code)
        .execute();
      assert.ok(neighbours.length >= 2);
      await t.ctx.db.deleteFrom('components').where('grid_code', '=', victim.code).execute();
      await t.ctx.db.deleteFrom('grids').where('code', '=', victim.code).execute();
      await bumpGridRevision(t.ctx.db);
      invalidateGridIndex(t.ctx.db);

      const res = await get(
        `/api/grids/lookup?lat=${victim.centroid_lat}&lon=${victim.centroid_lon}`,
      );
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.match, 'nearest');
      assert.ok(
        neighbours.some((n) => n.code === body.grid.code),
        'a neighbour of the hole',
      );
      assert.ok(body.distanceM > 40 && body.distanceM < 60, `about 50 m, got ${body.distanceM}`);

      const tight = await get(
        `/api/grids/lookup?lat=${victim.centroid_lat}&lon=${victim.centroid_lon}&toleranceM=30`,
      );
      assert.equal(tight.statusCode, 400);
      assert.equal(tight.json().code, 'validation_failed');
      assert.equal(tight.json().details.reason, 'outside_grids');
    });

    it('refuses a point far from every grid, naming the field and why', async () => {
      // 万州区: in Chongqing, but no grids are generated there.
      await assert.rejects(
        lookupGrid(t.ctx.db, { lat: 30.8, lon: 108.4 }, { field: 'location' }),
        (error: unknown) =>
          error instanceof AppError &&
          error.code === 'validation_failed' &&
          error.details?.field === 'location' &&
          /no unit grid and none is within 200 m/.test(error.message),
      );
      const res = await get('/api/grids/lookup?lat=30.8&lon=108.4');
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().details.field, 'lat,lon');
    });

    it('answers 400 for a point outside the city', async () => {
      const res = await get('/api/grids/lookup?lat=39.9042&lon=116.4074');
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'validation_failed');
      assert.equal(res.json().details.reason, 'outside_city');
      assert.match(res.json().message, /outside Chongqing/);
      const bad = await get('/api/grids/lookup?lat=abc&lon=106.5');
      assert.equal(bad.statusCode, 400);
    });

    it('answers the grids in a map box as GeoJSON, limited', async () => {
      const res = await get('/api/grids?bbox=106.55,29.54,106.59,29.57&limit=5000');
      assert.equal(res.statusCode, 200, res.body);
      const fc = res.json();
      assert.equal(fc.type, 'FeatureCollection');
      assert.ok(fc.features.length > 10);
      assert.equal(fc.isTruncated, false);
      for (const f of fc.features) {
        assert.equal(f.geometry.type, 'Polygon');
        const ring = f.geometry.coordinates[0];
        const lons = ring.map((p: number[]) => p[0]);
        const lats = ring.map((p: number[]) => p[1]);
        assert.ok(Math.max(...lons) >= 106.55 && Math.min(...lons) <= 106.59, f.id);
        assert.ok(Math.max(...lats) >= 29.54 && Math.min(...lats) <= 29.57, f.id);
      }
      const limited = await get('/api/grids?bbox=106.55,29.54,106.59,29.57&limit=3');
      assert.equal(limited.json().features.length, 3);
      assert.equal(limited.json().isTruncated, true);
      const inverted = await get('/api/grids?bbox=106.59,29.54,106.55,29.57');
      assert.equal(inverted.statusCode, 400);
      assert.equal(inverted.json().details.field, 'bbox');
      const missing = await get('/api/grids');
      assert.equal(missing.statusCode, 400);
    });

    it('adds only the missing grids and their components when seeded at a larger scale', async () => {
      const before = await t.ctx.db.selectFrom('grids').select(['code', 'polygon']).execute();
      const componentsBefore = await t.ctx.db.selectFrom('components').select('id').execute();
      const again = await seedCityManagement(t.ctx, { gridScale: TEST_GRID_SCALE + 2 });
      // 500106 lost a grid in the hole test: it comes back too.
      assert.ok(again.gridsCreated > 0);
      const after = await t.ctx.db.selectFrom('grids').select(['code', 'polygon']).execute();
      assert.equal(after.length, before.length + again.gridsCreated);
      const afterByCode = new Map(after.map((g) => [g.code, g.polygon]));
      for (const g of before) assert.deepEqual(afterByCode.get(g.code), g.polygon, g.code);
      const ids = (await t.ctx.db.selectFrom('components').select('id').execute()).map((c) => c.id);
      assert.equal(ids.length, componentsBefore.length + again.componentsCreated);
      assert.equal(new Set(ids).size, ids.length, 'component ids stay unique');
      const rerun = await seedCityManagement(t.ctx, { gridScale: TEST_GRID_SCALE + 2 });
      assert.equal(rerun.gridsCreated, 0);
      assert.equal(rerun.skippedDistricts.length, 9);
    });

    it('answers one grid with its detail, and 404 for an unknown code', async () => {
      const { code } = await t.ctx.db
        .selectFrom('grids')
        .select('code')
        .orderBy('code')
        .executeTakeFirstOrThrow();
      const res = await get(`/api/grids/${code}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.code, code);
      assert.equal(body.source, 'generated');
      assert.ok(Math.abs(body.areaM2 - 10_000) < 1_000);
      assert.equal(typeof body.componentCount, 'number');
      assert.equal((await get('/api/grids/500103001003999')).statusCode, 404);
      assert.equal((await get('/api/grids/12345')).statusCode, 400);
    });
  });
}
