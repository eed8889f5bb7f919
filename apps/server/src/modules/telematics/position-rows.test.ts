// The insert's hand-built array parameters survive the trip through PostgreSQL and PGlite (as
// text literals) and through PostgreSQL (as binary arrays): instants to the millisecond, every
// column's value, extras with quotes and backslashes, no extras, and text that needs escaping.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { ensurePartitionsAhead } from './partitions.ts';
import {
  binaryPositionParameters,
  insertPositionsBinaryStatement,
  insertPositionsStatement,
  positionParameters,
} from './position-rows.ts';
import { insertVehicle } from './telematics-test-support.ts';
import type { VehiclePosition } from './vehicle-position.ts';

for (const kind of databaseKinds()) {
  describe(`position rows (${kind})`, () => {
    let database: TestDatabase;
    let next = 0;

    before(async () => {
      database = await openTestDatabase(kind);
      await ensurePartitionsAhead(database.db, Date.now());
    });
    after(async () => database.close());

    const encodings = [
      { name: 'text', statement: insertPositionsStatement, encode: positionParameters },
      // pg sends Buffers in binary format; PGlite has no such path and takes the text.
      ...(kind === 'postgres'
        ? [
            {
              name: 'binary',
              statement: insertPositionsBinaryStatement,
              encode: binaryPositionParameters,
            },
          ]
        : []),
    ];
    for (const { name, statement, encode } of encodings)
      it(`stores every column as given (${name}), with or without extras`, async () => {
        next++;
        const vehicleId = await insertVehicle(database.db, {
          plate: `渝A0R00${next}`,
          terminalPhone: `130000${next}`,
        });
        const now = Date.now();
        const positions: VehiclePosition[] = [
          {
            vehicleId,
            recordedAt: new Date(now - 61_000),
            receivedAt: new Date(now - 123),
            lat: 29.563123456789,
            lon: 106.551987654321,
            speedKmh: 42.5,
            direction: 359,
            altitudeM: -12,
            alarmBits: 0xffffffff,
            statusBits: 0x80000003,
            isBlindArea: true,
            source: 'jt808',
            extras: { mileageKm: 1234.5, note: 'a "quoted" \\ back\\slash, {braces}' },
            regionCode: '500103',
          },
          {
            vehicleId,
            recordedAt: new Date(now - 60_000 + 7),
            receivedAt: new Date(now),
            lat: 29.5,
            lon: 106.5,
            speedKmh: 0,
            direction: 0,
            altitudeM: 0,
            alarmBits: 0,
            statusBits: 0,
            isBlindArea: false,
            source: 'http',
            extras: null,
            regionCode: 'a"b\\c',
          },
        ];
        await database.db.executeQuery(CompiledQuery.raw(statement, encode(positions)));
        const rows = await database.db
          .selectFrom('vehicle_positions')
          .selectAll()
          .where('vehicle_id', '=', vehicleId)
          .orderBy('recorded_at')
          .execute();
        assert.equal(rows.length, 2);
        positions.forEach((p, i) => {
          const row = rows[i]!;
          assert.equal(row.recorded_at.getTime(), p.recordedAt.getTime());
          assert.equal(row.received_at.getTime(), p.receivedAt.getTime());
          assert.equal(row.lat, p.lat);
          assert.equal(row.lon, p.lon);
          assert.equal(row.speed_kmh, p.speedKmh);
          assert.equal(row.direction, p.direction);
          assert.equal(row.altitude_m, p.altitudeM);
          assert.equal(Number(row.alarm_bits), p.alarmBits);
          assert.equal(Number(row.status_bits), p.statusBits);
          assert.equal(row.is_blind_area, p.isBlindArea);
          assert.equal(row.source, p.source);
          assert.deepEqual(row.extras, p.extras);
          assert.equal(row.region_code, p.regionCode);
        });
      });
  });
}
