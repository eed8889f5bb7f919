// The demo's registry, entered through the module's own services by the city's waste officer:
// 5 transport companies with 100 trucks numbered as tools/vehicle-sim numbers them and their
// drivers, 22 construction sites, 8 disposal and recycling sites, routes, one approval per
// site (one expired, one suspended, one nearly used up), and the accounts acting for each.
import type { WasteApprovalBody, WasteApprovalView } from '@citygov/contracts';
import { hashPassword } from '../../../platform/auth/sessions.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { loadUserPrincipal } from '../../../platform/auth/sessions.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import {
  DEMO_PASSWORD,
  demoEnterprise,
  demoPerson,
  type DemoSeedContext,
} from '../../../demo/index.ts';
import { beijingDay } from '../registry/approval-rules.ts';
import { createApproval, getApproval, updateApproval } from '../registry/approvals.ts';
import { createCompany } from '../registry/companies.ts';
import { createConstructionSite } from '../registry/construction-sites.ts';
import { createDisposalSite } from '../registry/disposal-sites.ts';
import { createDriver } from '../registry/drivers.ts';
import { createRoute } from '../registry/transport-routes.ts';
import { createTruck } from '../registry/trucks.ts';
import { distanceM } from '../waste-geometry.ts';
import {
  demoCompanies,
  demoDisposalSites,
  demoSites,
  fenceAround,
  pointFrom,
} from './demo-places.ts';
import { simPlateOf, simTerminalIdOf, simTerminalPhoneOf } from './sim-numbering.ts';

export const DEMO_TRUCKS = 100;
const DRIVERS_PER_COMPANY = 24;
const DAY_MS = 86_400_000;

export interface DemoRegistry {
  officer: Principal;
  sites: Array<{ id: number; name: string; lat: number; lon: number; account: string }>;
  disposal: Array<{ id: number; kind: 'landfill' | 'recycling'; account: string }>;
  companies: Array<{
    id: number;
    account: string;
    trucks: Array<{ id: number; capacity: number }>;
    drivers: number[];
  }>;
  approvals: Array<{ id: number; siteIndex: number; companyIds: number[]; disposalIds: number[] }>;
}

interface AccountSpec {
  username: string;
  displayName: string;
  kind: 'staff' | 'enterprise';
  role: string;
  regionCode: string;
}

