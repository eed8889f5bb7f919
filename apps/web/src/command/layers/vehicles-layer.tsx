// Muck trucks at their latest positions (the waste module's live layer): red with an ongoing
// violation, orange loaded, green empty, grey when silent for over five minutes. Positions
// move without case events, so this layer polls.
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LiveVehicleFeature, LiveVehicles, LiveVehiclesQuery } from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { PointLayer, type MapPoint } from '../../map/point-layer.tsx';
import { useMapView } from '../../map/use-map-view.ts';
import { formatNumber } from '../../shell/format.ts';
import { COMMAND_KEY } from '../command-queries.ts';
import { wall } from '../command-theme.ts';

export const LIVE_VEHICLES_PATH = '/api/waste/vehicles/live';
const POLL_MS = 10_000;

function colourOf(p: LiveVehicleFeature['properties']) {
  if (p.violations.length > 0) return wall.overdue;
  if (p.isStale) return '#8c8c8c';
  return p.isLoaded ? '#fa8c16' : '#52c41a';
}

export function VehiclesLayer() {
  const { t } = useTranslation();
  const view = useMapView();
  const query: LiveVehiclesQuery = { bbox: view.bbox, limit: 5000 };
  const vehicles = useQuery({
    queryKey: [COMMAND_KEY, 'vehicles', query],
    queryFn: () => get<LiveVehicles>(withQuery(LIVE_VEHICLES_PATH, query)),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    retry: false,
  });
  const points = useMemo<MapPoint[]>(
    () =>
      (vehicles.data?.features ?? []).map((f) => {
        const p = f.properties;
        const [lon = 0, lat = 0] = f.geometry.coordinates;
        const violations = p.violations.map((r) => t(`command.vehicles.rules.${r}`)).join('、');
        return {
          id: `v${f.id}`,
          lat,
          lon,
          color: colourOf(p),
          radius: 5,
          label: [
            p.plate,
            p.companyName,
            t('command.vehicles.speed', { speed: formatNumber(p.speedKmh) }),
            p.isLoaded ? t('command.vehicles.loaded') : t('command.vehicles.empty'),
            violations && t('command.vehicles.violations', { list: violations }),
          ]
            .filter(Boolean)
            .join(' · '),
        };
      }),
    [vehicles.data, t],
  );
  if (vehicles.isError) {
    return (
      <div
        role="status"
        style={{
          position: 'absolute',
          top: 8,
          left: 56,
          zIndex: 1000,
          background: 'rgba(11, 20, 38, 0.85)',
          color: wall.muted,
          padding: '4px 8px',
          borderRadius: 4,
        }}
      >
        {t('command.vehicles.unavailable')}
      </div>
    );
  }
  return <PointLayer points={points} />;
}
