// Points as coloured circles (cases by status, later vehicles and sensors), with a tooltip
// and a click handler. Redrawn when the points change.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { useLeafletMap } from './map-context.ts';

export interface MapPoint {
  id: string | number;
  lat: number;
  lon: number;
  color: string;
  /** Hover text. */
  label?: string;
  radius?: number;
  /** Drawn larger with a dark ring (the selected record). */
  isHighlighted?: boolean;
}

export function PointLayer({
  points,
  onPointClick,
}: {
  points: readonly MapPoint[];
  onPointClick?: (id: MapPoint['id']) => void;
}) {
  const map = useLeafletMap();
  const click = useRef(onPointClick);
  click.current = onPointClick;

  useEffect(() => {
    const group = L.layerGroup();
    for (const p of points) {
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: (p.radius ?? 7) + (p.isHighlighted ? 3 : 0),
        color: p.isHighlighted ? '#141414' : '#ffffff',
        weight: p.isHighlighted ? 3 : 2,
        fillColor: p.color,
        fillOpacity: 0.9,
      });
      if (p.label) marker.bindTooltip(p.label);
      marker.on('click', (event: L.LeafletMouseEvent) => {
        if (!click.current) return;
        L.DomEvent.stopPropagation(event);
        click.current(p.id);
      });
      group.addLayer(marker);
    }
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [map, points]);

  return null;
}
