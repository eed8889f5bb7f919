// Ongoing construction-waste violations where they started: a large dark-red point whose
// tooltip names the rule, the plate and the company; a click opens the case it opened.
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { WasteViolationList, WasteViolationListQuery } from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { PointLayer, type MapPoint } from '../../map/point-layer.tsx';
import { useMapView } from '../../map/use-map-view.ts';
import { formatDateTime } from '../../shell/format.ts';
import { COMMAND_KEY } from '../command-queries.ts';

const POLL_MS = 10_000;

export function ViolationsLayer({ onCaseClick }: { onCaseClick: (id: number) => void }) {
  const { t } = useTranslation();
  const view = useMapView();
  const query: WasteViolationListQuery = { bbox: view.bbox, isOngoing: true, pageSize: 500 };
  const violations = useQuery({
    queryKey: [COMMAND_KEY, 'violations', query],
    queryFn: () => get<WasteViolationList>(withQuery('/api/waste/violations', query)),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    retry: false,
  });
  const items = violations.data?.items;
  const points = useMemo<MapPoint[]>(
    () =>
      (items ?? []).map((v) => ({
        id: `w${v.id}`,
        lat: v.lat,
        lon: v.lon,
        color: '#a8071a',
        radius: 9,
        isHighlighted: true,
        label: [
          t(`command.vehicles.rules.${v.rule}`),
          v.plate,
          v.companyName,
          t('command.vehicles.since', { at: formatDateTime(v.startedAt) }),
          v.caseNumber && t('command.vehicles.case', { number: v.caseNumber }),
        ]
          .filter(Boolean)
          .join(' · '),
      })),
    [items, t],
  );
  const caseOf = useMemo(() => new Map((items ?? []).map((v) => [`w${v.id}`, v.caseId])), [items]);
  if (violations.isError) return null;
  return (
    <PointLayer
      points={points}
      onPointClick={(id) => {
        const caseId = caseOf.get(String(id));
        if (caseId) onCaseClick(caseId);
      }}
    />
  );
}
