// The position pipeline against a real database: batching, count in = count stored, flush on
// close, daily partitions, latest positions, and listeners in order per vehicle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import {
  beijingDayNumber,
  dropExpiredPartitions,
  ensurePartitionsAhead,
  formatDay,
  listPartitionDays,
} from './partitions.ts';
import { onPosition } from './position-listeners.ts';
import { PositionPipeline, type PipelineSettings } from './position-pipeline.ts';
import { insertVehicle } from './telematics-test-support.ts';
import type { VehiclePosition, VehicleRef } from './vehicle-position.ts';

const quietLog = { info() {}, warn() {}, error() {} };
const settings: PipelineSettings = {
  batchRows: 500,
  batchMs: 200,
  flushMaxRows: 5000,
  flushConcurrency: 1,
  bufferHighWaterRows: 50_000,
  latestFlushMs: 60_000,
};

function positionOf(vehicle: VehicleRef, recordedAt: Date, i = 0): VehiclePosition {
  return {
    vehicleId: vehicle.id,
    recordedAt,
    receivedAt: new Date(),
    lat: 29.5 + i / 1e5,
    lon: 106.5 + i / 1e5,
    speedKmh: 30,
    direction: i % 360,
    altitudeM: 200,
    alarmBits: 0,
    statusBits: 3,
    isBlindArea: false,
    source: 'jt808',
    extras: null,
    regionCode: vehicle.regionCode,
  };
}

