// The city's extent and map boxes: facts every module with a place on the map shares.
import { invalid } from '../errors.ts';

/** [minLon, minLat, maxLon, maxLat]. */
export type Bbox = [number, number, number, number];

/** Chongqing's extent (DEMO-CITY.md): anything outside is not the city. */
export const cityBounds = { minLat: 28.16, maxLat: 32.2, minLon: 105.29, maxLon: 110.19 } as const;

/** Whether a WGS-84 point (longitude first, as in GeoJSON) lies within the city's extent. */
export const isInsideCity = (lon: number, lat: number) =>
  lat >= cityBounds.minLat &&
  lat <= cityBounds.maxLat &&
  lon >= cityBounds.minLon &&
  lon <= cityBounds.maxLon;

/** Parses "minLon,minLat,maxLon,maxLat"; 400 naming `field` when it is not a box. */
export function parseBbox(text: string, field = 'bbox'): Bbox {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) {
    throw invalid(field, `${field} must be minLon,minLat,maxLon,maxLat`);
  }
  if (minLon > maxLon || minLat > maxLat) {
    throw invalid(field, `${field} must have minLon ≤ maxLon and minLat ≤ maxLat`);
  }
  if (minLat < -90 || maxLat > 90 || minLon < -180 || maxLon > 180) {
    throw invalid(field, `${field} must lie within -180–180 longitude and -90–90 latitude`);
  }
  return [minLon, minLat, maxLon, maxLat];
}
