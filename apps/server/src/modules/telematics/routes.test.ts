// The telematics HTTP API: batch ingestion with row errors, tracks, latest positions, vehicles,
// region scoping.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  PositionIngestResult,
  VehicleList,
  VehiclePositionFeatureCollection,
  VehicleTrack,
  VehicleView,
} from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  insertApiKey,
  openSession,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';
import { getPositionPipeline } from './runtime.ts';
import { insertVehicle, storedPositions } from './telematics-test-support.ts';

const iso = (ms: number) => new Date(ms).toISOString();
/** ISO with the +08:00 zone, as Chinese platforms usually send it. */
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');

for (const kind of databaseKinds()) {
  describe(`telematics API (${kind})`, () => {
    let t: TestApp;
    let cityKey: string;
    let jiangbeiKey: string;
    let dispatcher: Session;
    let jiangbeiDispatcher: Session;
    let admin: Session;
    let citizen: Session;
    let yuzhongTruck: number;
    let jiangbeiTruck: number;
    const now = Date.now();

    const ingest = (key: string, payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/telematics/positions',
        headers: { 'x-api-key': key },
        payload: payload as object,
      });
    const get = (session: Session, url: string) =>
      t.app.inject({ method: 'GET', url, headers: session.headers });

    before(async () => {
      t = await startTestApp(kind);
      const adminId = await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      cityKey = (
        await insertApiKey(t.ctx, { ownerUserId: adminId, permissions: ['telematics:ingest'] })
      ).secret;
      jiangbeiKey = (
        await insertApiKey(t.ctx, {
          ownerUserId: adminId,
          permissions: ['telematics:ingest'],
          regionCode: '500105',
        })
      ).secret;
      admin = await openSession(t.ctx, adminId);
      dispatcher = await openSession(
        t.ctx,
        await createUser(t.ctx, { username: 'dispatcher', roles: [{ role: 'dispatcher' }] }),
      );
      jiangbeiDispatcher = await openSession(
        t.ctx,
        await createUser(t.ctx, {
          username: 'dispatcher.jiangbei',
          regionCode: '500105',
          roles: [{ role: 'dispatcher' }],
        }),
      );
      citizen = await openSession(
        t.ctx,
        await createUser(t.ctx, {
          username: 'citizen1',
          kind: 'citizen',
          roles: [{ role: 'citizen' }],
        }),
      );
      yuzhongTruck = await insertVehicle(t.ctx.db, {
        plate: '渝A50001',
        terminalPhone: '13950000001',
        regionCode: '500103',
        company: '重庆渝中运输有限公司',
      });
      jiangbeiTruck = await insertVehicle(t.ctx.db, {
        plate: '渝A50002',
        terminalPhone: '13950000002',
        regionCode: '500105',
      });
      await insertVehicle(t.ctx.db, {
        plate: '渝A50003',
        terminalPhone: '13950000003',
        status: 'suspended',
      });
    });
    after(() => t.close());

    it('stores the good rows of a forwarded batch and names every refused row', async () => {
      const rows = [
        // 0: good, by terminal phone, Beijing zone
        {
          terminalPhone: '13950000001',
          recordedAt: beijing(now - 300_000),
          lat: 29.556,
          lon: 106.568,
          speedKmh: 35.5,
          direction: 90,
        },
        // 1: good, by plate, UTC, with alarm and status
        {
          plate: '渝A50001',
          recordedAt: iso(now - 240_000),
          lat: 29.557,
          lon: 106.569,
          speedKmh: 70,
          direction: 360,
          alarm: 2,
          status: 3,
        },
        // 2: outside Chongqing (Chengdu)
        {
          terminalPhone: '13950000001',
          recordedAt: iso(now - 200_000),
          lat: 30.66,
          lon: 104.06,
          speedKmh: 10,
          direction: 0,
        },
        // 3: unknown vehicle
        {
          terminalPhone: '13999999999',
          recordedAt: iso(now - 200_000),
          lat: 29.5,
          lon: 106.5,
          speedKmh: 10,
          direction: 0,
        },
        // 4: no zone on the time
        {
          terminalPhone: '13950000001',
          recordedAt: '2026-03-01T08:00:00',
          lat: 29.5,
          lon: 106.5,
          speedKmh: 10,
          direction: 0,
        },
        // 5: a day ahead
        {
          terminalPhone: '13950000001',
          recordedAt: iso(now + 86_400_000),
          lat: 29.5,
          lon: 106.5,
          speedKmh: 10,
          direction: 0,
        },
        // 6: neither phone nor plate
        { recordedAt: iso(now - 100_000), lat: 29.5, lon: 106.5, speedKmh: 10, direction: 0 },
        // 7: suspended vehicle
        {
          terminalPhone: '13950000003',
          recordedAt: iso(now - 100_000),
          lat: 29.5,
          lon: 106.5,
          speedKmh: 10,
          direction: 0,
        },
        // 8: direction out of range
        {
          terminalPhone: '13950000001',
          recordedAt: iso(now - 100_000),
          lat: 29.5,
          lon: 106.5,
          speedKmh: 10,
          direction: 400,
        },
        // 9: good, the other district's truck (the city key covers it)
        {
          terminalPhone: '13950000002',
          recordedAt: iso(now - 100_000),
          lat: 29.575,
          lon: 106.532,
          speedKmh: 0,
          direction: 0,
        },
      ];
      const res = await ingest(cityKey, rows);
      assert.equal(res.statusCode, 200, res.body);
      const result = res.json<PositionIngestResult>();
      assert.equal(result.accepted, 3);
      assert.equal(result.rejected, 7);
      assert.deepEqual(
        result.errors.map((e) => [e.index, e.reason]),
        [
          [2, 'outside_city'],
          [3, 'unknown_vehicle'],
          [4, 'bad_time'],
          [5, 'time_out_of_range'],
          [6, 'no_vehicle'],
          [7, 'vehicle_inactive'],
          [8, 'bad_value'],
        ],
      );
      // Answered once stored.
      const stored = await storedPositions(t.ctx.db, yuzhongTruck);
      assert.deepEqual(
        stored.map((r) => [
          r.recorded_at.getTime(),
          r.lat,
          r.lon,
          r.direction,
          r.alarm_bits,
          r.status_bits,
          r.source,
        ]),
        [
          [now - 300_000, 29.556, 106.568, 90, 0, 0, 'http'],
          [now - 240_000, 29.557, 106.569, 0, 2, 3, 'http'],
        ],
      );
      assert.equal((await storedPositions(t.ctx.db, jiangbeiTruck)).length, 1);
    });

    it("refuses rows for vehicles outside the key's region, and bodies of the wrong shape", async () => {
      const res = await ingest(jiangbeiKey, [
        {
          terminalPhone: '13950000001',
          recordedAt: iso(now - 50_000),
          lat: 29.55,
          lon: 106.56,
          speedKmh: 1,
          direction: 1,
        },
        {
          terminalPhone: '13950000002',
          recordedAt: iso(now - 50_000),
          lat: 29.57,
          lon: 106.53,
          speedKmh: 1,
          direction: 1,
        },
      ]);
      assert.equal(res.statusCode, 200, res.body);
      const result = res.json<PositionIngestResult>();
      assert.equal(result.accepted, 1);
      assert.deepEqual(
        result.errors.map((e) => [e.index, e.reason]),
        [[0, 'out_of_scope']],
      );
      const wrongType = await ingest(cityKey, [
        {
          terminalPhone: '13950000001',
          recordedAt: iso(now),
          lat: '29.5',
          lon: 106.5,
          speedKmh: 1,
          direction: 1,
        },
      ]);
      assert.equal(wrongType.statusCode, 400);
      assert.equal(wrongType.json().details.field, '0.lat');
      assert.equal((await ingest(cityKey, [])).statusCode, 400);
      const noKey = await t.app.inject({
        method: 'POST',
        url: '/api/telematics/positions',
        payload: [],
      });
      assert.equal(noKey.statusCode, 401);
      const session = await t.app.inject({
        method: 'POST',
        url: '/api/telematics/positions',
        headers: dispatcher.headers,
        payload: [],
      });
      assert.equal(session.statusCode, 403);
    });

    it('answers a track ordered by device time within the range, limited and truncated', async () => {
      const base = now - 2 * 3_600_000;
      const times = [50, 10, 40, 20, 30].map((m) => base + m * 60_000);
      const res = await ingest(
        cityKey,
        times.map((ms, i) => ({
          terminalPhone: '13950000002',
          recordedAt: iso(ms),
          lat: 29.57 + i / 1000,
          lon: 106.53,
          speedKmh: 20,
          direction: 0,
        })),
      );
      assert.equal(res.json<PositionIngestResult>().accepted, 5);
      const url = (from: number, to: number, extra = '') =>
        `/api/vehicles/${jiangbeiTruck}/track?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}${extra}`;
      const track = await get(dispatcher, url(base + 15 * 60_000, base + 50 * 60_000));
      assert.equal(track.statusCode, 200, track.body);
      const body = track.json<VehicleTrack>();
      // 20, 30, 40 minutes: from is inclusive, to exclusive.
      assert.deepEqual(
        body.points.map((p) => Date.parse(p.recordedAt)),
        [20, 30, 40].map((m) => base + m * 60_000),
      );
      assert.equal(body.isTruncated, false);
      const limited = (
        await get(dispatcher, url(base, base + 3_600_000, '&limit=2'))
      ).json<VehicleTrack>();
      assert.deepEqual(
        limited.points.map((p) => Date.parse(p.recordedAt)),
        [10, 20].map((m) => base + m * 60_000),
      );
      assert.equal(limited.isTruncated, true);
      const tooLong = await get(dispatcher, url(base - 25 * 3_600_000, base));
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().details.field, 'to');
      assert.equal((await get(dispatcher, url(base, base))).statusCode, 400);
      // A district dispatcher sees only the district's vehicles.
      assert.equal((await get(jiangbeiDispatcher, url(base, base + 3_600_000))).statusCode, 200);
      const otherDistrict = await get(
        jiangbeiDispatcher,
        `/api/vehicles/${yuzhongTruck}/track?from=${encodeURIComponent(iso(base))}&to=${encodeURIComponent(iso(base + 60_000))}`,
      );
      assert.equal(otherDistrict.statusCode, 404);
      assert.equal((await get(citizen, url(base, base + 60_000))).statusCode, 403);
    });

    it('lists vehicles with their latest positions, within the caller’s regions', async () => {
      await getPositionPipeline(t.ctx).flush();
      const all = (await get(dispatcher, '/api/vehicles')).json<VehicleList>();
      assert.deepEqual(
        all.items.map((v) => v.plate),
        ['渝A50001', '渝A50002', '渝A50003'],
      );
      const yuzhong = all.items[0]!;
      // Latest by device time: the row recorded 240 s before the test started.
      assert.equal(yuzhong.latest?.recordedAt, iso(now - 240_000));
      assert.equal(yuzhong.latest?.alarmBits, 2);
      assert.equal(yuzhong.company, '重庆渝中运输有限公司');
      assert.equal(all.items[2]!.latest, null);
      const jiangbei = (await get(jiangbeiDispatcher, '/api/vehicles')).json<VehicleList>();
      assert.deepEqual(
        jiangbei.items.map((v) => v.plate),
        ['渝A50002'],
      );
      const search = (await get(dispatcher, '/api/vehicles?q=50003')).json<VehicleList>();
      assert.deepEqual(
        search.items.map((v) => v.status),
        ['suspended'],
      );
      const one = await get(dispatcher, `/api/vehicles/${yuzhongTruck}`);
      assert.equal(one.json<VehicleView>().terminalPhone, '13950000001');
      assert.equal(
        (await get(jiangbeiDispatcher, `/api/vehicles/${yuzhongTruck}`)).statusCode,
        404,
      );
      assert.equal((await get(citizen, '/api/vehicles')).statusCode, 403);
    });

    it('answers the latest positions in a map box as GeoJSON points', async () => {
      await getPositionPipeline(t.ctx).flush();
      const box = '106.55,29.55,106.58,29.56';
      const res = await get(dispatcher, `/api/vehicles/positions/latest?bbox=${box}`);
      assert.equal(res.statusCode, 200, res.body);
      const collection = res.json<VehiclePositionFeatureCollection>();
      assert.deepEqual(
        collection.features.map((f) => f.properties.plate),
        ['渝A50001'],
      );
      assert.deepEqual(collection.features[0]!.geometry.coordinates, [106.569, 29.557]);
      const everywhere = (
        await get(dispatcher, '/api/vehicles/positions/latest')
      ).json<VehiclePositionFeatureCollection>();
      assert.equal(everywhere.features.length, 2);
      const scoped = (
        await get(jiangbeiDispatcher, '/api/vehicles/positions/latest')
      ).json<VehiclePositionFeatureCollection>();
      assert.deepEqual(
        scoped.features.map((f) => f.properties.plate),
        ['渝A50002'],
      );
      assert.equal(
        (await get(dispatcher, '/api/vehicles/positions/latest?bbox=107,29,106,30')).statusCode,
        400,
      );
    });

    it('registers a vehicle, refusing a duplicate terminal and an unknown region', async () => {
      const create = (payload: object) =>
        t.app.inject({ method: 'POST', url: '/api/vehicles', headers: admin.headers, payload });
      const res = await create({
        plate: '渝A50009',
        terminalPhone: '013950000009',
        regionCode: '500105',
        company: '江北渣土',
      });
      assert.equal(res.statusCode, 201, res.body);
      const vehicle = res.json<VehicleView>();
      assert.equal(vehicle.terminalPhone, '13950000009'); // as JT/T 808 headers carry it
      assert.equal(vehicle.status, 'active');
      assert.equal(
        (await create({ plate: '渝A50010', terminalPhone: '13950000009', regionCode: '500105' }))
          .statusCode,
        409,
      );
      assert.equal(
        (await create({ plate: '渝A50009', terminalPhone: '13950000010', regionCode: '500105' }))
          .statusCode,
        409,
      );
      const unknownRegion = await create({
        plate: '渝A50011',
        terminalPhone: '13950000011',
        regionCode: '500199',
      });
      assert.equal(unknownRegion.statusCode, 400);
      const byDispatcher = await t.app.inject({
        method: 'POST',
        url: '/api/vehicles',
        headers: dispatcher.headers,
        payload: { plate: '渝A50012', terminalPhone: '13950000012', regionCode: '500105' },
      });
      assert.equal(byDispatcher.statusCode, 403);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'subject_id'])
        .where('subject_type', '=', 'vehicle')
        .execute();
      assert.deepEqual(audit, [{ action: 'vehicle.created', subject_id: String(vehicle.id) }]);
    });
  });
}
