// /staff: the to-do list of 交办任务, soonest deadline first, at-risk and overdue in colour.
import { Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TaskList, TaskListQuery, TaskSummary } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { access } from '../shell/access.ts';
import { errorText } from '../shell/error-text.ts';
import { formatDateTime, localized } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { useMe } from '../shell/use-me.ts';
import { DepartmentName, RegionName } from '../org/org-fields.tsx';
import { riskColors, riskOf } from './deadline-risk.ts';
import { RiskTag } from './risk-tag.tsx';
import { useWorkingDaysLeft } from './use-working-days.ts';

type View = NonNullable<TaskListQuery['view']>;
const views: readonly View[] = ['mine', 'todo', 'created', 'scope'];
const PAGE_SIZE = 20;

// TaskSummary carries no isFinal/closedAt yet; these are the task workflow's final states.
const isFinalState = (task: TaskSummary) => ['done', 'returned', 'cancelled'].includes(task.state);

export function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const view: View = views.find((v) => v === params.get('view')) ?? 'mine';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: TaskListQuery = { view, page, pageSize: PAGE_SIZE };
  const tasks = useQuery({
    queryKey: ['tasks', query],
    queryFn: () => get<TaskList>(withQuery('/api/tasks', query)),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const daysLeft = useWorkingDaysLeft(tasks.data?.items.map((i) => i.deadlineAt) ?? []);
  const riskFor = (task: TaskSummary) =>
    riskOf({
      isOverdue: task.isOverdue,
      isPaused: task.isPaused,
      isClosed: isFinalState(task),
      hasDeadline: task.deadlineAt !== null,
      workingDaysLeft: daysLeft(task.deadlineAt),
    });

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
      <Card
        title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('tasks.title')}</h2>}
        extra={
          <Space wrap>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void tasks.refetch()}
              loading={tasks.isFetching}
            >
              {t('common.refresh')}
            </Button>
            {me.data && access.createTask(me.data) && (
              <Link to="/staff/tasks/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('tasks.newTask')}
                </Button>
              </Link>
            )}
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Segmented<View>
            aria-label={t('tasks.viewsLabel')}
            value={view}
            onChange={(v) => setParams({ view: v })}
            options={views.map((v) => ({ value: v, label: t(`tasks.views.${v}`) }))}
          />
          {tasks.isError && <ErrorView error={tasks.error} onRetry={() => void tasks.refetch()} />}
          <Table<TaskSummary>
            rowKey="id"
            size="middle"
            loading={tasks.isPending}
            dataSource={tasks.data?.items ?? []}
            scroll={{ x: 860 }}
            locale={{ emptyText: tasks.isError ? errorText(t, tasks.error) : t('common.empty') }}
            onRow={(task) => {
              const background = riskColors[riskFor(task)].row;
              return { style: background ? { background } : {}, 'data-task-id': task.id };
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: tasks.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { count: total }),
              onChange: (p) => setParams({ view, page: String(p) }),
            }}
            columns={[
              {
                title: t('tasks.taskTitle'),
                dataIndex: 'title',
                render: (_, task) => <Link to={`/staff/tasks/${task.id}`}>{task.title}</Link>,
              },
              {
                title: t('tasks.state'),
                dataIndex: 'state',
                width: 130,
                render: (_, task) => <Tag>{localized(task.stateLabel)}</Tag>,
              },
              {
                title: t('tasks.region'),
                dataIndex: 'regionCode',
                width: 110,
                render: (code: string) => <RegionName code={code} />,
              },
              {
                title: t('tasks.department'),
                dataIndex: 'departmentId',
                render: (id: number) => <DepartmentName id={id} />,
              },
              {
                title: t('tasks.deadline'),
                dataIndex: 'deadlineAt',
                width: 170,
                render: (at: string | null) => formatDateTime(at) || t('common.none'),
              },
              {
                title: t('tasks.remaining'),
                key: 'risk',
                width: 140,
                render: (_, task) => (
                  <RiskTag risk={riskFor(task)} daysLeft={daysLeft(task.deadlineAt)} />
                ),
              },
            ]}
          />
          <Typography.Text type="secondary">{t('tasks.legend')}</Typography.Text>
        </Space>
      </Card>
    </div>
  );
}
