// The Leaflet map a <CityMap> made, for the layers drawn inside it.
import { createContext, useContext } from 'react';
import type { Map as LeafletMap } from 'leaflet';

export const MapContext = createContext<LeafletMap | null>(null);

/** The map of the enclosing <CityMap>; layers are only rendered once it exists. */
export function useLeafletMap(): LeafletMap {
  const map = useContext(MapContext);
  if (!map) throw new Error('a map layer must be placed inside <CityMap>');
  return map;
}

/** WGS-84, as the API stores and answers it. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** The demo city's centre (渝中半岛). */
export const CITY_CENTRE: LatLon = { lat: 29.556, lon: 106.568 };
