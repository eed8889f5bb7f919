// /staff/rectifications: bad ratings (差评) of my agency awaiting my step (核实, 整改, 反馈,
// 复核), soonest deadline first, at-risk and overdue in colour; or every one in a state.
import { Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { RectificationList, RectificationListQuery } from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { errorText } from '../../shell/error-text.ts';
import { formatDateTime, localized } from '../../shell/format.ts';
import { ErrorView } from '../../shell/status-views.tsx';
import { DepartmentName } from '../../org/org-fields.tsx';
import { riskColors, riskOf } from '../deadline-risk.ts';
import { RiskTag } from '../risk-tag.tsx';
import { useWorkingDaysLeft } from '../use-working-days.ts';

type Rectification = RectificationList['items'][number];
const filters = [
  'todo',
  'verifying',
  'appealed',
  'rectifying',
  'replying',
  'reviewing',
  'closed',
  'excluded',
] as const;
type Filter = (typeof filters)[number];
const finalStates = new Set(['closed', 'excluded']);
const PAGE_SIZE = 20;

export function RectificationQueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter: Filter = filters.find((f) => f === params.get('state')) ?? 'todo';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const applicationId = /^[1-9][0-9]{0,15}$/.test(params.get('applicationId') ?? '')
    ? Number(params.get('applicationId'))
    : undefined;
  const query: RectificationListQuery = {
    ...(filter !== 'todo' && { state: filter }),
    ...(applicationId !== undefined && { applicationId }),
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: ['rectifications', query],
    queryFn: () => get<RectificationList>(withQuery('/api/ratings/rectifications', query)),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const daysLeft = useWorkingDaysLeft(list.data?.items.map((r) => r.deadlineAt) ?? []);
  const riskFor = (r: Rectification) =>
    riskOf({
      isOverdue: r.isOverdue,
      isPaused: false,
      isClosed: finalStates.has(r.state),
      hasDeadline: r.deadlineAt !== null,
      workingDaysLeft: daysLeft(r.deadlineAt),
    });

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
      <Card
        title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('ratings.rectification.title')}</h2>}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void list.refetch()}
            loading={list.isFetching}
          >
            {t('common.refresh')}
          </Button>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <div style={{ overflowX: 'auto' }}>
            <Segmented<Filter>
              aria-label={t('ratings.rectification.filterLabel')}
              value={filter}
              onChange={(f) =>
                setParams({
                  ...(f !== 'todo' && { state: f }),
                  ...(applicationId !== undefined && { applicationId: String(applicationId) }),
                })
              }
              options={filters.map((f) => ({
                value: f,
                label: t(`ratings.rectification.filters.${f}`),
              }))}
            />
          </div>
          {applicationId !== undefined && (
            <div>
              <Tag
                closable
                onClose={() => setParams(filter === 'todo' ? {} : { state: filter })}
                data-testid="application-filter"
              >
                {t('ratings.rectification.ofApplication', { id: applicationId })}
              </Tag>
            </div>
          )}
          {list.isError && <ErrorView error={list.error} onRetry={() => void list.refetch()} />}
          <Table<Rectification>
            rowKey="ratingId"
            size="middle"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            locale={{
              emptyText: list.isError ? errorText(t, list.error) : t('ratings.rectification.empty'),
            }}
            onRow={(r) => {
              const background = riskColors[riskFor(r)].row;
              return { style: background ? { background } : {}, 'data-rating-id': r.ratingId };
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { count: total }),
              onChange: (p) =>
                setParams({
                  ...(filter !== 'todo' && { state: filter }),
                  ...(applicationId !== undefined && { applicationId: String(applicationId) }),
                  page: String(p),
                }),
            }}
            columns={[
              {
                title: t('ratings.rectification.item'),
                dataIndex: 'itemName',
                render: (_, r) => (
                  <Link to={`/staff/rectifications/${r.ratingId}`}>{r.itemName}</Link>
                ),
              },
              {
                title: t('ratings.level'),
                dataIndex: 'level',
                width: 120,
                render: (level: number) => (
                  <Tag color={level <= 2 ? 'red' : 'default'}>{t(`ratings.levels.${level}`)}</Tag>
                ),
              },
              {
                title: t('ratings.rectification.named'),
                dataIndex: 'isNamed',
                width: 90,
                render: (isNamed: boolean) =>
                  isNamed ? t('ratings.namedYes') : t('ratings.namedNo'),
              },
              {
                title: t('ratings.rectification.state'),
                dataIndex: 'state',
                width: 130,
                render: (_, r) => <Tag>{localized(r.stateLabel)}</Tag>,
              },
              {
                title: t('applications.fields.department'),
                dataIndex: 'departmentId',
                render: (id: number) => <DepartmentName id={id} />,
              },
              {
                title: t('applications.fields.deadline'),
                dataIndex: 'deadlineAt',
                width: 170,
                render: (at: string | null) => formatDateTime(at) || t('common.none'),
              },
              {
                title: t('applications.fields.remaining'),
                key: 'risk',
                width: 130,
                render: (_, r) => <RiskTag risk={riskFor(r)} daysLeft={daysLeft(r.deadlineAt)} />,
              },
            ]}
          />
          <Typography.Text type="secondary">{t('tasks.legend')}</Typography.Text>
        </Space>
      </Card>
    </div>
  );
}
