// The five figures a leader reads first: today's intake, open, overdue, on-time rate and
// satisfaction. A figure that changed since the last look flashes briefly.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseLiveStats } from '@citygov/contracts';
import { formatNumber } from '../shell/format.ts';
import { wall } from './command-theme.ts';

interface Kpi {
  key: 'intake' | 'open' | 'overdue' | 'onTimeRate' | 'satisfaction';
  value: number | null;
  text: string;
  color: string;
}

/** A share 0..1 as "98.3%"; satisfaction is already 0..100. */
const percent = (share: number | null, scale: number) =>
  share === null ? null : `${formatNumber(share * scale, 1)}%`;

export function kpisOf(stats: CaseLiveStats): Kpi[] {
  const none = '—';
  return [
    {
      key: 'intake',
      value: stats.today.intake,
      text: formatNumber(stats.today.intake),
      color: wall.accent,
    },
    { key: 'open', value: stats.open, text: formatNumber(stats.open), color: wall.warn },
    {
      key: 'overdue',
      value: stats.overdue,
      text: formatNumber(stats.overdue),
      color: stats.overdue > 0 ? wall.overdue : wall.good,
    },
    {
      key: 'onTimeRate',
      value: stats.onTimeRate,
      text: percent(stats.onTimeRate, 100) ?? none,
      color: wall.good,
    },
    {
      key: 'satisfaction',
      value: stats.satisfaction,
      text: percent(stats.satisfaction, 1) ?? none,
      color: wall.good,
    },
  ];
}

function KpiCard({ kpi }: { kpi: Kpi }) {
  const { t } = useTranslation();
  const previous = useRef(kpi.value);
  const [isFlashing, setFlashing] = useState(false);
  useEffect(() => {
    if (previous.current === kpi.value) return;
    previous.current = kpi.value;
    setFlashing(true);
    const timer = setTimeout(() => setFlashing(false), 1500);
    return () => clearTimeout(timer);
  }, [kpi.value]);
  return (
    <div
      data-testid={`kpi-${kpi.key}`}
      role="group"
      aria-label={t(`command.kpi.${kpi.key}`)}
      style={{
        flex: 1,
        minWidth: 150,
        padding: '12px 14px',
        background: isFlashing ? '#1d3a66' : wall.panel,
        border: `1px solid ${isFlashing ? wall.accent : wall.border}`,
        borderRadius: 6,
        transition: 'background 0.6s, border-color 0.6s',
      }}
    >
      <div style={{ color: wall.muted, fontSize: 14 }}>{t(`command.kpi.${kpi.key}`)}</div>
      <div
        data-testid={`kpi-${kpi.key}-value`}
        aria-live="polite"
        style={{ color: kpi.color, fontSize: 32, fontWeight: 600, lineHeight: 1.3 }}
      >
        {kpi.text}
      </div>
      <div style={{ color: wall.muted, fontSize: 12 }}>{t(`command.kpi.${kpi.key}Hint`)}</div>
    </div>
  );
}

export function KpiCards({ stats }: { stats: CaseLiveStats }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10 }}>
      {kpisOf(stats).map((kpi) => (
        <KpiCard key={kpi.key} kpi={kpi} />
      ))}
    </div>
  );
}
