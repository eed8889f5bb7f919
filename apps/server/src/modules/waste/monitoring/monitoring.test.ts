// The whole path on PGlite and PostgreSQL: real JT/T 808 frames over TCP to the gateway, the
// positions stored, the rules run, the violation stored with its evidence and its case opened
// in the case loop; then the APIs (violations, live vehicles, fence events), checkpoint plate
// events from a camera's API key, and the never-arrived manifest check.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  LiveVehicles,
  PlateEventResult,
  WasteCheckpoint,
  WasteFenceEventList,
  WasteViolationDetail,
  WasteViolationList,
} from '@citygov/contracts';
import { loadDepartments, loadDivisions } from '../../../platform/org/index.ts';
import {
  createUser,
  databaseKinds,
  insertApiKey,
  loginAs,
  type Session,
} from '../../../test-support/harness.ts';
import { seedCityManagement, selectCases } from '../../cases/index.ts';
import { getPositionPipeline } from '../../telematics/index.ts';
import {
  insertVehicle,
  startGatewayTestApp,
  TestTerminal,
  type GatewayTestApp,
} from '../../telematics/telematics-test-support.ts';
import { checkManifestArrivals, getWasteMonitor } from './index.ts';
import {
  addTruck,
  DISPOSAL_CENTRE,
  insertManifest,
  seedWasteFixture,
  SITE_CENTRE,
  type WasteFixture,
} from './monitoring-test-support.ts';

const FIX = 0b11; // ignition, fix valid
const FULL = 0b11 << 8;
const COVER = 1 << 17;
const PHONE = '13800000001';
const PLATE = '渝A0M001';

