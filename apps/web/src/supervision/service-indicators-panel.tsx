// 一网通办 indicators for the period, per department or per item: received, finished, online
// rate, at-most-one-visit share, working days (mean and p90), on-time, 补正, satisfaction and
// bad-rating rectification; the total row; a chart; the XLSX export of the same query.
import { useMemo, useState } from 'react';
import { Button, Segmented, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type {
  IndicatorCounts,
  IndicatorGroupBy,
  IndicatorRow,
  IndicatorValues,
  IndicatorsQuery,
} from '@citygov/contracts';
import { withQuery } from '../api/client.ts';
import { formatNumber } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { EChart, type ChartOption } from '../command/echart.tsx';
import { usePeriod } from './period-filter.tsx';
import { byNumber, formatShare } from './rates.ts';
import { paths, useServiceIndicators } from './supervision-queries.ts';

const countKeys = ['received', 'finished'] as const satisfies readonly (keyof IndicatorCounts)[];
const shareKeys = [
  'onlineRate',
  'atMostOneVisitShare',
  'onTimeRate',
  'supplementRate',
  'satisfaction',
  'rectificationRate',
] as const satisfies readonly (keyof IndicatorValues)[];

const days = (v: number | null) => (v === null ? '—' : formatNumber(v, 2));

export function serviceIndicatorColumns(t: (key: string) => string, groupBy: IndicatorGroupBy) {
  return [
    { title: t('supervision.department'), dataIndex: 'departmentName', key: 'department' },
    ...(groupBy === 'item'
      ? [{ title: t('supervision.services.item'), dataIndex: 'itemName', key: 'item' }]
      : []),
    ...countKeys.map((k) => ({
      title: t(`supervision.services.${k}`),
      key: k,
      align: 'right' as const,
      sorter: byNumber<IndicatorRow>((r) => r.counts[k]),
      render: (_: unknown, r: IndicatorRow) => formatNumber(r.counts[k]),
    })),
    ...shareKeys.map((k) => ({
      title: t(`supervision.services.${k}`),
      key: k,
      align: 'right' as const,
      sorter: byNumber<IndicatorRow>((r) => r.values[k]),
      render: (_: unknown, r: IndicatorRow) => formatShare(r.values[k]),
    })),
    {
      title: t('supervision.services.avgWorkingDays'),
      key: 'avg',
      align: 'right' as const,
      sorter: byNumber<IndicatorRow>((r) => r.values.avgWorkingDays),
      render: (_: unknown, r: IndicatorRow) => days(r.values.avgWorkingDays),
    },
    {
      title: t('supervision.services.p90WorkingDays'),
      key: 'p90',
      align: 'right' as const,
      sorter: byNumber<IndicatorRow>((r) => r.values.p90WorkingDays),
      render: (_: unknown, r: IndicatorRow) => days(r.values.p90WorkingDays),
    },
  ];
}

export function ServiceIndicatorsPanel() {
  const { t } = useTranslation();
  const { from, to } = usePeriod();
  const [groupBy, setGroupBy] = useState<IndicatorGroupBy>('department');
  const query: IndicatorsQuery = { from, to, groupBy };
  const indicators = useServiceIndicators(query);
  const rows = indicators.data?.rows ?? [];
  const option = useMemo<ChartOption>(() => {
    // The busiest departments, with their on-time rate and satisfaction.
    const top = [...rows].sort((a, b) => b.counts.received - a.counts.received).slice(0, 15);
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: top.map((r) => r.itemName ?? r.departmentName),
        axisLabel: { rotate: 30, width: 90, overflow: 'truncate' },
      },
      yAxis: [
        { type: 'value', name: t('supervision.services.received') },
        { type: 'value', max: 100, name: '%' },
      ],
      series: [
        {
          type: 'bar',
          name: t('supervision.services.received'),
          barMaxWidth: 48,
          data: top.map((r) => r.counts.received),
        },
        {
          type: 'line',
          yAxisIndex: 1,
          name: t('supervision.services.onTimeRate'),
          data: top.map((r) => pct(r.values.onTimeRate)),
        },
        {
          type: 'line',
          yAxisIndex: 1,
          name: t('supervision.services.satisfaction'),
          data: top.map((r) => pct(r.values.satisfaction)),
        },
      ],
    };
  }, [rows, t]);
  const total = indicators.data?.total;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<IndicatorGroupBy>
          value={groupBy}
          onChange={setGroupBy}
          options={[
            { value: 'department', label: t('supervision.byDepartment') },
            { value: 'item', label: t('supervision.byItem') },
          ]}
        />
        <a href={withQuery(paths.serviceIndicatorsXlsx, query)} download>
          <Button icon={<DownloadOutlined />}>{t('supervision.exportXlsx')}</Button>
        </a>
        {indicators.data?.rolledUpThrough && (
          <Typography.Text type="secondary">
            {t('supervision.services.rolledUp', { date: indicators.data.rolledUpThrough })}
          </Typography.Text>
        )}
      </Space>
      {indicators.isError && (
        <ErrorView error={indicators.error} onRetry={() => void indicators.refetch()} />
      )}
      {rows.some((r) => r.counts.received > 0) && (
        <EChart option={option} height={300} label={t('supervision.services.chart')} />
      )}
      <Table<IndicatorRow>
        rowKey={(r) => `${r.departmentId}|${r.itemCode ?? ''}`}
        size="small"
        data-testid="service-indicators"
        loading={indicators.isFetching}
        dataSource={rows}
        scroll={{ x: 1400 }}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('supervision.services.empty') }}
        columns={serviceIndicatorColumns(t, groupBy)}
        summary={() =>
          total && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={groupBy === 'item' ? 2 : 1}>
                <Typography.Text strong>{t('supervision.total')}</Typography.Text>
              </Table.Summary.Cell>
              {[
                ...countKeys.map((k) => formatNumber(total.counts[k])),
                ...shareKeys.map((k) => formatShare(total.values[k])),
                days(total.values.avgWorkingDays),
                days(total.values.p90WorkingDays),
              ].map((text, i) => (
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
