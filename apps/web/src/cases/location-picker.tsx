// Where the problem is: tap the map (or drag the pin), use the phone's location, or — with the
// keyboard — pan with the arrow keys and drop the pin at the map's centre. The unit grid the
// pin falls in is looked up at once, so a point outside the city is refused before sending.
import { useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { GridLookupResult } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { CityMap } from '../map/city-map.tsx';
import { DistrictLayer } from '../map/district-layer.tsx';
import { GridLayer } from '../map/grid-layer.tsx';
import { useLeafletMap, type LatLon } from '../map/map-context.ts';
import { PinLayer } from '../map/pin-layer.tsx';
import { formatNumber } from '../shell/format.ts';
import { caseFieldError } from './case-errors.ts';

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const rounded = (p: LatLon): LatLon => ({ lat: round6(p.lat), lon: round6(p.lon) });

/** Buttons that need the map itself (its centre, moving the view). */
function PinTools({ onPlace }: { onPlace: (p: LatLon) => void }) {
  const { t } = useTranslation();
  const map = useLeafletMap();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setFailure(t('cases.location.noGeolocation'));
      return;
    }
    setLocating(true);
    setFailure(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        const p = rounded({ lat: position.coords.latitude, lon: position.coords.longitude });
        map.setView([p.lat, p.lon], Math.max(map.getZoom(), 17));
        onPlace(p);
      },
      () => {
        setLocating(false);
        setFailure(t('cases.location.geolocationFailed'));
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  const placeAtCentre = () => {
    const c = map.getCenter();
    onPlace(rounded({ lat: c.lat, lon: c.lng }));
  };
  return (
    <div style={{ position: 'absolute', top: 8, right: 8, zIndex: 1000 }}>
      <Space orientation="vertical" align="end" size={4}>
        <Button size="small" icon={<AimOutlined />} onClick={locate} loading={locating}>
          {t('cases.location.useMine')}
        </Button>
        <Button size="small" icon={<EnvironmentOutlined />} onClick={placeAtCentre}>
          {t('cases.location.pinCentre')}
        </Button>
        {failure && (
          <Typography.Text type="danger" role="alert" style={{ background: '#fff', padding: 2 }}>
            {failure}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}

export function LocationPicker({
  value = null,
  onChange,
  serverError,
  height = 300,
}: {
  /** Given by the enclosing Form.Item. */
  value?: LatLon | null;
  onChange?: (p: LatLon) => void;
  /** An error the API gave for the location on submit. */
  serverError?: string | undefined;
  height?: number;
}) {
  const { t } = useTranslation();
  const grid = useQuery({
    queryKey: ['grids', 'lookup', value?.lat, value?.lon],
    queryFn: () =>
      get<GridLookupResult>(withQuery('/api/grids/lookup', { lat: value!.lat, lon: value!.lon })),
    enabled: value !== null,
    retry: false,
  });
  const place = (p: LatLon) => onChange?.(rounded(p));
  return (
    <div>
      <CityMap
        ariaLabel={t('cases.location.mapLabel')}
        zoom={16}
        height={height}
        onMapClick={place}
      >
        <DistrictLayer />
        <GridLayer />
        <PinLayer position={value} title={t('cases.location.pinTitle')} onMove={place} />
        <PinTools onPlace={place} />
      </CityMap>
      <div style={{ marginTop: 6 }} aria-live="polite" data-testid="pin-status">
        {!value ? (
          <Typography.Text type="secondary">{t('cases.location.tapHint')}</Typography.Text>
        ) : grid.isError ? (
          <Alert type="error" showIcon title={caseFieldError(t, grid.error).message} />
        ) : (
          <Typography.Text>
            {grid.data
              ? t(
                  grid.data.match === 'inside'
                    ? 'cases.location.inGrid'
                    : 'cases.location.nearGrid',
                  {
                    name: grid.data.grid.name,
                    code: grid.data.grid.code,
                    distance: formatNumber(grid.data.distanceM),
                  },
                )
              : t('common.loading')}
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {formatNumber(value.lat, 5)}, {formatNumber(value.lon, 5)}
            </Typography.Text>
          </Typography.Text>
        )}
        {serverError && !grid.isError && (
          <Typography.Text type="danger" role="alert" style={{ display: 'block' }}>
            {serverError}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
