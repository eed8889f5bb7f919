// The last 30 days: reports taken in, cases filed and closed per day.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseTrendDay } from '@citygov/contracts';
import { EChart, type ChartOption } from './echart.tsx';
import { wall } from './command-theme.ts';

export function TrendChart({ trend, height = 240 }: { trend: CaseTrendDay[]; height?: number }) {
  const { t, i18n } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const series = (['intake', 'filed', 'closed'] as const).map((key) => ({
      type: 'line' as const,
      name: t(`command.trend.${key}`),
      smooth: true,
      showSymbol: false,
      data: trend.map((d) => d[key]),
    }));
    return {
      color: [wall.accent, wall.warn, wall.good],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: wall.muted } },
      grid: { left: 36, right: 12, top: 32, bottom: 24 },
      xAxis: {
        type: 'category',
        data: trend.map((d) => d.date.slice(5)),
        axisLabel: { color: wall.muted },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: wall.muted },
        splitLine: { lineStyle: { color: wall.border } },
      },
      series,
    };
    // The language is a dependency: the legend is translated.
  }, [trend, t, i18n.language]);
  return <EChart option={option} height={height} label={t('command.trend.title')} />;
}
