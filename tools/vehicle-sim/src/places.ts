// Where the trucks drive: construction sites and disposal sites generated around the
// representative points of the nine central districts (DEMO-CITY.md, WGS-84).
import type { Random } from './random.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface District extends LatLon {
  code: string;
  name: string;
}

export const centralDistricts: readonly District[] = [
  { code: '500103', name: '渝中区', lat: 29.556, lon: 106.568 },
  { code: '500104', name: '大渡口区', lat: 29.484, lon: 106.482 },
  { code: '500105', name: '江北区', lat: 29.575, lon: 106.532 },
  { code: '500106', name: '沙坪坝区', lat: 29.541, lon: 106.457 },
  { code: '500107', name: '九龙坡区', lat: 29.505, lon: 106.512 },
  { code: '500108', name: '南岸区', lat: 29.53, lon: 106.565 },
  { code: '500109', name: '北碚区', lat: 29.825, lon: 106.437 },
  { code: '500112', name: '渝北区', lat: 29.718, lon: 106.631 },
  { code: '500113', name: '巴南区', lat: 29.4, lon: 106.53 },
];

export type SiteKind = 'construction' | 'disposal';

export interface Site extends LatLon {
  id: string;
  kind: SiteKind;
  districtCode: string;
}

const METRES_PER_DEGREE_LAT = 111_195;
const metresPerDegreeLon = (lat: number) => METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);

/** Distance in metres between two nearby points (equirectangular). */
export function distanceM(a: LatLon, b: LatLon): number {
  const dx = (b.lon - a.lon) * metresPerDegreeLon((a.lat + b.lat) / 2);
  const dy = (b.lat - a.lat) * METRES_PER_DEGREE_LAT;
  return Math.hypot(dx, dy);
}

/** Bearing from a to b in degrees, 0 north, clockwise. */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const dx = (b.lon - a.lon) * metresPerDegreeLon((a.lat + b.lat) / 2);
  const dy = (b.lat - a.lat) * METRES_PER_DEGREE_LAT;
  const degrees = (Math.atan2(dx, dy) * 180) / Math.PI;
  return (degrees + 360) % 360;
}

/** The point `metres` east and north of `origin`. */
export function offsetBy(origin: LatLon, eastM: number, northM: number): LatLon {
  return {
    lat: origin.lat + northM / METRES_PER_DEGREE_LAT,
    lon: origin.lon + eastM / metresPerDegreeLon(origin.lat),
  };
}

/**
 * Sites per district: construction sites within 3 km of its point, one disposal site
 * (消纳场) 3–6 km out, as the city's landfills lie at the urban edge.
 */
export function generateSites(random: Random, constructionPerDistrict = 3): Site[] {
  const sites: Site[] = [];
  for (const district of centralDistricts) {
    for (let i = 0; i < constructionPerDistrict; i++) {
      const angle = random.range(0, 2 * Math.PI);
      const radius = random.range(300, 3000);
      sites.push({
        id: `${district.code}-C${i + 1}`,
        kind: 'construction',
        districtCode: district.code,
        ...offsetBy(district, radius * Math.cos(angle), radius * Math.sin(angle)),
      });
    }
    const angle = random.range(0, 2 * Math.PI);
    const radius = random.range(3000, 6000);
    sites.push({
      id: `${district.code}-D1`,
      kind: 'disposal',
      districtCode: district.code,
      ...offsetBy(district, radius * Math.cos(angle), radius * Math.sin(angle)),
    });
  }
  return sites;
}
