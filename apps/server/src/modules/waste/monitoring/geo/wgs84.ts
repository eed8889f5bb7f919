// Metres on the WGS-84 ellipsoid near a latitude: the local (equirectangular) projection the
// fence checks use. Over a fence or a route a few tens of kilometres long the scale changes by
// well under 1%, so distances come out within a metre or two of the geodesic ones.

const A = 6_378_137; // semi-major axis
const E2 = 0.006_694_379_990_14; // first eccentricity squared
const RAD = Math.PI / 180;

/** Metres per degree of latitude (meridian radius of curvature M). */
export function metresPerDegreeLat(lat: number): number {
  const s = Math.sin(lat * RAD);
  const w = 1 - E2 * s * s;
  return (A * (1 - E2) * RAD) / (w * Math.sqrt(w));
}

/** Metres per degree of longitude (prime-vertical radius N times cos φ). */
export function metresPerDegreeLon(lat: number): number {
  const s = Math.sin(lat * RAD);
  return (A * RAD * Math.cos(lat * RAD)) / Math.sqrt(1 - E2 * s * s);
}

/** A plane tangent near `origin`: x east and y north in metres. */
export class LocalProjection {
  readonly lon0: number;
  readonly lat0: number;
  readonly kx: number;
  readonly ky: number;

  constructor(lon0: number, lat0: number) {
    this.lon0 = lon0;
    this.lat0 = lat0;
    this.kx = metresPerDegreeLon(lat0);
    this.ky = metresPerDegreeLat(lat0);
  }

  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }

  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
}

/** Distance in metres between two nearby WGS-84 points (lon, lat order as in GeoJSON). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lat = (lat1 + lat2) / 2;
  const dx = (lon2 - lon1) * metresPerDegreeLon(lat);
  const dy = (lat2 - lat1) * metresPerDegreeLat(lat);
  return Math.sqrt(dx * dx + dy * dy);
}
