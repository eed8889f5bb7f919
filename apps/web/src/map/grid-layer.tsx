// Unit grids (单元网格) in the map's view, from GET /api/grids. Drawn from a zoom where a view
// holds a few hundred grids; below it the caller may show districts instead.
import { useCallback } from 'react';
import type L from 'leaflet';
import type { Feature, Geometry } from 'geojson';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { GridFeatureCollection } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { GeoJsonLayer } from './geojson-layer.tsx';
import { useMapView } from './use-map-view.ts';

export type GridProperties = GridFeatureCollection['features'][number]['properties'];
export type GridShape = Feature<Geometry, GridProperties>;

export const GRID_MIN_ZOOM = 15;

const plain: L.PathOptions = {
  color: '#8c9bab',
  weight: 1,
  fillColor: '#ffffff',
  fillOpacity: 0.35,
};

export interface GridLayerProps {
  minZoom?: number;
  /** Colour per grid (density, selection); a plain outline otherwise. */
  styleOf?: (grid: GridProperties) => L.PathOptions;
  onGridClick?: (grid: GridProperties) => void;
  /** Clicks still reach the map (placing a pin inside a grid). */
  isClickThrough?: boolean;
}

/** The grids of a map box (exported so other layers can share the cached answer). */
export function useGridsInView(minZoom = GRID_MIN_ZOOM) {
  const view = useMapView();
  const isShown = view.zoom >= minZoom;
  const grids = useQuery({
    queryKey: ['grids', view.bbox],
    queryFn: () => get<GridFeatureCollection>(withQuery('/api/grids', { bbox: view.bbox })),
    enabled: isShown,
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });
  return { isShown, grids };
}

export function GridLayer({
  minZoom = GRID_MIN_ZOOM,
  styleOf,
  onGridClick,
  isClickThrough = true,
}: GridLayerProps) {
  const { isShown, grids } = useGridsInView(minZoom);
  const style = useCallback(
    (feature: GridShape) => (styleOf ? { ...plain, ...styleOf(feature.properties) } : plain),
    [styleOf],
  );
  const click = useCallback(
    (feature: GridShape) => onGridClick?.(feature.properties),
    [onGridClick],
  );
  if (!isShown || !grids.data) return null;
  return (
    <GeoJsonLayer<GridProperties>
      data={grids.data}
      styleOf={style}
      tooltipOf={(f) => `${f.properties.name} · ${f.properties.code}`}
      {...(onGridClick && { onFeatureClick: click })}
      isClickThrough={isClickThrough}
    />
  );
}
