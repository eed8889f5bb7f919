// The legend in the map's corner: what the colours mean and how many open cases are in view.
import { useTranslation } from 'react-i18next';
import { useMapView } from '../../map/use-map-view.ts';
import { formatNumber } from '../../shell/format.ts';
import { useOpenCases } from '../command-queries.ts';
import { densityColor, legendStates, stateColor, wall } from '../command-theme.ts';

const swatch = (color: string, round = true) => (
  <span
    aria-hidden="true"
    style={{
      display: 'inline-block',
      width: 10,
      height: 10,
      borderRadius: round ? 5 : 2,
      background: color,
      marginRight: 4,
    }}
  />
);

export function MapLegend({ regionCode }: { regionCode: string }) {
  const { t } = useTranslation();
  const view = useMapView();
  // The same query as the case points: answered from the cache.
  const cases = useOpenCases(regionCode, view.bbox);
  return (
    <div
      style={{
        position: 'absolute',
        left: 8,
        bottom: 8,
        zIndex: 1000,
        background: 'rgba(11, 20, 38, 0.85)',
        color: wall.text,
        padding: '8px 10px',
        borderRadius: 6,
        fontSize: 12,
        maxWidth: 520,
      }}
    >
      <div data-testid="map-case-count" style={{ fontSize: 14, marginBottom: 4 }}>
        {t('command.map.inView', {
          count: cases.data?.total ?? 0,
          // Beyond the server's cap the count is a lower bound: "1,000+".
          n: `${formatNumber(cases.data?.total ?? 0)}${cases.data?.isTotalCapped ? '+' : ''}`,
        })}
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 10px' }}>
        {legendStates.map((s) => (
          <span key={s}>
            {swatch(stateColor(s))}
            {t(`command.states.${s}`)}
          </span>
        ))}
        <span>
          {swatch(stateColor('handling', true))}
          {t('command.case.overdue')}
        </span>
      </div>
      <div style={{ marginTop: 4 }}>
        {t('command.map.density')}{' '}
        {[1, 2, 3, 4, 5, 6].map((n) => (
          <span key={n}>{swatch(densityColor(n, 6), false)}</span>
        ))}{' '}
        {t('command.map.densityHint')}
      </div>
    </div>
  );
}
