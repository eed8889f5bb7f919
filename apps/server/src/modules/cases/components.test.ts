import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, loginAs } from '../../test-support/harness.ts';
import { startCasesTestApp, type CasesTestApp } from './cases-test-support.ts';
import { isPointInPolygon, type PolygonRings } from './geo.ts';
import { resolveCaseRouting } from './routing.ts';
import { AppError } from '../../platform/errors.ts';

for (const kind of databaseKinds()) {
  describe(`component inventory (${kind})`, () => {
    let t: CasesTestApp;
    before(async () => {
      t = await startCasesTestApp(kind);
    });
    after(() => t.close());

    const get = (url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers });

    it('places components in grids, with ids of division + major + minor + sequence', async () => {
      assert.ok(t.seeded.componentsCreated > t.seeded.gridsCreated, 'a few per grid');
      const rows = await t.ctx.db
        .selectFrom('components as k')
        .innerJoin('grids as g', 'g.code', 'k.grid_code')
        .select([
          'k.id',
          'k.category_code',
          'k.region_code',
          'k.lon',
          'k.lat',
          'g.polygon',
          'g.region_code as grid_region',
        ])
        .execute();
      assert.equal(rows.length, t.seeded.componentsCreated);
      const sequences = new Map<string, number[]>();
      for (const r of rows) {
        assert.match(r.id, /^[0-9]{16}$/);
        assert.equal(r.id.slice(0, 6), r.region_code);
        assert.equal(r.region_code, r.grid_region);
        assert.equal(`C${r.id.slice(6, 10)}`, r.category_code);
        assert.ok(
          isPointInPolygon(r.lon, r.lat, r.polygon.coordinates as unknown as PolygonRings),
          r.id,
        );
        const key = r.id.slice(0, 10);
        sequences.set(key, [...(sequences.get(key) ?? []), Number(r.id.slice(10))]);
      }
      // Sequences run 1..n within each district and class.
      for (const [key, list] of sequences) {
        const sorted = [...list].sort((a, b) => a - b);
        assert.deepEqual(
          sorted,
          sorted.map((_, i) => i + 1),
          key,
        );
      }
      const classes = new Set(rows.map((r) => r.category_code));
      for (const code of ['C0101', 'C0109', 'C0302', 'C0402']) assert.ok(classes.has(code), code);
    });

    it('answers components in a map box as GeoJSON points, hiding cameras from the public', async () => {
      const bbox = '106.4,29.3,106.7,29.9';
      const pub = await get(`/api/components?bbox=${bbox}&limit=10000`);
      assert.equal(pub.statusCode, 200, pub.body);
      const features = pub.json().features;
      assert.ok(features.length > 100);
      assert.equal(features[0].geometry.type, 'Point');
      assert.equal(
        features.some(
          (f: { properties: { categoryCode: string } }) => f.properties.categoryCode === 'C0504',
        ),
        false,
      );
      const staff = await loginAs(t.app, 'inspector');
      const seen = await get(`/api/components?bbox=${bbox}&category=C0504`, staff.headers);
      assert.equal(seen.statusCode, 200);
      assert.ok(seen.json().features.length > 0, 'staff see the cameras');
      const lights = await get(`/api/components?bbox=${bbox}&category=C0109&limit=5`);
      assert.equal(lights.json().features.length, 5);
      assert.equal(lights.json().isTruncated, true);
      assert.ok(
        lights
          .json()
          .features.every(
            (f: { properties: { categoryCode: string } }) => f.properties.categoryCode === 'C0109',
          ),
      );
      const far = await get('/api/components?bbox=108.3,30.7,108.5,30.9');
      assert.equal(far.json().features.length, 0);
      assert.equal((await get('/api/components?bbox=nonsense')).statusCode, 400);
    });

    it('answers one component, 404 for unknown or hidden ones', async () => {
      const light = await t.ctx.db
        .selectFrom('components')
        .selectAll()
        .where('category_code', '=', 'C0109')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const res = await get(`/api/components/${light.id}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().categoryNameZh, '路灯');
      assert.equal(res.json().gridCode, light.grid_code);
      assert.ok(typeof res.json().attributes.poleHeightM === 'number');
      assert.equal((await get('/api/components/5001030109999999')).statusCode, 404);
      assert.equal((await get('/api/components/abc')).statusCode, 400);
      const camera = await t.ctx.db
        .selectFrom('components')
        .select('id')
        .where('category_code', '=', 'C0504')
        .executeTakeFirstOrThrow();
      assert.equal((await get(`/api/components/${camera.id}`)).statusCode, 404);
      const staff = await loginAs(t.app, 'inspector');
      assert.equal((await get(`/api/components/${camera.id}`, staff.headers)).statusCode, 200);
    });

    it('routes a report about a component to the component’s grid', async () => {
      const cover = await t.ctx.db
        .selectFrom('components')
        .selectAll()
        .where('category_code', '=', 'C0107')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const routing = await resolveCaseRouting(t.ctx.db, {
        categoryCode: 'C0107',
        componentId: cover.id,
      });
      assert.equal(routing.grid.grid.code, cover.grid_code);
      assert.equal(routing.componentId, cover.id);
      assert.equal(routing.department?.code, 'CQ-RQJT');
      await assert.rejects(
        resolveCaseRouting(t.ctx.db, { categoryCode: 'C0109', componentId: cover.id }),
        (e: unknown) => e instanceof AppError && e.details?.field === 'componentId',
      );
      // An event may name any component: a missing cover (井盖缺失).
      const missing = await resolveCaseRouting(t.ctx.db, {
        categoryCode: 'E0405',
        componentId: cover.id,
      });
      assert.equal(missing.urgency, 'urgent');
    });
  });
}
