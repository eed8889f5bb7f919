// 日扫描: applications overdue or close to their deadline, per department, for one day.
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { Collapse, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DailyScanEntry, DailyScanQuery } from '@citygov/contracts';
import { cityDateOf, formatDateTime, formatNumber, localized } from '../shell/format.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { useDailyScan } from './supervision-queries.ts';

export function scanColumns(t: TFunction) {
  return [
    { title: t('supervision.scan.number'), dataIndex: 'number', width: 210 },
    { title: t('supervision.scan.item'), dataIndex: 'itemName' },
    { title: t('supervision.scan.applicant'), dataIndex: 'applicantName', width: 90 },
    {
      title: t('supervision.scan.state'),
      key: 'state',
      width: 110,
      render: (_: unknown, e: DailyScanEntry) => localized(e.stateLabel),
    },
    {
      title: t('supervision.scan.deadline'),
      dataIndex: 'deadlineAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('supervision.scan.left'),
      key: 'left',
      width: 130,
      render: (_: unknown, e: DailyScanEntry) =>
        e.status === 'overdue' ? (
          <Tag color="red">
            {t('supervision.scan.lateBy', { count: Math.max(0, -e.workingDaysLeft) })}
          </Tag>
        ) : (
          <Tag color="orange">{t('supervision.scan.daysLeft', { count: e.workingDaysLeft })}</Tag>
        ),
    },
  ];
}

export function DailyScanPanel() {
  const { t } = useTranslation();
  const [date, setDate] = useState(cityDateOf(new Date()));
  const [atRiskDays, setAtRiskDays] = useState<number | null>(null);
  const query: DailyScanQuery = { date, ...(atRiskDays !== null && { atRiskDays }) };
  const scan = useDailyScan(query);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <label>
          {t('supervision.scan.date')}{' '}
          <Input
            type="date"
            value={date}
            style={{ width: 150 }}
            onChange={(e) => e.target.value && setDate(e.target.value)}
          />
        </label>
        <label>
          {t('supervision.scan.atRiskDays')}{' '}
          <InputNumber
            min={0}
            max={10}
            precision={0}
            value={atRiskDays ?? scan.data?.atRiskDays ?? null}
            onChange={(v) => setAtRiskDays(v)}
          />
        </label>
      </Space>
      {scan.isPending && <Loading />}
      {scan.isError && <ErrorView error={scan.error} onRetry={() => void scan.refetch()} />}
      {scan.data && (
        <>
          <Typography.Paragraph data-testid="scan-summary">
            {t('supervision.scan.summary', {
              date: scan.data.date,
              overdue: formatNumber(scan.data.overdue),
              atRisk: formatNumber(scan.data.atRisk),
              departments: formatNumber(scan.data.departments.length),
            })}
          </Typography.Paragraph>
          {scan.data.departments.length === 0 ? (
            <EmptyView description={t('supervision.scan.none')} />
          ) : (
            <Collapse
              items={scan.data.departments.map((d) => ({
                key: String(d.departmentId),
                label: (
                  <Space wrap>
                    <strong>{d.departmentName}</strong>
                    {d.overdue > 0 && (
                      <Tag color="red">{t('supervision.scan.overdue', { count: d.overdue })}</Tag>
                    )}
                    {d.atRisk > 0 && (
                      <Tag color="orange">{t('supervision.scan.atRisk', { count: d.atRisk })}</Tag>
                    )}
                  </Space>
                ),
                children: (
                  <Table<DailyScanEntry>
                    rowKey="applicationId"
                    size="small"
                    dataSource={d.entries}
                    pagination={false}
                    scroll={{ x: 900 }}
                    columns={scanColumns(t)}
                  />
                ),
              }))}
            />
          )}
        </>
      )}
    </Space>
  );
}
