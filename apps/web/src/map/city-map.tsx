// The city map every screen shares (report form, case record, 12319 console, command centre).
// No tile server is needed: grids, districts and points are drawn as vector layers on a plain
// background; a raster tile URL (WGS-84 tiles, e.g. OpenStreetMap) may be set at build time
// with VITE_MAP_TILE_URL. Layers are children: <CityMap><GridLayer /><PointLayer … /></CityMap>.
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useTranslation } from 'react-i18next';
import { CITY_CENTRE, MapContext, type LatLon } from './map-context.ts';

const tileUrl: string | undefined = import.meta.env.VITE_MAP_TILE_URL as string | undefined;

export interface CityMapProps {
  /** Read by screen readers: what the map shows. */
  ariaLabel: string;
  center?: LatLon;
  zoom?: number;
  /** Fit the view to this box once ([minLon, minLat, maxLon, maxLat]) instead of center/zoom. */
  fitBox?: readonly [number, number, number, number];
  height?: number | string;
  style?: CSSProperties;
  /** A tap or click on the map (not on a layer that handles it). */
  onMapClick?: (point: LatLon) => void;
  children?: ReactNode;
}

export function CityMap({
  ariaLabel,
  center = CITY_CENTRE,
  zoom = 13,
  fitBox,
  height = 320,
  style,
  onMapClick,
  children,
}: CityMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const clickHandler = useRef(onMapClick);
  clickHandler.current = onMapClick;

  // One map per mounted element; the initial view only (later views are the user's).
  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, {
      center: [center.lat, center.lon],
      zoom,
      zoomControl: false,
      attributionControl: !!tileUrl,
      keyboard: true,
      minZoom: 8,
      maxZoom: 19,
    });
    L.control
      .zoom({ zoomInTitle: t('cases.map.zoomIn'), zoomOutTitle: t('cases.map.zoomOut') })
      .addTo(created);
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(created);
    if (fitBox) {
      created.fitBounds([
        [fitBox[1], fitBox[0]],
        [fitBox[3], fitBox[2]],
      ]);
    }
    created.on('click', (event: L.LeafletMouseEvent) =>
      clickHandler.current?.({ lat: event.latlng.lat, lon: event.latlng.lng }),
    );
    // Drawers, tabs and phones resize the box after the map was made.
    const observer = new ResizeObserver(() => created.invalidateSize());
    observer.observe(element.current);
    setMap(created);
    return () => {
      observer.disconnect();
      setMap(null);
      created.remove();
    };
    // The view is set once: props changing later must not reset what the user panned to.
  }, []);

  return (
    <div
      style={{
        position: 'relative',
        height,
        borderRadius: 8,
        overflow: 'hidden',
        border: '1px solid #d9d9d9',
        ...style,
      }}
    >
      <div
        ref={element}
        role="application"
        aria-label={ariaLabel}
        data-testid="city-map"
        style={{ position: 'absolute', inset: 0, background: '#eef2f6' }}
      />
      <MapContext.Provider value={map}>{map && children}</MapContext.Provider>
    </div>
  );
}
