// /command: 一图通览, the command centre's wall screen (made for 1920×1080, dark). The city map
// with grid density and open cases (layers; vehicles join when the waste module serves them),
// the KPI cards, the 30-day trend, open cases by step, the ranking and the live event feed.
// Case events on the live stream refresh the figures and the map without a reload.
import { useCallback, useState } from 'react';
import { Checkbox, ConfigProvider, Grid, Space, Tag, theme } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isWithinRegion, type LiveEvent } from '@citygov/contracts';
import { CityMap } from '../map/city-map.tsx';
import { DistrictLayer } from '../map/district-layer.tsx';
import { RegionSelect } from '../org/org-fields.tsx';
import { CITY_CODE } from '../org/org-queries.ts';
import { hasPermission, useMe } from '../shell/use-me.ts';
import { COMMAND_KEY, useLiveStats } from './command-queries.ts';
import { wall } from './command-theme.ts';
import { CaseDrawer } from './case-drawer.tsx';
import { CommandClock } from './command-clock.tsx';
import { EventFeed } from './event-feed.tsx';
import { collapseTimers } from './feed-events.ts';
import { GridDrawer } from './grid-drawer.tsx';
import { KpiCards } from './kpi-cards.tsx';
import { RankingPanel } from './ranking-panel.tsx';
import { StateBreakdown } from './state-breakdown.tsx';
import { TrendChart } from './trend-chart.tsx';
import { useLiveEvents, type LiveStatus } from './use-live-events.ts';
import { WallMessage, WallPanel } from './wall-panel.tsx';
import { CasePointsLayer } from './layers/case-points-layer.tsx';
import { DensityLayer } from './layers/density-layer.tsx';
import { FlyToRegion } from './layers/fly-to-region.tsx';
import { MapLegend } from './layers/map-legend.tsx';
import { VehiclesLayer } from './layers/vehicles-layer.tsx';
import { ViolationsLayer } from './layers/violations-layer.tsx';

type LayerKey = 'density' | 'cases' | 'vehicles';
const FEED_LENGTH = 14;

function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  const color = status === 'live' ? 'green' : status === 'connecting' ? 'blue' : 'orange';
  return (
    <Tag color={color} data-testid="live-status" role="status">
      {t(`command.live.${status}`)}
    </Tag>
  );
}