for (const kind of databaseKinds()) {
  describe(`waste monitoring end to end (${kind})`, () => {
    let t: GatewayTestApp;
    let fixture: WasteFixture;
    let admin: Session;
    let manifestId: number;
    let vehicleId: number;

    before(async () => {
      t = await startGatewayTestApp(kind);
      await loadDivisions(t.ctx.db);
      await loadDepartments(t.ctx.db);
      await seedCityManagement(t.ctx, { gridScale: 6 });
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      await createUser(t.ctx, {
        username: 'inspector.jiangbei',
        regionCode: '500105',
        roles: [{ role: 'inspector' }],
      });
      admin = await loginAs(t.app, 'admin');
      fixture = await seedWasteFixture(t.ctx.db, { plate: PLATE, terminalPhone: PHONE });
      manifestId = await insertManifest(t.ctx.db, fixture, 'in_transit', 20);
      vehicleId = await insertVehicle(t.ctx.db, { plate: PLATE, terminalPhone: PHONE });
      await getWasteMonitor(t.ctx).refresh();
    });
    after(async () => {
      await t?.close();
    });

    const settle = async () => {
      const pipeline = getPositionPipeline(t.ctx);
      await pipeline.flush();
      await pipeline.whenListenersIdle();
      await getWasteMonitor(t.ctx).writer.drain();
    };

    const violations = async (query = '') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/waste/violations${query}`,
        headers: admin.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<WasteViolationList>();
    };

    it('turns JT/T 808 positions over TCP into violations with evidence and cases', async () => {
      const terminal = await TestTerminal.connect(t.port, PHONE);
      try {
        await terminal.logIn(PLATE);
        // 5 minutes ago the loaded truck drives ~650 m north of its approved route with the
        // sealed cover open; a position every 10 s, all answered once stored.
        const start = Math.floor(Date.now() / 1000) * 1000 - 300_000;
        const send = async (i: number, statusBits: number) => {
          const serial = terminal.send({
            kind: 'location',
            location: {
              latitude: 29.556,
              longitude: 106.566 + i * 0.0003,
              speedKmh: 30,
              direction: 90,
              altitudeM: 240,
              statusBits,
              alarmBits: 0,
              time: new Date(start + i * 10_000),
            },
          });
          assert.equal((await terminal.replyTo(serial)).result, 0);
        };
        for (let i = 0; i < 8; i++) await send(i, FIX | FULL | COVER);
        await settle();
      } finally {
        terminal.close();
      }
      const list = await violations(`?truckId=${fixture.truckId}`);
      assert.deepEqual(list.items.map((v) => v.rule).sort(), ['cover_open', 'off_route']);
      for (const v of list.items) {
        assert.equal(v.isOngoing, true);
        assert.equal(v.plate, PLATE);
        assert.equal(v.companyName, '渝中渣土运输有限公司');
        assert.equal(v.manifestId, manifestId);
        assert.equal(v.vehicleId, vehicleId);
        assert.ok(v.caseId !== null, `the ${v.rule} violation opened a case`);
        assert.match(v.caseNumber ?? '', /^500103-\d{8}-\d{5}$/);
      }
      const cover = list.items.find((v) => v.rule === 'cover_open')!;
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/waste/violations/${cover.id}`,
        headers: admin.headers,
      });
      const body = detail.json<WasteViolationDetail>();
      assert.ok(body.evidence.positions.length >= 2);
      assert.equal(body.evidence.facts.statusBit, 17);
      assert.equal(body.evidence.facts.loadedBy, 'both');
      assert.ok(body.evidence.positions.every((p) => (p.statusBits & COVER) !== 0));
      // The case: 渣土车违规运输, filed by the monitoring as a sensor, routed to a department.
      const cases = await selectCases(t.ctx.db)
        .select(['c.id', 'c.category_code', 'c.channel', 'c.department_id', 'c.description'])
        .where(
          'c.id',
          'in',
          list.items.map((v) => v.caseId!),
        )
        .execute();
      assert.equal(cases.length, 2);
      for (const c of cases) {
        assert.equal(c.category_code, 'E0307');
        assert.equal(c.channel, 'sensor');
        assert.ok(c.department_id !== null, 'routed to the responsible department');
        assert.match(c.description, new RegExp(PLATE));
      }
    });

    it('keeps one ongoing violation to one case, then ends it when the cover closes', async () => {
      const terminal = await TestTerminal.connect(t.port, PHONE);
      try {
        await terminal.logIn(PLATE);
        const start = Math.floor(Date.now() / 1000) * 1000 - 200_000;
        for (let i = 0; i < 18; i++) {
          const isOpen = i < 4;
          const serial = terminal.send({
            kind: 'location',
            location: {
              // Back on the route, between the sites.
              latitude: SITE_CENTRE.lat,
              longitude: 106.565 + i * 0.0005,
              speedKmh: 30,
              direction: 90,
              altitudeM: 240,
              statusBits: FIX | FULL | (isOpen ? COVER : 0),
              alarmBits: 0,
              time: new Date(start + i * 10_000),
            },
          });
          assert.equal((await terminal.replyTo(serial)).result, 0);
        }
        await settle();
      } finally {
        terminal.close();
      }
      const list = await violations(`?truckId=${fixture.truckId}`);
      assert.equal(list.total, 2, 'still one violation per rule');
      assert.ok(
        list.items.every((v) => !v.isOngoing),
        'both ended',
      );
      const caseIds = new Set(list.items.map((v) => v.caseId));
      assert.equal(caseIds.size, 2);
      const ongoing = await violations('?isOngoing=true');
      assert.equal(ongoing.total, 0);
    });

    it('records entering the disposal site and shows the truck on the live layer', async () => {
      const terminal = await TestTerminal.connect(t.port, PHONE);
      try {
        await terminal.logIn(PLATE);
        const start = Math.floor(Date.now() / 1000) * 1000 - 20_000;
        for (let i = 0; i < 2; i++) {
          const serial = terminal.send({
            kind: 'location',
            location: {
              latitude: DISPOSAL_CENTRE.lat,
              longitude: DISPOSAL_CENTRE.lon - 0.0005 + i * 0.0002,
              speedKmh: 8,
              direction: 90,
              altitudeM: 240,
              statusBits: FIX | FULL,
              alarmBits: 0,
              time: new Date(start + i * 10_000),
            },
          });
          assert.equal((await terminal.replyTo(serial)).result, 0);
        }
        await settle();
      } finally {
        terminal.close();
      }
      const events = await t.app.inject({
        method: 'GET',
        url: `/api/waste/fence-events?truckId=${fixture.truckId}&fenceKind=disposal_site`,
        headers: admin.headers,
      });
      const enter = events.json<WasteFenceEventList>().items;
      assert.equal(enter.length, 1);
      assert.equal(enter[0]!.event, 'enter');
      assert.equal(enter[0]!.fenceName, '测试消纳场');
      const live = await t.app.inject({
        method: 'GET',
        url: '/api/waste/vehicles/live?bbox=106.5,29.5,106.7,29.6',
        headers: admin.headers,
      });
      assert.equal(live.statusCode, 200, live.body);
      const [feature] = live.json<LiveVehicles>().features;
      assert.equal(feature?.properties.plate, PLATE);
      assert.equal(feature?.properties.isLoaded, true);
      assert.equal(feature?.properties.loadSource, 'both');
      assert.equal(feature?.properties.manifestId, manifestId);
      assert.equal(feature?.properties.isCoverOpen, false);
      // Another district's inspector sees neither the truck nor its violations.
      const other = await loginAs(t.app, 'inspector.jiangbei');
      const hidden = await t.app.inject({
        method: 'GET',
        url: '/api/waste/vehicles/live',
        headers: other.headers,
      });
      assert.equal(hidden.json<LiveVehicles>().features.length, 0);
      const [first] = (await violations()).items;
      const notYours = await t.app.inject({
        method: 'GET',
        url: `/api/waste/violations/${first!.id}`,
        headers: other.headers,
      });
      assert.equal(notYours.statusCode, 404);
    });

    it('judges a checkpoint camera’s plate reads against open manifests', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/waste/checkpoints',
        headers: admin.headers,
        payload: {
          code: 'KK-YZ-01',
          name: '渝中卡口一',
          regionCode: '500103',
          lat: 29.556,
          lon: 106.57,
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const checkpoint = created.json<WasteCheckpoint>();
      const adminId = admin.userId;
      const camera = await insertApiKey(t.ctx, {
        ownerUserId: adminId,
        permissions: ['waste:plate-events'],
        regionCode: '500103',
        channel: 'camera',
      });
      await t.ctx.db
        .updateTable('api_keys')
        .set({ device_id: 'KK-YZ-01' })
        .where('id', '=', camera.id)
        .execute();
      const post = (
        payload: object,
        headers: Record<string, string> = { 'x-api-key': camera.secret },
      ) =>
        t.app.inject({
          method: 'POST',
          url: `/api/waste/checkpoints/${checkpoint.id}/plate-events`,
          headers,
          payload,
        });
      const capturedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000).toISOString();
      // With the manifest in transit: no violation.
      const ok = await post({ plate: PLATE, capturedAt, confidence: 0.97, direction: 'in' });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json<PlateEventResult>().manifestId, manifestId);
      assert.equal(ok.json<PlateEventResult>().violationId, null);
      // The load was received: the truck now travels with no open manifest.
      await t.ctx.db
        .updateTable('waste_manifests')
        .set({ status: 'signed', received_at: new Date(), updated_at: new Date() })
        .where('id', '=', manifestId)
        .execute();
      const later = new Date(Date.parse(capturedAt) + 2_000).toISOString();
      const flagged = await post({
        plate: PLATE.toLowerCase(),
        capturedAt: later,
        confidence: 0.95,
      });
      assert.equal(flagged.statusCode, 201, flagged.body);
      const result = flagged.json<PlateEventResult>();
      assert.ok(result.violationId !== null);
      // A camera retry is recognised and judged once.
      const again = await post({ plate: PLATE, capturedAt: later, confidence: 0.95 });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json<PlateEventResult>().isDuplicate, true);
      assert.equal(again.json<PlateEventResult>().violationId, result.violationId);
      // A poor read is stored, not judged; a car that is no waste truck is not judged.
      const blurry = await post({
        plate: PLATE,
        capturedAt: new Date(Date.parse(later) + 1000).toISOString(),
        confidence: 0.3,
      });
      assert.equal(blurry.json<PlateEventResult>().violationId, null);
      const car = await post({ plate: '渝B12345', capturedAt: later, confidence: 0.99 });
      assert.equal(car.json<PlateEventResult>().violationId, null);
      // Staff sessions, other devices' keys and unknown checkpoints are refused.
      assert.equal((await post({ plate: PLATE, capturedAt }, admin.headers)).statusCode, 403);
      const otherCamera = await insertApiKey(t.ctx, {
        ownerUserId: adminId,
        permissions: ['waste:plate-events'],
        regionCode: '500103',
      });
      await t.ctx.db
        .updateTable('api_keys')
        .set({ device_id: 'KK-YZ-99' })
        .where('id', '=', otherCamera.id)
        .execute();
      assert.equal(
        (await post({ plate: PLATE, capturedAt }, { 'x-api-key': otherCamera.secret })).statusCode,
        403,
      );
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/waste/checkpoints/999999/plate-events',
        headers: { 'x-api-key': camera.secret },
        payload: { plate: PLATE, capturedAt },
      });
      assert.equal(missing.statusCode, 404);
      await getWasteMonitor(t.ctx).writer.drain();
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/waste/violations/${result.violationId}`,
        headers: admin.headers,
      });
      const body = detail.json<WasteViolationDetail>();
      assert.equal(body.rule, 'checkpoint_no_manifest');
      assert.equal((body.evidence.facts.checkpoint as { code: string }).code, 'KK-YZ-01');
      assert.ok(body.caseId !== null, 'the violation opened a case');
    });

    it('flags a manifest whose truck never reached its disposal site, once', async () => {
      // Another truck, which has entered no disposal site.
      const second = await addTruck(t.ctx.db, fixture, '渝A0M002', '13800000002');
      const overdue = await insertManifest(t.ctx.db, second, 'in_transit', 400);
      const fresh = await insertManifest(t.ctx.db, second, 'in_transit', 30);
      // The first truck's load of 400 minutes ago reached its disposal site (fence event).
      await insertManifest(t.ctx.db, fixture, 'in_transit', 400);
      assert.equal(await checkManifestArrivals(t.ctx), 1);
      assert.equal(await checkManifestArrivals(t.ctx), 0, 'flagged once');
      const list = await violations('?rule=manifest_not_arrived');
      assert.deepEqual(
        list.items.map((v) => v.manifestId),
        [overdue],
      );
      // Its place is the site it left (no position known), which in this test city lies
      // outside every unit grid: no case, and the reason is kept.
      const overdueDetail = await t.app.inject({
        method: 'GET',
        url: `/api/waste/violations/${list.items[0]!.id}`,
        headers: admin.headers,
      });
      const body = overdueDetail.json<WasteViolationDetail>();
      assert.equal(body.evidence.facts.placeIs, 'construction_site');
      assert.equal(body.caseId, null);
      assert.match(body.caseError ?? '', /unit grid/);
      assert.notEqual(list.items[0]!.manifestId, fresh);
    });

    it('filters violations by rule, period and map box, and refuses bad filters', async () => {
      const all = await violations();
      assert.ok(all.total >= 4);
      const covers = await violations('?rule=cover_open');
      assert.ok(covers.items.every((v) => v.rule === 'cover_open'));
      const future = await violations(`?from=${new Date(Date.now() + 3600_000).toISOString()}`);
      assert.equal(future.total, 0);
      const elsewhere = await violations('?bbox=106.0,29.0,106.1,29.1');
      assert.equal(elsewhere.total, 0);
      const bad = await t.app.inject({
        method: 'GET',
        url: '/api/waste/violations?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
        headers: admin.headers,
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<{ code: string }>().code, 'validation_failed');
    });
  });
}
