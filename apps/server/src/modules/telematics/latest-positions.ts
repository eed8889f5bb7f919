// The latest position of every vehicle: kept in memory as positions are stored, written to
// vehicle_latest_positions once per interval (one row per vehicle however many positions came),
// never moving back in device time — so several server processes may write it.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { VehiclePosition } from './vehicle-position.ts';

const CHUNK_ROWS = 2000;

export class LatestPositions {
  readonly #latest = new Map<number, VehiclePosition>();
  #dirty = new Set<number>();
  #writing: Promise<void> = Promise.resolve();

  /** The newest position seen for a vehicle by this process. */
  get(vehicleId: number): VehiclePosition | undefined {
    return this.#latest.get(vehicleId);
  }

  /** Keeps the position if it is newer (device time) than the one held. */
  update(position: VehiclePosition): void {
    // 0,0 is what terminals without a fix report: not a place the truck has been.
    if (position.lat === 0 && position.lon === 0) return;
    const held = this.#latest.get(position.vehicleId);
    if (held !== undefined && held.recordedAt.getTime() > position.recordedAt.getTime()) return;
    this.#latest.set(position.vehicleId, position);
    this.#dirty.add(position.vehicleId);
  }

  get dirtyCount(): number {
    return this.#dirty.size;
  }

  /** Writes the vehicles changed since the last write; writes never overlap. */
  write(db: Db): Promise<void> {
    const next = this.#writing.then(() => this.#writeDirty(db));
    this.#writing = next.catch(() => {});
    return next;
  }

  async #writeDirty(db: Db): Promise<void> {
    if (this.#dirty.size === 0) return;
    const ids = [...this.#dirty].sort((a, b) => a - b); // one lock order: no deadlock between writers
    this.#dirty = new Set();
    try {
      for (let start = 0; start < ids.length; start += CHUNK_ROWS) {
        const rows = ids.slice(start, start + CHUNK_ROWS).map((id) => this.#latest.get(id)!);
        await upsertLatest(db, rows);
      }
    } catch (error) {
      for (const id of ids) this.#dirty.add(id); // written again next time
      throw error;
    }
  }
}

async function upsertLatest(db: Db, rows: VehiclePosition[]): Promise<void> {
  await sql`
    INSERT INTO vehicle_latest_positions (vehicle_id, recorded_at, received_at, lat, lon,
      speed_kmh, direction, altitude_m, alarm_bits, status_bits, region_code)
    SELECT * FROM unnest(
      ${rows.map((r) => r.vehicleId)}::int4[],
      ${rows.map((r) => r.recordedAt.toISOString())}::timestamptz[],
      ${rows.map((r) => r.receivedAt.toISOString())}::timestamptz[],
      ${rows.map((r) => r.lat)}::float8[],
      ${rows.map((r) => r.lon)}::float8[],
      ${rows.map((r) => r.speedKmh)}::float4[],
      ${rows.map((r) => r.direction)}::int2[],
      ${rows.map((r) => r.altitudeM)}::int4[],
      ${rows.map((r) => r.alarmBits)}::int8[],
      ${rows.map((r) => r.statusBits)}::int8[],
      ${rows.map((r) => r.regionCode)}::text[])
    ON CONFLICT (vehicle_id) DO UPDATE SET
      recorded_at = EXCLUDED.recorded_at, received_at = EXCLUDED.received_at,
      lat = EXCLUDED.lat, lon = EXCLUDED.lon, speed_kmh = EXCLUDED.speed_kmh,
      direction = EXCLUDED.direction, altitude_m = EXCLUDED.altitude_m,
      alarm_bits = EXCLUDED.alarm_bits, status_bits = EXCLUDED.status_bits,
      region_code = EXCLUDED.region_code
    WHERE vehicle_latest_positions.recorded_at <= EXCLUDED.recorded_at`.execute(db);
}
