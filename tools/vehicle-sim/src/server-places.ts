// Sites, routes and trucks read from a running CityGov server (the demo city's registry), so
// simulated trucks carry registered plates and terminal phones and drive between the real
// construction and disposal sites along their approved routes: what the waste monitoring
// watches. Read with an account holding waste:read (the demo admin by default).
import type { LatLon, Site } from './places.ts';
import { createRouteBook, type RouteBook } from './truck-motion.ts';

export interface ServerPlaces {
  sites: Site[];
  routes: RouteBook;
  routeCount: number;
  /** Active trucks with their terminals, by id. */
  trucks: Array<{ plate: string; terminalPhone: string; regionCode: string }>;
}

interface Page<T> {
  total: number;
  items: T[];
}

interface PlaceRow {
  id: number;
  regionCode: string;
  lat: number;
  lon: number;
  status: string;
}

interface RouteRow {
  constructionSiteId: number;
  disposalSiteId: number;
  path: { coordinates: Array<[number, number]> };
  status: string;
}

interface TruckRow {
  plate: string;
  terminalPhone: string;
  regionCode: string;
  status: string;
}

const PAGE_SIZE = 500;

async function logIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) {
    throw new Error(
      `logging in to ${baseUrl} as ${username} failed: ${res.status} ${await res.text()}`,
    );
  }
  // The session cookie is all a GET needs (CSRF applies to writes only).
  return res.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

async function readAll<T>(baseUrl: string, cookie: string, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const url = new URL(path, baseUrl);
    url.searchParams.set('page', String(page));
    url.searchParams.set('pageSize', String(PAGE_SIZE));
    const res = await fetch(url, { headers: { cookie } });
    if (!res.ok) throw new Error(`GET ${url.pathname} failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as Page<T>;
    items.push(...body.items);
    if (body.items.length < PAGE_SIZE || items.length >= body.total) return items;
  }
}

/** Reads the registry; throws naming what failed (wrong URL, account, permission). */
export async function loadServerPlaces(
  baseUrl: string,
  username = 'admin',
  password = 'demo',
): Promise<ServerPlaces> {
  const cookie = await logIn(baseUrl, username, password);
  const [construction, disposal, routes, trucks] = await Promise.all([
    readAll<PlaceRow>(baseUrl, cookie, '/api/waste/sites'),
    readAll<PlaceRow>(baseUrl, cookie, '/api/waste/disposal-sites'),
    readAll<RouteRow>(baseUrl, cookie, '/api/waste/routes'),
    readAll<TruckRow>(baseUrl, cookie, '/api/waste/trucks'),
  ]);
  const toSite = (kind: Site['kind'], prefix: string) => (row: PlaceRow) => ({
    id: `${prefix}${row.id}`,
    kind,
    districtCode: row.regionCode.slice(0, 6),
    lat: row.lat,
    lon: row.lon,
  });
  const sites: Site[] = [
    ...construction.filter((r) => r.status === 'active').map(toSite('construction', 'C')),
    ...disposal.filter((r) => r.status === 'active').map(toSite('disposal', 'D')),
  ];
  if (!sites.some((s) => s.kind === 'construction') || !sites.some((s) => s.kind === 'disposal')) {
    throw new Error(`${baseUrl} has no active construction site or no active disposal site`);
  }
  const active = routes.filter((r) => r.status === 'active');
  const book = createRouteBook(
    active.map((r) => ({
      fromId: `C${r.constructionSiteId}`,
      toId: `D${r.disposalSiteId}`,
      path: r.path.coordinates.map(([lon, lat]): LatLon => ({ lat, lon })),
    })),
  );
  return {
    sites,
    routes: book,
    routeCount: active.length,
    trucks: trucks
      .filter((t) => t.status === 'active')
      .map((t) => ({ plate: t.plate, terminalPhone: t.terminalPhone, regionCode: t.regionCode })),
  };
}
