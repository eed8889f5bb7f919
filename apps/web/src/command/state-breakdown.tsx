// Open cases by step of the loop: where the work is waiting right now.
import { useTranslation } from 'react-i18next';
import type { CaseLiveStats } from '@citygov/contracts';
import { formatNumber, localized } from '../shell/format.ts';
import { stateColor, wall } from './command-theme.ts';
import { WallMessage } from './wall-panel.tsx';

export function StateBreakdown({ stats }: { stats: CaseLiveStats }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...stats.openByState.map((s) => s.count));
  if (stats.openByState.length === 0) {
    return <WallMessage kind="empty" text={t('command.states.none')} />;
  }
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="open-by-state">
      {stats.openByState.map((s) => (
        <li
          key={s.state}
          style={{ display: 'flex', alignItems: 'center', gap: 8, margin: '4px 0' }}
        >
          <span style={{ width: 110, color: wall.text, fontSize: 13 }}>{localized(s.label)}</span>
          <span style={{ flex: 1, background: wall.border, height: 10, borderRadius: 5 }}>
            <span
              style={{
                display: 'block',
                width: `${(s.count / max) * 100}%`,
                height: '100%',
                borderRadius: 5,
                background: stateColor(s.state),
              }}
            />
          </span>
          <span style={{ width: 48, textAlign: 'right', color: wall.text }}>
            {formatNumber(s.count)}
          </span>
        </li>
      ))}
    </ul>
  );
}