async function insertAccounts(ctx: AppContext, specs: AccountSpec[]) {
  const hash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, number>();
  for (const s of specs) {
    const row = await ctx.db
      .insertInto('users')
      .values({
        username: s.username,
        kind: s.kind,
        display_name: s.displayName,
        password_hash: hash,
        region_code: s.regionCode,
        department_id: null,
        person_id: null,
        enterprise_id: null,
        is_demo: true,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    const id =
      row?.id ??
      (
        await ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', s.username)
          .executeTakeFirstOrThrow()
      ).id;
    ids.set(s.username, id);
    if (row) {
      await ctx.db
        .insertInto('user_roles')
        .values({
          user_id: id,
          role: s.role,
          region_code: s.kind === 'staff' ? s.regionCode : '500000',
          department_id: null,
        })
        .execute();
    }
  }
  return ids;
}

async function principalOf(ctx: AppContext, userId: number): Promise<Principal> {
  const p = await loadUserPrincipal(ctx.db, userId, { sessionId: null, isCookieAuth: false });
  if (!p) throw new Error(`demo account ${userId} is disabled`);
  return p;
}

async function addMember(
  ctx: AppContext,
  userId: number,
  kind: 'construction_site' | 'company' | 'disposal_site',
  partyId: number,
  regionCode: string,
) {
  await ctx.db
    .insertInto('waste_party_members')
    .values({ user_id: userId, party_kind: kind, party_id: partyId, region_code: regionCode })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A bent path from a site to a disposal site: through two waypoints off the straight line. */
function pathBetween(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
  bend: number,
) {
  const at = (f: number, side: number) => {
    const lat = a.lat + (b.lat - a.lat) * f + (b.lon - a.lon) * side;
    const lon = a.lon + (b.lon - a.lon) * f - (b.lat - a.lat) * side;
    return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] as [number, number];
  };
  return {
    type: 'LineString' as const,
    coordinates: [at(0, 0), at(0.33, bend), at(0.66, -bend / 2), at(1, 0)],
  };
}

export async function seedDemoRegistry(seed: DemoSeedContext, now: Date): Promise<DemoRegistry> {
  const { ctx } = seed;
  const accounts: AccountSpec[] = [
    {
      username: 'wasteofficer',
      displayName: '市城管局建筑垃圾监管科',
      kind: 'staff',
      role: 'waste_officer',
      regionCode: '500000',
    },
    {
      username: 'wasteofficer.yuzhong',
      displayName: '渝中区城管局渣土办',
      kind: 'staff',
      role: 'waste_officer',
      regionCode: '500103',
    },
    ...demoSites.map((s, i) => ({
      username: `site${i + 1}`,
      displayName: `${s.name}项目部`,
      kind: 'enterprise' as const,
      role: 'waste_site',
      regionCode: s.district,
    })),
    ...demoCompanies.map((c, i) => ({
      username: `transport${i + 1}`,
      displayName: c.name,
      kind: 'enterprise' as const,
      role: 'waste_transport',
      regionCode: c.district,
    })),
    {
      username: 'driver1',
      displayName: '驾驶员',
      kind: 'enterprise',
      role: 'waste_transport',
      regionCode: demoCompanies[0]!.district,
    },
    ...demoDisposalSites.map((d, i) => ({
      username: `disposal${i + 1}`,
      displayName: d.name,
      kind: 'enterprise' as const,
      role: 'waste_disposal',
      regionCode: d.district,
    })),
  ];
  const ids = await insertAccounts(ctx, accounts);
  const officer = await principalOf(ctx, ids.get('wasteofficer')!);

  const companies: DemoRegistry['companies'] = [];
  for (const [i, c] of demoCompanies.entries()) {
    const made = await createCompany(ctx.db, officer, {
      regionCode: c.district,
      name: c.name,
      uscc: demoEnterprise(200 + i, seed.places).uscc,
      transportLicenceNo: c.licenceNo,
      contactName: c.contactName,
      contactPhone: c.contactPhone,
    });
    await addMember(ctx, ids.get(`transport${i + 1}`)!, 'company', made.id, c.district);
    companies.push({ id: made.id, account: `transport${i + 1}`, trucks: [], drivers: [] });
  }
  for (let i = 0; i < DEMO_TRUCKS; i++) {
    const company = companies[i % companies.length]!;
    const random = seed.random('waste-truck', i);
    const capacity = random.pick([12, 14, 16, 18]);
    const truck = await createTruck(ctx.db, officer, {
      companyId: company.id,
      plate: simPlateOf(i),
      terminalPhone: simTerminalPhoneOf(i),
      terminalId: simTerminalIdOf(i),
      capacityM3: capacity,
      // A few older trucks carry no sealed-cover sensor.
      hasCoverSensor: !random.chance(0.05),
    });
    company.trucks.push({ id: truck.id, capacity });
  }
  for (const [c, company] of companies.entries()) {
    for (let k = 0; k < DRIVERS_PER_COMPANY; k++) {
      const person = demoPerson(4_400 + c * DRIVERS_PER_COMPANY + k, seed.places);
      const driver = await createDriver(ctx.db, ctx.cipher, officer, {
        companyId: company.id,
        name: person.name,
        idNumber: person.idNumber,
        phone: person.phone,
      });
      company.drivers.push(driver.id);
    }
  }
  await ctx.db
    .updateTable('waste_drivers')
    .set({ user_id: ids.get('driver1')! })
    .where('id', '=', companies[0]!.drivers[0]!)
    .execute();
  await ctx.db
    .updateTable('users')
    .set({ display_name: '驾驶员（渝运渣土）' })
    .where('id', '=', ids.get('driver1')!)
    .execute();

  const disposal: DemoRegistry['disposal'] = [];
  const disposalPoints: Array<{ lat: number; lon: number }> = [];
  for (const [i, d] of demoDisposalSites.entries()) {
    const point = pointFrom(d.district, d.east, d.north);
    const made = await createDisposalSite(ctx.db, officer, {
      regionCode: d.district,
      name: d.name,
      kind: d.kind,
      operatorName: d.operatorName,
      address: d.address,
      capacityM3: d.capacityM3,
      dailyCapacityM3: d.dailyCapacityM3,
      lat: point.lat,
      lon: point.lon,
      fence: fenceAround(
        point.lat,
        point.lon,
        d.kind === 'landfill' ? 450 : 250,
        [0.2, 0.7, 0.4, 0.9, 0.3, 0.6],
      ),
    });
    await addMember(ctx, ids.get(`disposal${i + 1}`)!, 'disposal_site', made.id, d.district);
    disposal.push({ id: made.id, kind: d.kind, account: `disposal${i + 1}` });
    disposalPoints.push(point);
  }

  const sites: DemoRegistry['sites'] = [];
  const approvals: DemoRegistry['approvals'] = [];
  const today = beijingDay(now);
  const dayAt = (offset: number) => beijingDay(new Date(now.getTime() + offset * DAY_MS));
  for (const [i, s] of demoSites.entries()) {
    const random = seed.random('waste-site', i);
    const point = pointFrom(s.district, s.east, s.north);
    const site = await createConstructionSite(ctx.db, officer, {
      regionCode: s.district,
      name: s.name,
      projectCode: `${s.district}${today.slice(0, 4)}0${String(101 + i)}`,
      developer: s.developer,
      contractor: s.contractor,
      address: s.address,
      lat: point.lat,
      lon: point.lon,
      fence: fenceAround(point.lat, point.lon, 180, [random.next(), random.next(), random.next()]),
    });
    await addMember(ctx, ids.get(`site${i + 1}`)!, 'construction_site', site.id, s.district);
    sites.push({ id: site.id, name: s.name, ...point, account: `site${i + 1}` });
    // The nearest landfill and the nearest recycling plant.
    const nearest = (kind: 'landfill' | 'recycling') =>
      disposal
        .map((d, k) => ({
          d,
          m: distanceM([point.lon, point.lat], [disposalPoints[k]!.lon, disposalPoints[k]!.lat]),
        }))
        .filter((x) => x.d.kind === kind)
        .sort((a, b) => a.m - b.m)[0]!;
    const chosen = [nearest('landfill'), nearest('recycling')];
    const routeIds: number[] = [];
    for (const [k, c] of chosen.entries()) {
      const target = disposalPoints[disposal.indexOf(c.d)]!;
      const route = await createRoute(ctx.db, officer, {
        name: `${s.name.slice(0, 8)}—${demoDisposalSites[disposal.indexOf(c.d)]!.name.replace(/建筑垃圾/, '').slice(0, 10)}`,
        constructionSiteId: site.id,
        disposalSiteId: c.d.id,
        path: pathBetween(point, target, k === 0 ? 0.08 : -0.06),
        corridorM: 300,
      });
      routeIds.push(route.id);
    }
    const companyIds = [
      companies[i % companies.length]!.id,
      companies[(i + 2) % companies.length]!.id,
    ];
    const permitted = 1000 * random.between(15, 60);
    // Three sites show the blocks: an expired approval, a suspended one, one nearly used up.
    const isExpired = i === 5;
    const body: WasteApprovalBody = {
      constructionSiteId: site.id,
      wasteTypes: random.chance(0.3)
        ? ['muck', 'construction', 'demolition']
        : ['muck', 'construction'],
      permittedVolumeM3: permitted,
      validFrom: dayAt(-60),
      validTo: isExpired ? dayAt(-4) : dayAt(random.between(60, 180)),
      // The first site (site1's) may transport round the clock (00:00–24:00), so
      // a newcomer can open and sign a manifest at any hour; the others 06:00–22:00.
      hoursFrom: i === 0 ? '00:00' : '06:00',
      hoursTo: i === 0 ? '24:00' : '22:00',
      companyIds,
      disposalSiteIds: chosen.map((c) => c.d.id),
      routeIds,
      note: `城市建筑垃圾处置核准（${s.name}）`,
    };
    const approval = await createApproval(ctx.db, officer, body);
    approvals.push({
      id: approval.id,
      siteIndex: i,
      companyIds,
      disposalIds: body.disposalSiteIds,
    });
  }
  return { officer, sites, disposal, companies, approvals };
}

/**
 * Once the history is written: one approval suspended, one left with about a load's volume
 * (changed through the service, so the audit shows the officer's change).
 */
export async function finishDemoApprovals(seed: DemoSeedContext, registry: DemoRegistry) {
  const rewrite = async (
    siteIndex: number,
    change: (v: WasteApprovalView) => Partial<WasteApprovalBody>,
  ) => {
    const target = registry.approvals.find((a) => a.siteIndex === siteIndex);
    if (!target) return;
    const view = await getApproval(seed.ctx.db, registry.officer, target.id);
    await updateApproval(seed.ctx.db, registry.officer, target.id, {
      constructionSiteId: view.constructionSiteId,
      wasteTypes: view.wasteTypes,
      permittedVolumeM3: view.permittedVolumeM3,
      validFrom: view.validFrom,
      validTo: view.validTo,
      hoursFrom: view.hoursFrom,
      hoursTo: view.hoursTo,
      companyIds: view.companies.map((c) => c.id),
      disposalSiteIds: view.disposalSites.map((d) => d.id),
      routeIds: view.routes.map((r) => r.id),
      note: view.note,
      ...change(view),
    });
  };
  await rewrite(14, () => ({ status: 'suspended', note: '扬尘污染专项整治期间暂停处置' }));
  await rewrite(9, (v) => ({
    permittedVolumeM3: Math.ceil(v.usedVolumeM3) + 10,
    note: '核准量即将用完，需申请延续',
  }));
}
