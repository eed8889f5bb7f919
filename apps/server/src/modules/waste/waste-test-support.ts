// Test support: a small construction-waste world built through the API by a waste officer —
// a site in 渝中区, a transport company with a truck and a driver, a landfill and a recycling
// plant in 江北区, a route, an approval — and the accounts acting for each party.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { ManifestContent, ManifestDetail, WasteApprovalBody } from '@citygov/contracts';
import { createUser, loginAs, type Session, type TestApp } from '../../test-support/harness.ts';
import { beijingDay } from './registry/approval-rules.ts';

export const YUZHONG = '500103';
export const JIANGBEI = '500105';

/** A square fence of `half` degrees around a point ([lon, lat] rings, closed). */
export function squareFence(lon: number, lat: number, half = 0.002) {
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
      ] as [number, number][],
    ],
  };
}

export const dayOffset = (days: number, from = new Date()) =>
  beijingDay(new Date(from.getTime() + days * 86_400_000));

export interface WasteWorld {
  t: TestApp;
  officer: Session;
  site: Session;
  transport: Session;
  driver: Session;
  disposal: Session;
  alternate: Session;
  siteId: number;
  companyId: number;
  truckId: number;
  driverId: number;
  landfillId: number;
  recyclingId: number;
  routeId: number;
  approvalId: number;
  approvalBody: WasteApprovalBody;
  /** Content of a manifest under the approval (5 m³ of muck to the landfill, alternate plant). */
  content(over?: Partial<ManifestContent>): ManifestContent;
}

type Json = Record<string, unknown>;

