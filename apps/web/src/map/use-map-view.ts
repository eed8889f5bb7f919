// The map's current box and zoom, updated when the user stops panning or zooming: what
// data layers fetch for (GET /api/grids?bbox=…, GET /api/cases?bbox=…).
import { useEffect, useState } from 'react';
import type { Map as LeafletMap } from 'leaflet';
import { useLeafletMap } from './map-context.ts';

export interface MapView {
  /** minLon,minLat,maxLon,maxLat rounded to about a metre, as the API takes it. */
  bbox: string;
  zoom: number;
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

function viewOf(map: LeafletMap): MapView {
  const b = map.getBounds();
  return {
    bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(round).join(','),
    zoom: map.getZoom(),
  };
}

export function useMapView(): MapView {
  const map = useLeafletMap();
  const [view, setView] = useState(() => viewOf(map));
  useEffect(() => {
    const update = () => setView(viewOf(map));
    map.on('moveend zoomend resize', update);
    return () => {
      map.off('moveend zoomend resize', update);
    };
  }, [map]);
  return view;
}
