// The ranking of the last 30 days by composite score (综合评分), by department or district.
import { useMemo, useState } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseIndicatorRow } from '@citygov/contracts';
import { ApiError } from '../api/client.ts';
import { formatNumber } from '../shell/format.ts';
import { EChart, type ChartOption } from './echart.tsx';
import { useRanking } from './command-queries.ts';
import { wall } from './command-theme.ts';
import { WallMessage } from './wall-panel.tsx';

const TOP = 10;

export function RankingPanel({ regionCode, height }: { regionCode: string; height: number }) {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<'department' | 'region'>('department');
  const ranking = useRanking(regionCode, groupBy);
  const rows = useMemo(
    () => (ranking.data?.rows ?? []).filter((r) => r.score !== null).slice(0, TOP),
    [ranking.data],
  );
  const option = useMemo<ChartOption>(() => {
    // Best at the top: ECharts draws the first category at the bottom.
    const shown: CaseIndicatorRow[] = [...rows].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        max: 100,
        axisLabel: { color: wall.muted },
        splitLine: { lineStyle: { color: wall.border } },
      },
      yAxis: {
        type: 'category',
        data: shown.map((r) => r.name),
        axisLabel: { color: wall.text, width: 120, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('command.ranking.score'),
          data: shown.map((r) => Math.round((r.score ?? 0) * 10) / 10),
          itemStyle: { color: wall.accent, borderRadius: [0, 3, 3, 0] },
          label: {
            show: true,
            position: 'right',
            color: wall.text,
            formatter: (p) => formatNumber(Number(p.value), 1),
          },
        },
      ],
    };
  }, [rows, t]);

  const isForbidden = ranking.error instanceof ApiError && ranking.error.status === 403;
  return (
    <div>
      <Segmented<'department' | 'region'>
        size="small"
        value={groupBy}
        onChange={setGroupBy}
        options={[
          { value: 'department', label: t('command.ranking.byDepartment') },
          { value: 'region', label: t('command.ranking.byRegion') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {ranking.isPending ? (
        <WallMessage kind="loading" height={height} />
      ) : isForbidden ? (
        <WallMessage kind="info" height={height} text={t('command.ranking.forbidden')} />
      ) : ranking.isError ? (
        <WallMessage
          kind="error"
          height={height}
          error={ranking.error}
          onRetry={() => void ranking.refetch()}
        />
      ) : rows.length === 0 ? (
        <WallMessage kind="empty" height={height} text={t('command.ranking.empty')} />
      ) : (
        <EChart
          option={option}
          height={height}
          label={t('command.ranking.label', {
            list: rows
              .map((r) => `${r.rank}. ${r.name} ${formatNumber(r.score ?? 0, 1)}`)
              .join('；'),
          })}
        />
      )}
    </div>
  );
}
