// The one place a report is about: a pin the user drops by tapping the map or drags to adjust.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { useLeafletMap, type LatLon } from './map-context.ts';

// An inline SVG pin: Leaflet's default marker images would need copied assets.
const pinIcon = L.divIcon({
  className: 'citygov-pin',
  html:
    '<svg width="30" height="42" viewBox="0 0 30 42" aria-hidden="true">' +
    '<path d="M15 0C6.7 0 0 6.7 0 15c0 11.2 15 27 15 27s15-15.8 15-27C30 6.7 23.3 0 15 0z" fill="#cf1322"/>' +
    '<circle cx="15" cy="15" r="6" fill="#fff"/></svg>',
  iconSize: [30, 42],
  iconAnchor: [15, 42],
});

export function PinLayer({
  position,
  title,
  onMove,
  isCentred = false,
}: {
  position: LatLon | null;
  /** Read by screen readers and shown on hover. */
  title: string;
  /** Set: the pin can be dragged. */
  onMove?: (position: LatLon) => void;
  /** Keep the map centred on the pin whenever it moves (set from outside). */
  isCentred?: boolean;
}) {
  const map = useLeafletMap();
  const marker = useRef<L.Marker | null>(null);
  const move = useRef(onMove);
  move.current = onMove;

  useEffect(() => {
    if (!position) return;
    const created = L.marker([position.lat, position.lon], {
      icon: pinIcon,
      draggable: !!move.current,
      title,
      alt: title,
      keyboard: true,
    }).addTo(map);
    created.on('dragend', () => {
      const at = created.getLatLng();
      move.current?.({ lat: at.lat, lon: at.lng });
    });
    marker.current = created;
    return () => {
      marker.current = null;
      created.remove();
    };
    // The marker is made once per appearance; moves below only shift it.
  }, [map, position === null, title]);

  useEffect(() => {
    if (!position || !marker.current) return;
    marker.current.setLatLng([position.lat, position.lon]);
    if (isCentred) map.panTo([position.lat, position.lon]);
  }, [map, position?.lat, position?.lon, isCentred]);

  return null;
}