export function CommandPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [regionCode, setRegionCode] = useState(CITY_CODE);
  const [layers, setLayers] = useState<LayerKey[]>(['density', 'cases']);
  const [caseId, setCaseId] = useState<number | null>(null);
  const [gridCode, setGridCode] = useState<string | null>(null);
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  const stats = useLiveStats(regionCode);
  const isWide = !!Grid.useBreakpoint().xl;
  const me = useMe();
  // The waste module's layers need its monitoring permission; others never see the toggle.
  const canSeeVehicles = hasPermission(me.data, 'waste:monitor');
  const layerKeys: LayerKey[] = canSeeVehicles
    ? ['density', 'cases', 'vehicles']
    : ['density', 'cases'];

  const onEvents = useCallback(
    (events: LiveEvent[]) => {
      // The feed follows the chosen region (the figures and the map do through their queries).
      const shown = collapseTimers(
        events.filter((event) => isWithinRegion(event.regionCode, regionCode)),
      );
      if (shown.length) setFeed((old) => [...shown.reverse(), ...old].slice(0, FEED_LENGTH));
      // Everything on screen is under one key: counts, trend, points, density, an open drawer.
      // The ranking (a month of history) is left to its own timer: one case barely moves it.
      void client.invalidateQueries({
        queryKey: [COMMAND_KEY],
        predicate: (query) => query.queryKey[1] !== 'ranking',
      });
    },
    [client, regionCode],
  );
  const liveStatus = useLiveEvents('case.*', onEvents);
  const openCase = useCallback((id: number) => {
    setGridCode(null);
    setCaseId(id);
  }, []);

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div
        data-testid="command-centre"
        style={{
          background: wall.background,
          color: wall.text,
          minHeight: 'calc(100vh - 64px)',
          padding: 12,
          display: 'grid',
          // The wall's three columns; one column on a laptop or a phone (map first after the KPIs).
          gridTemplateColumns: isWide ? '430px minmax(0, 1fr) 430px' : 'minmax(0, 1fr)',
          gridTemplateRows: isWide ? 'auto auto minmax(0, 1fr)' : undefined,
          gap: 12,
        }}
      >
        <header
          style={{
            gridColumn: '1 / -1',
            display: 'flex',
            alignItems: 'center',
            gap: 16,
            flexWrap: 'wrap',
          }}
        >
          <h1 style={{ color: wall.text, fontSize: 26, margin: 0, letterSpacing: 2 }}>
            {t('command.title')}
          </h1>
          <span style={{ color: wall.muted }}>{stats.data?.regionName}</span>
          <div style={{ flex: 1 }} />
          <Space wrap>
            <RegionSelect
              aria-label={t('command.region')}
              value={regionCode}
              onChange={(code) => {
                setRegionCode(code);
                setFeed([]);
              }}
            />
            <Checkbox.Group<LayerKey>
              aria-label={t('command.layers.label')}
              value={layers}
              onChange={setLayers}
              options={layerKeys.map((key) => ({
                value: key,
                label: <span style={{ color: wall.text }}>{t(`command.layers.${key}`)}</span>,
              }))}
            />
            <LiveBadge status={liveStatus} />
            <CommandClock />
          </Space>
        </header>

        <div style={{ gridColumn: '1 / -1' }}>
          {stats.data ? (
            <KpiCards stats={stats.data} />
          ) : stats.isError ? (
            <WallMessage kind="error" error={stats.error} onRetry={() => void stats.refetch()} />
          ) : (
            <WallMessage kind="loading" height={96} />
          )}
        </div>

        <div
          style={{
            display: 'flex',
            flexDirection: 'column',
            gap: 12,
            minHeight: 0,
            order: isWide ? 0 : 1,
          }}
        >
          <WallPanel title={t('command.trend.title')}>
            {stats.data ? (
              <TrendChart trend={stats.data.trend} height={300} />
            ) : (
              <WallMessage
                kind={stats.isError ? 'error' : 'loading'}
                error={stats.error}
                height={300}
              />
            )}
          </WallPanel>
          <WallPanel title={t('command.states.title')} style={{ flex: 1 }}>
            {stats.data ? (
              <StateBreakdown stats={stats.data} />
            ) : (
              <WallMessage kind={stats.isError ? 'error' : 'loading'} error={stats.error} />
            )}
          </WallPanel>
        </div>

        <CityMap
          ariaLabel={t('command.map.label')}
          zoom={11}
          height={isWide ? '100%' : 480}
          style={{ minHeight: isWide ? 600 : 0, border: `1px solid ${wall.border}` }}
        >
          <FlyToRegion regionCode={regionCode} />
          {/* The districts for orientation (no tiles are needed); a click filters to one. */}
          <DistrictLayer maxZoom={12} onDistrictClick={setRegionCode} />
          {layers.includes('density') && (
            <DensityLayer regionCode={regionCode} onGridClick={setGridCode} />
          )}
          {canSeeVehicles && layers.includes('vehicles') && (
            <>
              <VehiclesLayer />
              <ViolationsLayer onCaseClick={openCase} />
            </>
          )}
          {layers.includes('cases') && (
            <CasePointsLayer regionCode={regionCode} selectedId={caseId} onCaseClick={openCase} />
          )}
          <MapLegend regionCode={regionCode} />
        </CityMap>

        <div
          style={{
            display: 'flex',
            flexDirection: 'column',
            gap: 12,
            minHeight: 0,
            order: isWide ? 0 : 2,
          }}
        >
          <WallPanel title={t('command.ranking.title')}>
            <RankingPanel regionCode={regionCode} height={300} />
          </WallPanel>
          <WallPanel title={t('command.feed.title')} style={{ flex: 1, overflow: 'hidden' }}>
            <EventFeed key={regionCode} events={feed} onOpenCase={openCase} />
          </WallPanel>
        </div>
      </div>
      <CaseDrawer caseId={caseId} onClose={() => setCaseId(null)} />
      <GridDrawer gridCode={gridCode} onClose={() => setGridCode(null)} onOpenCase={openCase} />
    </ConfigProvider>
  );
}
