// Test support for the monitoring: a small waste registry written straight into the tables
// (a company, a truck with its terminal, a driver, a construction site and a disposal site in
// 渝中区 with square fences, a route between them, an approval, a manifest in transit).
import type { Db } from '../../../platform/db/database.ts';
import { defaultMonitoringSettings, writeMonitoringSettings } from './monitoring-settings.ts';

export const SITE_CENTRE = { lon: 106.555, lat: 29.55 };
export const DISPOSAL_CENTRE = { lon: 106.585, lat: 29.55 };

const square = (c: { lon: number; lat: number }, half: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [c.lon - half, c.lat - half],
      [c.lon + half, c.lat - half],
      [c.lon + half, c.lat + half],
      [c.lon - half, c.lat + half],
      [c.lon - half, c.lat - half],
    ],
  ],
});

const boxOf = (c: { lon: number; lat: number }, half: number) => ({
  min_lon: c.lon - half,
  min_lat: c.lat - half,
  max_lon: c.lon + half,
  max_lat: c.lat + half,
});

export interface WasteFixture {
  companyId: number;
  truckId: number;
  driverId: number;
  siteId: number;
  disposalSiteId: number;
  routeId: number;
  approvalId: number;
}

export interface FixtureOptions {
  plate?: string;
  terminalPhone?: string;
  /** Approved transport hours (minutes after Beijing midnight). */
  hours?: [number, number];
}

export async function seedWasteFixture(
  db: Db,
  options: FixtureOptions = {},
): Promise<WasteFixture> {
  const region = '500103';
  const company = await db
    .insertInto('waste_companies')
    .values({ region_code: region, name: '渝中渣土运输有限公司', uscc: '91500103MA5U000001' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const truck = await db
    .insertInto('waste_trucks')
    .values({
      region_code: region,
      company_id: company.id,
      plate: options.plate ?? '渝A0M001',
      terminal_phone: options.terminalPhone ?? '13800000001',
      terminal_id: null,
      vehicle_id: null,
      capacity_m3: 18,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const driver = await db
    .insertInto('waste_drivers')
    .values({
      region_code: region,
      company_id: company.id,
      user_id: null,
      name: '张师傅',
      id_number_enc: 'test',
      id_number_hash: `test-${truck.id}`,
      id_number_hint: '5001**********0011',
      phone_enc: null,
      phone_hash: null,
      phone_hint: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const site = await db
    .insertInto('waste_construction_sites')
    .values({
      region_code: region,
      name: '解放碑某工地',
      project_code: null,
      developer: null,
      contractor: null,
      address: null,
      ...SITE_CENTRE,
      fence: JSON.stringify(square(SITE_CENTRE, 0.002)),
      ...boxOf(SITE_CENTRE, 0.002),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const disposal = await db
    .insertInto('waste_disposal_sites')
    .values({
      region_code: region,
      name: '测试消纳场',
      kind: 'landfill',
      operator_name: null,
      address: null,
      capacity_m3: 500_000,
      daily_capacity_m3: null,
      ...DISPOSAL_CENTRE,
      fence: JSON.stringify(square(DISPOSAL_CENTRE, 0.002)),
      ...boxOf(DISPOSAL_CENTRE, 0.002),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const route = await db
    .insertInto('waste_routes')
    .values({
      region_code: region,
      name: '工地—消纳场',
      construction_site_id: site.id,
      disposal_site_id: disposal.id,
      path: JSON.stringify({
        type: 'LineString',
        coordinates: [
          [SITE_CENTRE.lon, SITE_CENTRE.lat],
          [DISPOSAL_CENTRE.lon, DISPOSAL_CENTRE.lat],
        ],
      }),
      corridor_m: 100,
      length_m: 2_900,
      min_lon: SITE_CENTRE.lon,
      min_lat: SITE_CENTRE.lat,
      max_lon: DISPOSAL_CENTRE.lon,
      max_lat: DISPOSAL_CENTRE.lat,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The positions of these tests are timed by the wall clock: with the default night ban
  // (23:00–05:00 Beijing) a run late in the evening would add night_ban violations to every
  // test. The ban has its own tests with fixed times (rule-engine, sim-violations).
  await writeMonitoringSettings(db, { ...defaultMonitoringSettings, nightBan: null });
  const [hoursStart, hoursEnd] = options.hours ?? [0, 1440];
  const approval = await db
    .insertInto('waste_approvals')
    .values({
      region_code: region,
      approval_no: `渝中核准-${truck.id}`,
      construction_site_id: site.id,
      waste_types: ['muck'],
      permitted_volume_m3: 10_000,
      valid_from: '2020-01-01',
      valid_to: '2099-12-31',
      hours_start: hoursStart,
      hours_end: hoursEnd,
      issued_by: null,
      note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('waste_approval_companies')
    .values({ approval_id: approval.id, company_id: company.id, region_code: region })
    .execute();
  await db
    .insertInto('waste_approval_disposal_sites')
    .values({ approval_id: approval.id, disposal_site_id: disposal.id, region_code: region })
    .execute();
  await db
    .insertInto('waste_approval_routes')
    .values({ approval_id: approval.id, route_id: route.id, region_code: region })
    .execute();
  return {
    companyId: company.id,
    truckId: truck.id,
    driverId: driver.id,
    siteId: site.id,
    disposalSiteId: disposal.id,
    routeId: route.id,
    approvalId: approval.id,
  };
}

/** Another truck of the fixture's company (same sites, route and approval). */
export async function addTruck(
  db: Db,
  fixture: WasteFixture,
  plate: string,
  terminalPhone: string,
): Promise<WasteFixture> {
  const truck = await db
    .insertInto('waste_trucks')
    .values({
      region_code: '500103',
      company_id: fixture.companyId,
      plate,
      terminal_phone: terminalPhone,
      terminal_id: null,
      vehicle_id: null,
      capacity_m3: 18,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...fixture, truckId: truck.id };
}

let manifestSeq = 0;

/** A manifest of the fixture's truck in a status, left `leftMinutesAgo` (loaded statuses). */
export async function insertManifest(
  db: Db,
  fixture: WasteFixture,
  status: 'pending' | 'scheduled' | 'in_transit' | 'signed',
  leftMinutesAgo = 10,
): Promise<number> {
  const left = new Date(Date.now() - leftMinutesAgo * 60_000);
  const isOut = status !== 'pending';
  const row = await db
    .insertInto('waste_manifests')
    .values({
      region_code: '500103',
      manifest_no: `500103-TEST-${String(++manifestSeq).padStart(4, '0')}-${fixture.truckId}`,
      approval_id: fixture.approvalId,
      construction_site_id: fixture.siteId,
      company_id: fixture.companyId,
      truck_id: fixture.truckId,
      driver_id: fixture.driverId,
      disposal_site_id: fixture.disposalSiteId,
      alternate_site_id: null,
      destination_site_id: fixture.disposalSiteId,
      route_id: fixture.routeId,
      waste_type: 'muck',
      declared_volume_m3: 16,
      received_volume_m3: null,
      received_waste_type: null,
      received_site_id: null,
      planned_date: left.toISOString().slice(0, 10),
      status,
      departed_at: isOut ? left : null,
      picked_up_at: isOut && status !== 'scheduled' ? left : null,
      arrived_at: null,
      received_at: status === 'signed' ? new Date() : null,
      returned_at: null,
      rejection_reason: null,
      discrepancy_ratio: null,
      discrepancy_resolved_at: null,
      discrepancy_resolution: null,
      discrepancy_escalated_at: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
