// 一网统管 evaluation for the period: one row per lead department or district, ranked by the
// composite score, the total, a chart of the scores and the XLSX export of the same query.
import { useMemo, useState } from 'react';
import { Button, Segmented, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseIndicatorRow, CaseIndicatorsQuery } from '@citygov/contracts';
import { withQuery } from '../api/client.ts';
import { formatNumber } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { CITY_CODE } from '../org/org-queries.ts';
import { RegionSelect } from '../org/org-fields.tsx';
import { EChart, type ChartOption } from '../command/echart.tsx';
import { usePeriod } from './period-filter.tsx';
import { byNumber, formatHours, formatScore, formatShare } from './rates.ts';
import { paths, useCaseIndicators } from './supervision-queries.ts';

type GroupBy = 'department' | 'region';

export function caseIndicatorColumns(t: (key: string) => string) {
  const share = (key: keyof CaseIndicatorRow) => ({
    title: t(`supervision.cases.${key}`),
    dataIndex: key,
    align: 'right' as const,
    sorter: byNumber<CaseIndicatorRow>((r) => r[key] as number | null),
    render: (v: number | null) => formatShare(v),
  });
  const count = (key: keyof CaseIndicatorRow) => ({
    title: t(`supervision.cases.${key}`),
    dataIndex: key,
    align: 'right' as const,
    sorter: byNumber<CaseIndicatorRow>((r) => r[key] as number),
    render: (v: number) => formatNumber(v),
  });
  return [
    { title: t('supervision.rank'), dataIndex: 'rank', width: 64, render: (r: number) => r || '' },
    { title: t('supervision.name'), dataIndex: 'name' },
    count('filed'),
    count('closed'),
    share('closureRate'),
    share('onTimeRate'),
    share('reworkRate'),
    share('extensionRate'),
    {
      title: t('supervision.cases.averageHandlingHours'),
      dataIndex: 'averageHandlingHours',
      align: 'right' as const,
      sorter: byNumber<CaseIndicatorRow>((r) => r.averageHandlingHours),
      render: (v: number | null) => formatHours(v),
    },
    {
      title: t('supervision.cases.satisfaction'),
      dataIndex: 'satisfaction',
      align: 'right' as const,
      sorter: byNumber<CaseIndicatorRow>((r) => r.satisfaction),
      render: (v: number | null) => formatScore(v),
    },
    {
      title: t('supervision.cases.score'),
      dataIndex: 'score',
      align: 'right' as const,
      sorter: byNumber<CaseIndicatorRow>((r) => r.score),
      render: (v: number | null) => <strong>{formatScore(v)}</strong>,
    },
  ];
}

export function CaseIndicatorsPanel() {
  const { t } = useTranslation();
  const { from, to } = usePeriod();
  const [groupBy, setGroupBy] = useState<GroupBy>('department');
  const [regionCode, setRegionCode] = useState(CITY_CODE);
  const query: CaseIndicatorsQuery = {
    from,
    to,
    groupBy,
    ...(regionCode !== CITY_CODE && { regionCode }),
  };
  const indicators = useCaseIndicators(query);
  const rows = indicators.data?.rows ?? [];
  const option = useMemo<ChartOption>(() => {
    const scored = rows.filter((r) => r.score !== null).slice(0, 15);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: scored.map((r) => r.name),
        axisLabel: { rotate: 30, width: 90, overflow: 'truncate' },
      },
      yAxis: { type: 'value', max: 100 },
      series: [
        {
          type: 'bar',
          name: t('supervision.cases.score'),
          barMaxWidth: 48,
          data: scored.map((r) => r.score),
        },
        {
          type: 'line',
          name: t('supervision.cases.onTimeRate'),
          data: scored.map((r) => (r.onTimeRate === null ? null : r.onTimeRate * 100)),
        },
      ],
    };
  }, [rows, t]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<GroupBy>
          value={groupBy}
          onChange={setGroupBy}
          options={[
            { value: 'department', label: t('supervision.byDepartment') },
            { value: 'region', label: t('supervision.byRegion') },
          ]}
        />
        <RegionSelect
          aria-label={t('supervision.region')}
          value={regionCode}
          onChange={setRegionCode}
        />
        <a href={withQuery(paths.caseIndicatorsXlsx, query)} download>
          <Button icon={<DownloadOutlined />}>{t('supervision.exportXlsx')}</Button>
        </a>
      </Space>
      {indicators.isError && (
        <ErrorView error={indicators.error} onRetry={() => void indicators.refetch()} />
      )}
      {rows.some((r) => r.score !== null) && (
        <EChart option={option} height={300} label={t('supervision.cases.chart')} />
      )}
      <Table<CaseIndicatorRow>
        rowKey="key"
        size="small"
        data-testid="case-indicators"
        loading={indicators.isFetching}
        dataSource={rows}
        scroll={{ x: 1100 }}
        pagination={false}
        locale={{ emptyText: t('supervision.cases.empty') }}
        columns={caseIndicatorColumns(t)}
        summary={() =>
          indicators.data && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} />
              <Table.Summary.Cell index={1}>
                <Typography.Text strong>{t('supervision.total')}</Typography.Text>
              </Table.Summary.Cell>
              {(
                [
                  formatNumber(indicators.data.total.filed),
                  formatNumber(indicators.data.total.closed),
                  formatShare(indicators.data.total.closureRate),
                  formatShare(indicators.data.total.onTimeRate),
                  formatShare(indicators.data.total.reworkRate),
                  formatShare(indicators.data.total.extensionRate),
                  formatHours(indicators.data.total.averageHandlingHours),
                  formatScore(indicators.data.total.satisfaction),
                  formatScore(indicators.data.total.score),
                ] as const
              ).map((text, i) => (
                <Table.Summary.Cell key={i} index={i + 2} align="right">
                  {text}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )
        }
      />
    </Space>
  );
}
