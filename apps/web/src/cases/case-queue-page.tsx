// /staff/cases: the city-management cases to work on, one queue per role (立案, 派遣, 处置,
// 核查, 结案, 回访, 督办), soonest step deadline first, at-risk and overdue in colour; batch
// 立案 / 结案 where no input is needed.
import { useState } from 'react';
import { App, Badge, Button, Card, Segmented, Space, Table, Typography } from 'antd';
import { CameraOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { CaseList, CaseListQuery, CaseSummary } from '@citygov/contracts';
import { get, post, withQuery } from '../api/client.ts';
import { RegionName, RegionSelect } from '../org/org-fields.tsx';
import { access } from '../shell/access.ts';
import { errorText } from '../shell/error-text.ts';
import { formatDateTime } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { useMe } from '../shell/use-me.ts';
import { riskColors, riskOf } from '../staff/deadline-risk.ts';
import { RiskTag } from '../staff/risk-tag.tsx';
import { useWorkingDaysLeft } from '../staff/use-working-days.ts';
import { useCaseList } from './case-queries.ts';
import { queuesFor } from './case-queues.ts';
import { CaseStateTag } from './case-state-tag.tsx';
import { CategoryName } from './category-name.tsx';
import { useLiveCases } from './use-live-cases.ts';

const PAGE_SIZE = 20;

export function CaseQueuePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const queues = queuesFor(me.data);
  const queue = queues.find((q) => q.key === params.get('queue')) ?? queues[0]!;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const region = params.get('region') ?? undefined;
  const query: CaseListQuery = {
    ...queue.query,
    ...(region && { regionCode: region }),
    sort: 'deadline',
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useCaseList(query);
  useLiveCases();
  const counts = useQueries({
    queries: queues.map((q) => {
      const countQuery = { ...q.query, ...(region && { regionCode: region }), pageSize: 1 };
      return {
        queryKey: ['cases', 'list', countQuery],
        queryFn: () => get<CaseList>(withQuery('/api/cases', countQuery)),
        refetchInterval: 60_000,
      };
    }),
  });
  const [selected, setSelected] = useState<number[]>([]);
  const [isBatchRunning, setBatchRunning] = useState(false);
  const items = list.data?.items ?? [];
  const daysLeft = useWorkingDaysLeft(items.map((c) => c.stateDeadlineAt));
  const riskFor = (c: CaseSummary) =>
    riskOf({
      isOverdue: c.isOverdue,
      isPaused: false,
      isClosed: c.closedAt !== null,
      hasDeadline: c.stateDeadlineAt !== null,
      workingDaysLeft: daysLeft(c.stateDeadlineAt),
    });
  const setView = (next: Record<string, string | undefined>) => {
    const merged = { queue: queue.key, region, ...next };
    setSelected([]);
    setParams(
      Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => !!e[1])),
    );
  };

  const runBatch = async () => {
    if (!queue.batchAction) return;
    setBatchRunning(true);
    let failed = 0;
    // One at a time: each is its own transition with its own audit entry.
    for (const id of selected) {
      try {
        await post(`/api/cases/${id}/actions/${queue.batchAction}`);
      } catch {
        failed += 1;
      }
    }
    setBatchRunning(false);
    setSelected([]);
    await client.invalidateQueries({ queryKey: ['cases'] });
    const done = t(`cases.actions.${queue.batchAction}`);
    if (failed) void message.warning(t('cases.queue.batchPartial', { action: done, failed }));
    else void message.success(t('cases.queue.batchDone', { action: done, count: selected.length }));
  };

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
      <Card
        title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('cases.queue.title')}</h2>}
        extra={
          <Space wrap>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void client.invalidateQueries({ queryKey: ['cases', 'list'] })}
              loading={list.isFetching}
            >
              {t('common.refresh')}
            </Button>
            {me.data && access.reportCase(me.data) && (
              // Inspectors and grid workers report from the street.
              <Link to="/cases/new">
                <Button type="primary" icon={<CameraOutlined />}>
                  {t('cases.queue.report')}
                </Button>
              </Link>
            )}
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <Segmented<string>
              aria-label={t('cases.queue.queuesLabel')}
              value={queue.key}
              onChange={(key) => setView({ queue: key, page: undefined })}
              options={queues.map((q, i) => ({
                value: q.key,
                label: (
                  <span data-testid={`queue-${q.key}`}>
                    {t(`cases.queue.queues.${q.key}`)}{' '}
                    <Badge
                      count={counts[i]?.data?.total ?? 0}
                      showZero
                      overflowCount={999}
                      color={q.key === 'overdue' ? '#cf1322' : '#8c8c8c'}
                      size="small"
                    />
                  </span>
                ),
              }))}
            />
            <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
              {t('cases.queue.region')}
              <RegionSelect
                aria-label={t('cases.queue.region')}
                isCityIncluded={false}
                allowClear
                value={region}
                onChange={(code) => setView({ region: code, page: undefined })}
                placeholder={t('common.all')}
              />
            </label>
          </Space>
          {queue.batchAction && (
            <Space wrap>
              <Button
                disabled={selected.length === 0}
                loading={isBatchRunning}
                onClick={() => void runBatch()}
              >
                {t('cases.queue.batch', {
                  action: t(`cases.actions.${queue.batchAction}`),
                  count: selected.length,
                })}
              </Button>
            </Space>
          )}
          {list.isError && <ErrorView error={list.error} onRetry={() => void list.refetch()} />}
          <Table<CaseSummary>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={items}
            scroll={{ x: 960 }}
            rowSelection={
              queue.batchAction
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as number[]),
                  }
                : undefined
            }
            locale={{
              emptyText: list.isError
                ? errorText(t, list.error)
                : t(`cases.queue.empty.${queue.key}`, { defaultValue: t('common.empty') }),
            }}
            onRow={(c) => {
              const background = riskColors[riskFor(c)].row;
              return { style: background ? { background } : {}, 'data-case-id': c.id };
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { count: total }),
              onChange: (p) => setView({ page: String(p) }),
            }}
            columns={[
              {
                title: t('cases.queue.columns.number'),
                dataIndex: 'caseNumber',
                width: 190,
                render: (_, c) => <Link to={`/staff/cases/${c.id}`}>{c.caseNumber}</Link>,
              },
              {
                title: t('cases.queue.columns.category'),
                dataIndex: 'categoryName',
                width: 130,
                render: (name: string, c) => <CategoryName code={c.categoryCode} fallback={name} />,
              },
              {
                title: t('cases.queue.columns.description'),
                dataIndex: 'description',
                ellipsis: true,
              },
              {
                title: t('cases.queue.columns.region'),
                dataIndex: 'regionCode',
                width: 100,
                render: (code: string) => <RegionName code={code} />,
              },
              {
                title: t('cases.queue.columns.state'),
                dataIndex: 'state',
                width: 190,
                render: (_, c) => (
                  <CaseStateTag state={c.state} label={c.stateLabel} isOverdue={c.isOverdue} />
                ),
              },
              {
                title: t('cases.queue.columns.deadline'),
                dataIndex: 'stateDeadlineAt',
                width: 160,
                render: (at: string | null) => formatDateTime(at) || t('common.none'),
              },
              {
                title: t('cases.queue.columns.remaining'),
                key: 'risk',
                width: 120,
                render: (_, c) => (
                  <RiskTag risk={riskFor(c)} daysLeft={daysLeft(c.stateDeadlineAt)} />
                ),
              },
            ]}
          />
          <Typography.Text type="secondary">{t('cases.queue.legend')}</Typography.Text>
        </Space>
      </Card>
    </div>
  );
}
