// "A manifest whose truck never reached its disposal site": a scheduler job finds loads that
// left longer ago than the timeout (arrivalTimeoutMinutes) and have neither arrived (the
// manifest's arrival, or the truck entering one of its disposal sites' fences since it left)
// nor been flagged before, and records one violation each with the truck's last position.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { monitoringDb } from './monitoring-tables.ts';
import type { StoredViolation } from './violation-writer.ts';

const BATCH = 200;

interface OverdueRow {
  id: string | number;
  manifest_no: string;
  truck_id: number;
  plate: string;
  region_code: string;
  company_id: number;
  left_at: Date;
  destination_site_id: number;
  vehicle_id: number | null;
  site_lat: number;
  site_lon: number;
  last_at: Date | null;
  last_lat: number | null;
  last_lon: number | null;
  last_speed: number | null;
  last_direction: number | null;
  last_alarm: number | null;
  last_status: number | null;
}

/** Records the overdue loads found now; returns the violations written (for their cases). */
export async function findUnarrivedManifests(
  db: Db,
  timeoutMinutes: number,
  now = new Date(),
): Promise<StoredViolation[]> {
  const deadline = new Date(now.getTime() - timeoutMinutes * 60_000);
  const overdue = await sql<OverdueRow>`
    SELECT m.id, m.manifest_no, m.truck_id, t.plate, t.region_code, m.company_id,
      coalesce(m.picked_up_at, m.departed_at) AS left_at, m.destination_site_id,
      v.id AS vehicle_id, cs.lat AS site_lat, cs.lon AS site_lon,
      l.recorded_at AS last_at, l.lat AS last_lat, l.lon AS last_lon, l.speed_kmh AS last_speed,
      l.direction AS last_direction, l.alarm_bits AS last_alarm, l.status_bits AS last_status
    FROM waste_manifests m
    JOIN waste_trucks t ON t.id = m.truck_id
    JOIN waste_construction_sites cs ON cs.id = m.construction_site_id
    LEFT JOIN vehicles v ON v.terminal_phone = t.terminal_phone
    LEFT JOIN vehicle_latest_positions l ON l.vehicle_id = v.id
    WHERE m.status IN ('scheduled', 'in_transit')
      AND m.destination_site_id IS NOT NULL
      AND m.arrived_at IS NULL AND m.received_at IS NULL
      AND coalesce(m.picked_up_at, m.departed_at) < ${deadline}
      AND NOT EXISTS (SELECT 1 FROM waste_violations w
        WHERE w.rule = 'manifest_not_arrived' AND w.manifest_id = m.id)
      AND NOT EXISTS (SELECT 1 FROM waste_fence_events e
        WHERE e.truck_id = m.truck_id AND e.fence_kind = 'disposal_site' AND e.event = 'enter'
          AND e.fence_id IN (m.destination_site_id, m.disposal_site_id,
            coalesce(m.alternate_site_id, m.destination_site_id))
          AND e.at >= coalesce(m.picked_up_at, m.departed_at))
    ORDER BY m.id
    LIMIT ${BATCH}`.execute(db);
  const written: StoredViolation[] = [];
  for (const row of overdue.rows) {
    const hasLast = row.last_at !== null && row.last_lat !== null && row.last_lon !== null;
    const lat = hasLast ? row.last_lat! : row.site_lat;
    const lon = hasLast ? row.last_lon! : row.site_lon;
    const leftAt = new Date(row.left_at);
    const positions = hasLast
      ? [
          {
            recordedAt: new Date(row.last_at!).toISOString(),
            lat,
            lon,
            speedKmh: Number(row.last_speed),
            direction: Number(row.last_direction),
            alarmBits: Number(row.last_alarm),
            statusBits: Number(row.last_status),
          },
        ]
      : [];
    const inserted = await monitoringDb(db)
      .insertInto('waste_violations')
      .values({
        region_code: row.region_code,
        rule: 'manifest_not_arrived',
        truck_id: row.truck_id,
        vehicle_id: row.vehicle_id,
        plate: row.plate,
        company_id: row.company_id,
        manifest_id: Number(row.id),
        started_at: new Date(leftAt.getTime() + timeoutMinutes * 60_000),
        ended_at: now,
        lat,
        lon,
        evidence: JSON.stringify({
          positions,
          positionCount: positions.length,
          facts: {
            manifestNo: row.manifest_no,
            leftAt: leftAt.toISOString(),
            destinationSiteId: row.destination_site_id,
            timeoutMinutes,
            // Where the truck was last seen (its latest position), else the site it left.
            placeIs: hasLast ? 'last_position' : 'construction_site',
          },
        }),
      })
      .onConflict((oc) =>
        oc.column('manifest_id').where('rule', '=', 'manifest_not_arrived').doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) continue; // another process flagged it first
    written.push({
      id: Number(inserted.id),
      rule: 'manifest_not_arrived',
      party: {
        truckId: row.truck_id,
        vehicleId: row.vehicle_id,
        plate: row.plate,
        companyId: row.company_id,
        regionCode: row.region_code,
        manifestId: Number(row.id),
      },
      startedAt: new Date(leftAt.getTime() + timeoutMinutes * 60_000),
      lat,
      lon,
    });
  }
  return written;
}