async function countRows(db: TestDatabase['db'], vehicleId: number): Promise<number> {
  const { n } = await db
    .selectFrom('vehicle_positions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('vehicle_id', '=', vehicleId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of databaseKinds()) {
  describe(`position pipeline (${kind})`, () => {
    let database: TestDatabase;
    let vehicle: VehicleRef;
    let other: VehicleRef;

    before(async () => {
      // The encoding the server picks for each kind.
      settings.isBinaryParameters = kind === 'postgres';
      database = await openTestDatabase(kind);
      const ref = (id: number, plate: string, phone: string): VehicleRef => ({
        id,
        plate,
        terminalPhone: phone,
        regionCode: '500103',
        company: null,
      });
      vehicle = ref(
        await insertVehicle(database.db, { plate: '渝A00001', terminalPhone: '100001' }),
        '渝A00001',
        '100001',
      );
      other = ref(
        await insertVehicle(database.db, { plate: '渝A00002', terminalPhone: '100002' }),
        '渝A00002',
        '100002',
      );
    });
    after(async () => {
      await database.close();
    });

    it('stores a full batch at once and a partial one after batchMs', async () => {
      const pipeline = new PositionPipeline(
        database.db,
        { ...settings, batchRows: 50, batchMs: 150 },
        quietLog,
      );
      const base = Date.now() - 3_600_000;
      let stored = 0;
      pipeline.submit(
        vehicle,
        Array.from({ length: 50 }, (_, i) => positionOf(vehicle, new Date(base + i * 1000), i)),
        (error) => {
          assert.equal(error, null);
          stored += 50;
        },
      );
      await sleep(60);
      assert.equal(stored, 50, 'a full batch does not wait for the timer');
      pipeline.submit(vehicle, [positionOf(vehicle, new Date(base + 60_000))], () => stored++);
      await sleep(40);
      assert.equal(stored, 50, 'a partial batch waits');
      await sleep(250);
      assert.equal(stored, 51);
      await pipeline.close();
      await sql`DELETE FROM vehicle_positions`.execute(database.db);
    });

    it('stores every position submitted and the buffered rest on close', async () => {
      const pipeline = new PositionPipeline(database.db, settings, quietLog);
      const n = 2345;
      const base = Date.now() - 2 * 3_600_000;
      for (let i = 0; i < n; i++) {
        const target = i % 3 === 0 ? other : vehicle;
        pipeline.submit(target, [positionOf(target, new Date(base + i * 1000), i)]);
      }
      await pipeline.close(); // nothing awaited before: close must store the rest
      assert.equal(
        (await countRows(database.db, vehicle.id)) + (await countRows(database.db, other.id)),
        n,
      );
      assert.throws(() => pipeline.submit(vehicle, [positionOf(vehicle, new Date())]), /closed/);
      await sql`DELETE FROM vehicle_positions`.execute(database.db);
    });

    it('creates the partition of a day that has none, on Beijing day boundaries', async () => {
      const pipeline = new PositionPipeline(database.db, settings, quietLog);
      // 23:30 on 1 March and 00:10 on 2 March, Beijing time.
      const late = new Date('2025-03-01T23:30:00+08:00');
      const early = new Date('2025-03-02T00:10:00+08:00');
      await pipeline.store([
        { vehicle, positions: [positionOf(vehicle, late), positionOf(vehicle, early)] },
      ]);
      const days = await listPartitionDays(database.db);
      assert.ok(days.includes('2025-03-01') && days.includes('2025-03-02'), days.join(','));
      const { rows } = await sql<{ partition: string; recorded_at: Date }>`
        SELECT tableoid::regclass::text AS partition, recorded_at FROM vehicle_positions
        WHERE vehicle_id = ${vehicle.id} ORDER BY recorded_at`.execute(database.db);
      assert.deepEqual(
        rows.map((r) => r.partition),
        ['vehicle_positions_20250301', 'vehicle_positions_20250302'],
      );
      await pipeline.close();
      await sql`DELETE FROM vehicle_positions`.execute(database.db);
    });

    it('creates partitions ahead and drops those past retention', async () => {
      const now = Date.now();
      const created = await ensurePartitionsAhead(database.db, now, 2);
      const today = beijingDayNumber(now);
      const days = await listPartitionDays(database.db);
      for (let d = today - 1; d <= today + 2; d++)
        assert.ok(days.includes(formatDay(d)), formatDay(d));
      assert.ok(created >= 0 && created <= 4);
      assert.equal(
        await ensurePartitionsAhead(database.db, now, 2),
        0,
        'a second run creates none',
      );
      // The 2025 partitions of the test above are far past a 30-day retention.
      const dropped = await dropExpiredPartitions(database.db, now, 30);
      assert.ok(dropped >= 2);
      const left = await listPartitionDays(database.db);
      assert.ok(!left.includes('2025-03-01'));
      assert.ok(left.includes(formatDay(today)));
    });

    it('stores again after its partition was dropped behind its back', async () => {
      const pipeline = new PositionPipeline(database.db, settings, quietLog);
      const time = new Date(Date.now() - 40 * 86_400_000);
      await pipeline.store([{ vehicle, positions: [positionOf(vehicle, time)] }]);
      await dropExpiredPartitions(database.db, Date.now(), 30);
      await pipeline.store([{ vehicle, positions: [positionOf(vehicle, time)] }]);
      assert.equal(await countRows(database.db, vehicle.id), 1);
      await pipeline.close();
      await sql`DELETE FROM vehicle_positions`.execute(database.db);
    });

    it('keeps the latest position by device time, never moving back', async () => {
      const pipeline = new PositionPipeline(database.db, settings, quietLog);
      const base = Date.now() - 600_000;
      await pipeline.store([
        {
          vehicle,
          positions: [
            positionOf(vehicle, new Date(base), 1),
            positionOf(vehicle, new Date(base + 60_000), 2),
          ],
        },
      ]);
      // A blind-area re-send arrives later but is older.
      await pipeline.store([
        {
          vehicle,
          positions: [{ ...positionOf(vehicle, new Date(base - 60_000), 3), isBlindArea: true }],
        },
      ]);
      await pipeline.flush();
      const latest = await database.db
        .selectFrom('vehicle_latest_positions')
        .selectAll()
        .where('vehicle_id', '=', vehicle.id)
        .executeTakeFirstOrThrow();
      assert.equal(latest.recorded_at.getTime(), base + 60_000);
      assert.equal(latest.lat, 29.5 + 2 / 1e5);
      await pipeline.close();
      await sql`DELETE FROM vehicle_positions`.execute(database.db);
    });

    it('calls listeners per vehicle in order, and a failing listener breaks nothing', async () => {
      const pipeline = new PositionPipeline(database.db, { ...settings, batchRows: 7 }, quietLog);
      const seen = new Map<number, number[]>();
      let calls = 0;
      const removeSlow = onPosition(async (v, p) => {
        // Slow for one vehicle: the other vehicle's positions must not wait behind it.
        if (v.id === vehicle.id) await sleep(1);
        const list = seen.get(v.id) ?? [];
        list.push(p.recordedAt.getTime());
        seen.set(v.id, list);
      });
      const removeFailing = onPosition(
        () => {
          calls++;
          if (calls % 2 === 0) throw new Error('listener bug');
        },
        { name: 'failing-test-listener' },
      );
      try {
        const base = Date.now() - 3_600_000;
        const n = 60;
        for (let i = 0; i < n; i++) {
          const target = i % 2 === 0 ? vehicle : other;
          pipeline.submit(target, [positionOf(target, new Date(base + i * 1000), i)]);
        }
        await pipeline.flush();
        await pipeline.whenListenersIdle();
        const expectOrder = (v: VehicleRef, parity: number) =>
          Array.from({ length: n }, (_, i) => i)
            .filter((i) => i % 2 === parity)
            .map((i) => base + i * 1000);
        assert.deepEqual(seen.get(vehicle.id), expectOrder(vehicle, 0));
        assert.deepEqual(seen.get(other.id), expectOrder(other, 1));
        assert.equal(calls, n);
        assert.equal(
          (await countRows(database.db, vehicle.id)) + (await countRows(database.db, other.id)),
          n,
        );
      } finally {
        removeSlow();
        removeFailing();
        await pipeline.close();
        await sql`DELETE FROM vehicle_positions`.execute(database.db);
      }
    });

    it('reports pressure above the high-water mark and clears it when drained', async () => {
      const pipeline = new PositionPipeline(
        database.db,
        { ...settings, batchRows: 100_000, batchMs: 10_000, bufferHighWaterRows: 100 },
        quietLog,
      );
      const changes: boolean[] = [];
      pipeline.onPressure((isOverloaded) => changes.push(isOverloaded));
      const base = Date.now() - 3_600_000;
      pipeline.submit(
        vehicle,
        Array.from({ length: 150 }, (_, i) => positionOf(vehicle, new Date(base + i * 1000), i)),
      );
      assert.equal(pipeline.isOverloaded, true);
      await pipeline.flush();
      assert.equal(pipeline.isOverloaded, false);
      assert.deepEqual(changes, [true, false]);
      await pipeline.close();
      await sql`DELETE FROM vehicle_positions`.execute(database.db);
    });
  });
}
