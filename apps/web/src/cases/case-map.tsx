// A case on the map: its point, and its unit grid highlighted among the grids around it.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '@citygov/contracts';
import { CityMap } from '../map/city-map.tsx';
import { GridLayer, type GridProperties } from '../map/grid-layer.tsx';
import { PointLayer } from '../map/point-layer.tsx';
import { caseColour } from './case-states.ts';

export function CaseMap({ summary, height = 260 }: { summary: CaseSummary; height?: number }) {
  const { t } = useTranslation();
  const points = useMemo(
    () => [
      {
        id: summary.id,
        lat: summary.lat,
        lon: summary.lon,
        color: caseColour(summary.state, summary.isOverdue),
        label: summary.caseNumber,
        isHighlighted: true,
      },
    ],
    [summary],
  );
  const styleOf = useCallback(
    (grid: GridProperties) =>
      grid.code === summary.gridCode
        ? { color: '#d46b08', weight: 2, fillColor: '#ffd591', fillOpacity: 0.5 }
        : {},
    [summary.gridCode],
  );
  return (
    <CityMap
      ariaLabel={t('cases.record.mapLabel', { number: summary.caseNumber })}
      center={{ lat: summary.lat, lon: summary.lon }}
      zoom={17}
      height={height}
    >
      <GridLayer styleOf={styleOf} />
      <PointLayer points={points} />
    </CityMap>
  );
}