export async function call<T = Json>(
  app: FastifyInstance,
  session: Session | null,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await app.inject({
    method,
    url,
    headers: session?.headers ?? {},
    ...(payload === undefined ? {} : { payload: payload as Json }),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
}

/** POST/PUT that must answer `status`; returns the body. */
export async function ok<T = Json>(
  app: FastifyInstance,
  session: Session,
  method: 'POST' | 'PUT' | 'GET',
  url: string,
  payload?: unknown,
  status = method === 'POST' &&
  !url.includes('/actions/') &&
  !url.includes('/corrections') &&
  !url.includes('/resolve') &&
  !url.includes('/members')
    ? 201
    : 200,
): Promise<T> {
  const res = await call<T>(app, session, method, url, payload);
  assert.equal(res.status, status, `${method} ${url}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function buildWasteWorld(t: TestApp): Promise<WasteWorld> {
  const { app, ctx } = t;
  await createUser(ctx, {
    username: 'wofficer',
    roles: [{ role: 'waste_officer', regionCode: '500000' }],
  });
  for (const [username, role] of [
    ['wsite', 'waste_site'],
    ['wtransport', 'waste_transport'],
    ['wdriver', 'waste_transport'],
    ['wdisposal', 'waste_disposal'],
    ['walternate', 'waste_disposal'],
  ] as const) {
    await createUser(ctx, {
      username,
      kind: 'enterprise',
      roles: [{ role, regionCode: '500000' }],
    });
  }
  const officer = await loginAs(app, 'wofficer');
  const company = await ok<{ id: number }>(app, officer, 'POST', '/api/waste/companies', {
    regionCode: YUZHONG,
    name: '重庆渝运渣土运输有限公司',
    uscc: '91350100M000100Y43',
  });
  const truck = await ok<{ id: number }>(app, officer, 'POST', '/api/waste/trucks', {
    companyId: company.id,
    plate: '渝A12345',
    terminalPhone: '13900000000',
    capacityM3: 12,
  });
  const driver = await ok<{ id: number }>(app, officer, 'POST', '/api/waste/drivers', {
    companyId: company.id,
    name: '张建国',
    idNumber: '11010519491231002X',
    phone: '13812345678',
  });
  const site = await ok<{ id: number }>(app, officer, 'POST', '/api/waste/sites', {
    regionCode: YUZHONG,
    name: '解放碑地下环道三期工地',
    fence: squareFence(106.577, 29.557),
  });
  const landfill = await ok<{ id: number }>(app, officer, 'POST', '/api/waste/disposal-sites', {
    regionCode: JIANGBEI,
    name: '江北区五宝建筑垃圾消纳场',
    kind: 'landfill',
    capacityM3: 2_000_000,
    fence: squareFence(106.56, 29.6, 0.004),
  });
  const recycling = await ok<{ id: number }>(app, officer, 'POST', '/api/waste/disposal-sites', {
    regionCode: JIANGBEI,
    name: '江北区建筑垃圾资源化利用厂',
    kind: 'recycling',
    capacityM3: 500_000,
    fence: squareFence(106.52, 29.59, 0.003),
  });
  const route = await ok<{ id: number }>(app, officer, 'POST', '/api/waste/routes', {
    name: '解放碑—五宝',
    constructionSiteId: site.id,
    disposalSiteId: landfill.id,
    path: {
      type: 'LineString',
      coordinates: [
        [106.577, 29.557],
        [106.57, 29.58],
        [106.56, 29.6],
      ],
    },
    corridorM: 300,
  });
  const approvalBody: WasteApprovalBody = {
    constructionSiteId: site.id,
    wasteTypes: ['muck', 'construction'],
    permittedVolumeM3: 100,
    validFrom: dayOffset(-10),
    validTo: dayOffset(30),
    hoursFrom: '00:00',
    hoursTo: '24:00',
    companyIds: [company.id],
    disposalSiteIds: [landfill.id, recycling.id],
    routeIds: [route.id],
  };
  const approval = await ok<{ id: number }>(
    app,
    officer,
    'POST',
    '/api/waste/approvals',
    approvalBody,
  );
  for (const [kind, id, username] of [
    ['construction_site', site.id, 'wsite'],
    ['company', company.id, 'wtransport'],
    ['disposal_site', landfill.id, 'wdisposal'],
    ['disposal_site', recycling.id, 'walternate'],
  ] as const) {
    await ok(app, officer, 'POST', `/api/waste/parties/${kind}/${id}/members`, { username });
  }
  const driverUser = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'wdriver')
    .executeTakeFirstOrThrow();
  await ctx.db
    .updateTable('waste_drivers')
    .set({ user_id: driverUser.id })
    .where('id', '=', driver.id)
    .execute();
  return {
    t,
    officer,
    site: await loginAs(app, 'wsite'),
    transport: await loginAs(app, 'wtransport'),
    driver: await loginAs(app, 'wdriver'),
    disposal: await loginAs(app, 'wdisposal'),
    alternate: await loginAs(app, 'walternate'),
    siteId: site.id,
    companyId: company.id,
    truckId: truck.id,
    driverId: driver.id,
    landfillId: landfill.id,
    recyclingId: recycling.id,
    routeId: route.id,
    approvalId: approval.id,
    approvalBody,
    content: (over = {}) => ({
      approvalId: approval.id,
      companyId: company.id,
      truckId: truck.id,
      driverId: driver.id,
      disposalSiteId: landfill.id,
      alternateSiteId: recycling.id,
      wasteType: 'muck',
      declaredVolumeM3: 5,
      plannedDate: dayOffset(0),
      ...over,
    }),
  };
}

/** Opens a manifest as the site and returns its detail. */
export const openManifest = (w: WasteWorld, over?: Partial<ManifestContent>) =>
  ok<ManifestDetail>(w.t.app, w.site, 'POST', '/api/waste/manifests', w.content(over));

/** Takes a step as `who`; returns the answer (status and body). */
export const step = (
  w: WasteWorld,
  who: Session,
  id: number,
  action: string,
  body: { note?: string; data?: Record<string, unknown> } = {},
) =>
  call<ManifestDetail & { code?: string; message?: string; details?: Json }>(
    w.t.app,
    who,
    'POST',
    `/api/waste/manifests/${id}/actions/${action}`,
    body,
  );
