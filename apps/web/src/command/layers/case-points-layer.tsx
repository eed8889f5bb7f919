// Open cases as points coloured by their step in the loop; overdue ones are red.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PointLayer, type MapPoint } from '../../map/point-layer.tsx';
import { useMapView } from '../../map/use-map-view.ts';
import { localized } from '../../shell/format.ts';
import { useOpenCases } from '../command-queries.ts';
import { stateColor } from '../command-theme.ts';

export function CasePointsLayer({
  regionCode,
  selectedId,
  onCaseClick,
}: {
  regionCode: string;
  selectedId: number | null;
  onCaseClick: (id: number) => void;
}) {
  const { t } = useTranslation();
  const view = useMapView();
  const cases = useOpenCases(regionCode, view.bbox);
  const points = useMemo<MapPoint[]>(
    () =>
      (cases.data?.items ?? []).map((c) => ({
        id: c.id,
        lat: c.lat,
        lon: c.lon,
        color: stateColor(c.state, c.isOverdue),
        radius: 6,
        isHighlighted: c.id === selectedId,
        label: `${c.caseNumber} · ${c.categoryName} · ${localized(c.stateLabel)}${
          c.isOverdue ? ` · ${t('command.case.overdue')}` : ''
        }`,
      })),
    [cases.data, selectedId, t],
  );
  return <PointLayer points={points} onPointClick={(id) => onCaseClick(Number(id))} />;
}
