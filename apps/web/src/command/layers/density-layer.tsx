// Open-case density by unit grid. Close up (where grids are drawn) each grid is filled by its
// count; further out the busy grids are circles at their centres, sized and coloured by count.
import { useCallback, useMemo } from 'react';
import type L from 'leaflet';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { GridDensity, GridDensityQuery } from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { GRID_MIN_ZOOM, GridLayer, type GridProperties } from '../../map/grid-layer.tsx';
import { PointLayer, type MapPoint } from '../../map/point-layer.tsx';
import { useMapView } from '../../map/use-map-view.ts';
import { COMMAND_KEY, regionParam } from '../command-queries.ts';
import { densityColor } from '../command-theme.ts';

export function useGridDensity(regionCode: string) {
  const view = useMapView();
  const query: GridDensityQuery = {
    bbox: view.bbox,
    ...(regionParam(regionCode) && { regionCode }),
  };
  return useQuery({
    queryKey: [COMMAND_KEY, 'density', query],
    queryFn: () => get<GridDensity>(withQuery('/api/cases/stats/grid-density', query)),
    placeholderData: keepPreviousData,
  });
}

export function DensityLayer({
  regionCode,
  onGridClick,
}: {
  regionCode: string;
  onGridClick: (gridCode: string) => void;
}) {
  const { t } = useTranslation();
  const view = useMapView();
  const density = useGridDensity(regionCode);
  const byGrid = useMemo(
    () => new Map((density.data?.cells ?? []).map((c) => [c.gridCode, c])),
    [density.data],
  );
  const maxOpen = density.data?.maxOpen ?? 0;
  const styleOf = useCallback(
    (grid: GridProperties): L.PathOptions => {
      const cell = byGrid.get(grid.code);
      return cell
        ? {
            fillColor: densityColor(cell.open, maxOpen),
            fillOpacity: 0.7,
            color: cell.overdue > 0 ? '#ff4d4f' : '#8c9bab',
            weight: cell.overdue > 0 ? 2 : 1,
          }
        : { fillOpacity: 0.08 };
    },
    [byGrid, maxOpen],
  );
  const click = useCallback((grid: GridProperties) => onGridClick(grid.code), [onGridClick]);
  const circles = useMemo<MapPoint[]>(
    () =>
      (density.data?.cells ?? []).map((c) => ({
        id: c.gridCode,
        lat: c.lat,
        lon: c.lon,
        color: densityColor(c.open, maxOpen),
        radius: 5 + Math.round((c.open / Math.max(1, maxOpen)) * 10),
        label: t('command.map.gridTip', { code: c.gridCode, open: c.open, overdue: c.overdue }),
      })),
    [density.data, maxOpen, t],
  );

  if (view.zoom >= GRID_MIN_ZOOM) {
    return <GridLayer styleOf={styleOf} onGridClick={click} isClickThrough={false} />;
  }
  return <PointLayer points={circles} onPointClick={(id) => onGridClick(String(id))} />;
}
