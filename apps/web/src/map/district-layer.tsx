// The districts as labelled points (their representative places): an overview below the zoom
// where unit grids are drawn. The API has no district outlines, so none are drawn.
import { useMemo } from 'react';
import { useDistricts } from '../org/org-queries.ts';
import { PointLayer, type MapPoint } from './point-layer.tsx';
import { useMapView } from './use-map-view.ts';

export function DistrictLayer({
  maxZoom = 14,
  onDistrictClick,
}: {
  maxZoom?: number;
  onDistrictClick?: (code: string) => void;
}) {
  const view = useMapView();
  const districts = useDistricts();
  const points = useMemo<MapPoint[]>(
    () =>
      (districts.data?.items ?? [])
        .filter((d) => d.lat !== null && d.lon !== null)
        .map((d) => ({
          id: d.code,
          lat: d.lat!,
          lon: d.lon!,
          color: '#597ef7',
          radius: 9,
          label: d.name,
        })),
    [districts.data],
  );
  if (view.zoom > maxZoom) return null;
  return (
    <PointLayer
      points={points}
      {...(onDistrictClick && { onPointClick: (id) => onDistrictClick(String(id)) })}
    />
  );
}
