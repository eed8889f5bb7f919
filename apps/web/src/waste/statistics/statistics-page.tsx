// /waste/statistics: the figures of MISSION.md S3 — discharged, received, landfilled, recycled
// and sorted volumes with the two rates — for a period, grouped by day, district, site,
// disposal site or company; charts, the table, and the same as XLSX.
import { useMemo } from 'react';
import { Button, Card, Col, Input, Row, Segmented, Space, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { WasteStatistics, WasteStatisticsGroup, WasteStatisticsRow } from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { addDays, cityDateOf, formatNumber } from '../../shell/format.ts';
import { ErrorView, Loading } from '../../shell/status-views.tsx';
import { WasteChart, type WasteChartOption } from './waste-chart.tsx';

const groups: WasteStatisticsGroup[] = ['day', 'district', 'site', 'disposalSite', 'company'];
const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

export function StatisticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = cityDateOf(new Date());
  const to = isDay(params.get('to')) ? params.get('to')! : today;
  const from = isDay(params.get('from')) ? params.get('from')! : addDays(to, -29);
  const groupBy = groups.find((g) => g === params.get('groupBy')) ?? 'day';
  const query = { from, to, groupBy };
  const stats = useQuery({
    queryKey: ['waste', 'statistics', query],
    queryFn: () => get<WasteStatistics>(withQuery('/api/waste/statistics', query)),
  });
  const set = (next: Partial<typeof query>) => setParams({ ...query, ...next }, { replace: true });
  const labelOf = (r: WasteStatisticsRow) =>
    r.key === null ? t('waste.statistics.unattributed') : r.label;

  const [volumes, rates] = useMemo((): [WasteChartOption, WasteChartOption] => {
    const rows = stats.data?.rows ?? [];
    const names = rows.map((r) => (r.key === null ? t('waste.statistics.unattributed') : r.label));
    const bar = (
      key: 'dischargedM3' | 'receivedM3' | 'landfilledM3' | 'recycledM3',
      name: string,
    ) => ({
      type: 'bar' as const,
      name,
      data: rows.map((r) => r[key]),
    });
    const base = {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 36, bottom: groupBy === 'day' ? 32 : 80 },
      xAxis: {
        type: 'category' as const,
        data: names,
        axisLabel: { rotate: groupBy === 'day' ? 0 : 30 },
      },
    };
    return [
      {
        ...base,
        yAxis: { type: 'value', name: 'm³' },
        series: [
          bar('dischargedM3', t('waste.statistics.discharged')),
          bar('receivedM3', t('waste.statistics.received')),
          bar('landfilledM3', t('waste.statistics.landfilled')),
          bar('recycledM3', t('waste.statistics.recycled')),
        ],
      },
      {
        ...base,
        yAxis: {
          type: 'value',
          max: 1,
          axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
        },
        series: [
          {
            type: 'line',
            name: t('waste.statistics.recyclingRate'),
            data: rows.map((r) => r.recyclingRate),
          },
          {
            type: 'line',
            name: t('waste.statistics.sortedRate'),
            data: rows.map((r) => r.sortedRate),
          },
        ],
      },
    ];
  }, [stats.data, groupBy, t]);

  const totals = stats.data?.totals;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <label>
          {t('waste.statistics.period')}{' '}
          <Input
            type="date"
            value={from}
            max={to}
            style={{ width: 150 }}
            onChange={(e) => isDay(e.target.value) && set({ from: e.target.value })}
          />
        </label>
        <Input
          type="date"
          value={to}
          min={from}
          max={today}
          style={{ width: 150 }}
          aria-label={t('waste.statistics.period')}
          onChange={(e) => isDay(e.target.value) && set({ to: e.target.value })}
        />
        <Segmented<WasteStatisticsGroup>
          value={groupBy}
          onChange={(g) => set({ groupBy: g })}
          options={groups.map((g) => ({ value: g, label: t(`waste.statistics.groups.${g}`) }))}
        />
        <Button href={withQuery('/api/waste/statistics.xlsx', query)}>
          {t('waste.statistics.download')}
        </Button>
      </Space>
      {stats.isError && <ErrorView error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.isPending && <Loading />}
      {totals && (
        <>
          <Row gutter={[12, 12]}>
            {(
              [
                ['discharged', formatNumber(totals.dischargedM3, 1), 'm³'],
                ['received', formatNumber(totals.receivedM3, 1), 'm³'],
                ['landfilled', formatNumber(totals.landfilledM3, 1), 'm³'],
                ['recycled', formatNumber(totals.recycledM3, 1), 'm³'],
                ['recyclingRate', percent(totals.recyclingRate), ''],
                ['sorted', formatNumber(totals.sortedM3, 1), 'm³'],
                ['sortedRate', percent(totals.sortedRate), ''],
                ['manifestCount', formatNumber(totals.manifestCount), ''],
              ] as const
            ).map(([key, value, unit]) => (
              <Col key={key} xs={12} md={6} xl={3}>
                <Card size="small">
                  <Statistic title={t(`waste.statistics.${key}`)} value={value} suffix={unit} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t('waste.statistics.volumesChart')}>
            <WasteChart option={volumes} height={320} label={t('waste.statistics.volumesChart')} />
          </Card>
          <Card size="small" title={t('waste.statistics.ratesChart')}>
            <WasteChart option={rates} height={240} label={t('waste.statistics.ratesChart')} />
          </Card>
          <Table<WasteStatisticsRow>
            rowKey={(r) => r.key ?? '—'}
            size="small"
            dataSource={stats.data?.rows ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('waste.statistics.key'),
                key: 'label',
                render: (r: WasteStatisticsRow) => labelOf(r),
              },
              {
                title: t('waste.statistics.manifestCount'),
                dataIndex: 'manifestCount',
                align: 'right',
              },
              {
                title: t('waste.statistics.discharged'),
                dataIndex: 'dischargedM3',
                align: 'right',
              },
              { title: t('waste.statistics.received'), dataIndex: 'receivedM3', align: 'right' },
              {
                title: t('waste.statistics.landfilled'),
                dataIndex: 'landfilledM3',
                align: 'right',
              },
              { title: t('waste.statistics.recycled'), dataIndex: 'recycledM3', align: 'right' },
              {
                title: t('waste.statistics.recyclingRate'),
                key: 'rr',
                align: 'right',
                render: (r: WasteStatisticsRow) => percent(r.recyclingRate),
              },
              { title: t('waste.statistics.sorted'), dataIndex: 'sortedM3', align: 'right' },
              {
                title: t('waste.statistics.sortedRate'),
                key: 'sr',
                align: 'right',
                render: (r: WasteStatisticsRow) => percent(r.sortedRate),
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('waste.statistics.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {totals.manifestCount}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {totals.dischargedM3}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {totals.receivedM3}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {totals.landfilledM3}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {totals.recycledM3}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {percent(totals.recyclingRate)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  {totals.sortedM3}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">
                  {percent(totals.sortedRate)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </>
      )}
    </Space>
  );
}
