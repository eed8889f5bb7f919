// The command centre's live figures and the map's density layer, for cases driven through the
// loop relative to now: counts by hand from the cases below.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseList, CaseLiveStats, GridDensity } from '@citygov/contracts';
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
import { caseDriver, principalOf } from '../demo/case-driver.ts';
import { beijingDay } from './daily-stats.ts';
import { cellsCovering } from '../loop/case-cells.ts';
import { countUpToCap } from '../loop/case-queries.ts';
import { selectCases } from '../loop/case-repository.ts';
import type { Bbox } from '../geo.ts';

const HOUR = 3_600_000;

for (const kind of databaseKinds()) {
  describe(`live case figures (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    const s: Record<string, Session> = {};
    let spots: Array<{ lat: number; lon: number }>;
    let overdueGrid: string;

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-live-'));
      t = await startTestApp(kind, { dataDir });
      await loadDivisions(t.ctx.db);
      await loadDepartments(t.ctx.db);
      await seedCityManagement(t.ctx, { gridScale: 6 });
      const categories = await t.ctx.db
        .selectFrom('case_categories')
        .select(['code', 'limits'])
        .where('department_key', '=', 'urban_management')
        .orderBy('code')
        .execute();
      const category = categories.find(
        (c) => c.limits.urgencies.urgent?.handle.unit === 'hours',
      )!.code;
      const grids = await t.ctx.db
        .selectFrom('grids')
        .select(['code', 'centroid_lat as lat', 'centroid_lon as lon'])
        .where('region_code', '=', '500105')
        .orderBy('code')
        .limit(4)
        .execute();
      spots = grids.map((g) => ({ lat: g.lat, lon: g.lon }));
      overdueGrid = grids[0]!.code;
      const department = (await resolveResponsibleDepartment(t.ctx.db, category, '500105'))!.id;
      const p: Record<string, Principal> = {};
      for (const spec of [
        { username: 'supervisor', roles: [{ role: 'supervisor' as const }] },
        { username: 'dispatcher', roles: [{ role: 'dispatcher' as const }] },
        { username: 'inspector', roles: [{ role: 'inspector' as const }] },
        {
          username: 'handler.jiangbei',
          regionCode: '500105',
          departmentId: department,
          roles: [{ role: 'handler' as const }],
        },
        {
          username: 'dispatcher.yuzhong',
          regionCode: '500103',
          roles: [{ role: 'dispatcher' as const }],
        },
      ]) {
        await createUser(t.ctx, spec);
        p[spec.username] = await principalOf(t.ctx, spec.username);
        s[spec.username] = await loginAs(t.app, spec.username);
      }
      const drive = caseDriver(t.ctx);
      const now = Date.now();
      const ago = (hours: number) => new Date(now - hours * HOUR);
      const report = (when: Date, i: number) =>
        drive.report(when, p.supervisor!, {
          categoryCode: category,
          location: spots[i]!,
          urgency: 'urgent',
          description: '占道经营',
        });
      // X: dispatched two days ago with a 2-hour limit: open, handling, overdue.
      const x = await report(ago(50), 0);
      await drive.act(ago(49.9), p.supervisor!, x, 'file');
      await drive.act(ago(49.8), p.dispatcher!, x, 'dispatch');
      // W: closed on time three days ago and called back satisfied.
      const w = await report(ago(74), 3);
      await drive.act(ago(73.9), p.supervisor!, w, 'file');
      await drive.act(ago(73.8), p.dispatcher!, w, 'dispatch');
      const handler = p['handler.jiangbei']!;
      await drive.act(ago(73.5), handler, w, 'handle', {
        note: '已清理',
        data: { afterPhotos: [await drive.photo(handler, 'after')] },
      });
      await drive.act(ago(73.2), p.inspector!, w, 'verify_pass', {
        data: { photos: [await drive.photo(p.inspector!, 'verify')] },
      });
      await drive.act(ago(73), p.supervisor!, w, 'close');
      await drive.act(ago(72), p.supervisor!, w, 'callback', {
        data: { satisfaction: 'satisfied' },
      });
      // Y: reported a minute ago; Z: reported and filed a minute ago.
      await report(ago(1 / 60), 1);
      const z = await report(ago(1 / 60), 2);
      await drive.act(ago(1 / 120), p.supervisor!, z, 'file');
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const get = (who: string, url: string) =>
      t.app.inject({ method: 'GET', url, headers: s[who]!.headers });

    it("answers today's intake, open and overdue cases, the 30-day rates and trend", async () => {
      const res = await get('supervisor', '/api/cases/stats/live?regionCode=500105');
      assert.equal(res.statusCode, 200, res.body);
      const live = res.json<CaseLiveStats>();
      assert.equal(live.regionName, '江北区');
      assert.equal(live.today.date, beijingDay(new Date()));
      // Y and Z today (X, W earlier) — unless the test started just after midnight.
      assert.equal(live.today.intake, 2);
      assert.equal(live.today.filed, 1);
      assert.equal(live.open, 3, 'X, Y, Z (W is closed)');
      assert.equal(live.overdue, 1, 'X');
      assert.deepEqual(
        live.openByState.filter((s) => s.count > 0).map((s) => [s.state, s.count]),
        [
          ['reported', 1],
          ['filed', 1],
          ['handling', 1],
        ],
      );
      assert.equal(live.onTimeRate, 0.5, 'W on time ÷ (W closed + X overdue)');
      assert.equal(live.satisfaction, 100);
      assert.equal(live.trend.length, 30);
      assert.equal(live.trend.at(-1)!.date, live.today.date);
      assert.equal(
        live.trend.reduce((n, d) => n + d.intake, 0),
        4,
      );
      assert.equal(
        live.trend.reduce((n, d) => n + d.closed, 0),
        1,
      );
    });

    it("keeps a district's staff to their district", async () => {
      const own = await get('dispatcher.yuzhong', '/api/cases/stats/live');
      assert.equal(own.statusCode, 200, own.body);
      assert.equal(own.json<CaseLiveStats>().regionCode, '500103');
      assert.equal(own.json<CaseLiveStats>().open, 0);
      const other = await get('dispatcher.yuzhong', '/api/cases/stats/live?regionCode=500105');
      assert.equal(other.statusCode, 403, other.body);
    });

    it('counts open cases per grid in a map box, and only overdue ones when asked', async () => {
      const lons = spots.map((p) => p.lon);
      const lats = spots.map((p) => p.lat);
      const bbox = [
        Math.min(...lons) - 0.01,
        Math.min(...lats) - 0.01,
        Math.max(...lons) + 0.01,
        Math.max(...lats) + 0.01,
      ].join(',');
      const res = await get('supervisor', `/api/cases/stats/grid-density?bbox=${bbox}`);
      assert.equal(res.statusCode, 200, res.body);
      const density = res.json<GridDensity>();
      assert.equal(density.totalOpen, 3);
      assert.equal(density.cells.length, 3);
      assert.equal(density.isTruncated, false);
      const overdue = (
        await get('supervisor', `/api/cases/stats/grid-density?bbox=${bbox}&isOverdue=true`)
      ).json<GridDensity>();
      assert.deepEqual(
        overdue.cells.map((c) => [c.gridCode, c.open, c.overdue]),
        [[overdueGrid, 1, 1]],
      );
      const bad = await get('supervisor', '/api/cases/stats/grid-density?bbox=1,2,3');
      assert.equal(bad.statusCode, 400);
    });

    it('lists open and finished cases by the open flag', async () => {
      const open = await get('supervisor', '/api/cases?regionCode=500105&isOpen=true');
      assert.equal(open.json<CaseList>().total, 3);
      const done = await get('supervisor', '/api/cases?regionCode=500105&isOpen=false');
      assert.equal(done.json<CaseList>().total, 1);
      assert.equal(done.json<CaseList>().isTotalCapped, undefined);
    });

    it('counts up to just past the cap, then stops', async () => {
      // Four cases in 500105 (three open): the exact count up to the cap, cap + 1 past it.
      const inRegion = () => selectCases(t.ctx.db).where('c.region_code', '=', '500105');
      assert.equal(await countUpToCap(t.ctx.db, inRegion(), 10), 4);
      assert.equal(await countUpToCap(t.ctx.db, inRegion(), 4), 4);
      assert.equal(await countUpToCap(t.ctx.db, inRegion(), 3), 4);
      assert.equal(await countUpToCap(t.ctx.db, inRegion(), 2), 3);
      const open = inRegion().where('c.is_open', '=', true);
      assert.equal(await countUpToCap(t.ctx.db, open, 1), 2);
      assert.equal(await countUpToCap(t.ctx.db, open, 5), 3);
    });

    it('pages a map box of all cases without counting the box', async () => {
      const bbox = [
        Math.min(...spots.map((p) => p.lon)) - 0.01,
        Math.min(...spots.map((p) => p.lat)) - 0.01,
        Math.max(...spots.map((p) => p.lon)) + 0.01,
        Math.max(...spots.map((p) => p.lat)) + 0.01,
      ].join(',');
      const first = (
        await get('supervisor', `/api/cases?bbox=${bbox}&pageSize=3`)
      ).json<CaseList>();
      assert.equal(first.items.length, 3);
      assert.deepEqual([first.total, first.isTotalCapped], [3, true], 'more follow');
      const last = (
        await get('supervisor', `/api/cases?bbox=${bbox}&pageSize=3&page=2`)
      ).json<CaseList>();
      assert.deepEqual([last.items.length, last.total, last.isTotalCapped], [1, 4, undefined]);
      // A small box is read cell by cell and merged: still newest first across the pages.
      assert.ok(cellsCovering(bbox.split(',').map(Number) as Bbox, 36), 'a box of few cells');
      const times = [...first.items, ...last.items].map((c) => c.createdAt);
      assert.deepEqual(times, [...times].sort().reverse());
      assert.equal(new Set([...first.items, ...last.items].map((c) => c.id)).size, 4);
      // With a workflow filter the cells are read with the instances joined.
      const filed = (
        await get('supervisor', `/api/cases?bbox=${bbox}&state=filed,handling&pageSize=3`)
      ).json<CaseList>();
      assert.deepEqual(
        filed.items.map((c) => c.state),
        ['filed', 'handling'],
        'Z (filed a minute ago), then X (handling)',
      );
      const open = (
        await get('supervisor', `/api/cases?bbox=${bbox}&isOpen=true&pageSize=1`)
      ).json<CaseList>();
      assert.deepEqual([open.total, open.isTotalCapped], [3, undefined], 'open cases are counted');
      // The open cases are paged cell by cell too: each once, newest first, on every page.
      const openPages = [open];
      for (const pageNo of [2, 3]) {
        const url = `/api/cases?bbox=${bbox}&isOpen=true&pageSize=1&page=${pageNo}`;
        openPages.push((await get('supervisor', url)).json<CaseList>());
      }
      const openItems = openPages.flatMap((p) => p.items);
      assert.deepEqual(
        openPages.map((p) => [p.items.length, p.total]),
        [
          [1, 3],
          [1, 3],
          [1, 3],
        ],
      );
      assert.ok(openItems.every((c) => c.closedAt === null));
      const openTimes = openItems.map((c) => c.createdAt);
      assert.deepEqual(openTimes, [...openTimes].sort().reverse());
      assert.equal(new Set(openItems.map((c) => c.id)).size, 3);
    });
  });
}
