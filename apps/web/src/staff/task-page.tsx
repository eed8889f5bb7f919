// /staff/tasks/:id: one 交办任务 with its deadline countdown, the actions the user may take
// now, and the full history.
import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { WorkflowView } from '@citygov/contracts';
import { get } from '../api/client.ts';
import { isNotFound } from '../shell/error-text.ts';
import { formatDateTime, localized } from '../shell/format.ts';
import { ErrorView, Loading, NoAccessView } from '../shell/status-views.tsx';
import { DepartmentName, RegionName } from '../org/org-fields.tsx';
import { DeadlineCard } from './deadline-card.tsx';
import { WorkflowActions } from './workflow-actions.tsx';
import { WorkflowTimeline } from './workflow-timeline.tsx';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : null);

export function TaskPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const isValidId = /^[1-9][0-9]{0,17}$/.test(id);
  const task = useQuery({
    queryKey: ['task', id],
    queryFn: () => get<WorkflowView>(`/api/tasks/${id}`),
    enabled: isValidId,
    // The countdown moves: refresh it every minute.
    refetchInterval: 60_000,
    retry: (count, error) => !isNotFound(error) && count < 1,
  });
  const back = { to: '/staff', label: t('tasks.backToList') };

  if (!isValidId || isNotFound(task.error)) return <NoAccessView back={back} />;
  if (task.isPending) return <Loading />;
  if (task.isError) {
    return (
      <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
        <ErrorView error={task.error} onRetry={() => void task.refetch()} />
      </div>
    );
  }
  const view = task.data;
  const subject = view.subject ?? {};
  const title = text(subject.title) || text(view.data.title) || `#${view.id}`;
  const creator = view.history.find((h) => h.action === 'start')?.actor.name;
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['task', id] }),
      client.invalidateQueries({ queryKey: ['tasks'] }),
    ]);

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: 16 }}>
      <nav>
        <Link to="/staff">
          <ArrowLeftOutlined /> {t('tasks.backToList')}
        </Link>
      </nav>
      <Space align="center" wrap style={{ margin: '12px 0' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Tag color={view.isFinal ? 'default' : 'processing'} data-testid="task-state">
          {localized(view.stateLabel)}
        </Tag>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('tasks.record')}</h2>}>
              <Descriptions
                column={{ xs: 1, sm: 2 }}
                items={[
                  {
                    key: 'description',
                    label: t('tasks.description'),
                    span: 'filled',
                    children: (
                      <span style={{ whiteSpace: 'pre-wrap' }}>
                        {text(subject.description) || t('common.none')}
                      </span>
                    ),
                  },
                  {
                    key: 'region',
                    label: t('tasks.region'),
                    children: <RegionName code={view.regionCode} />,
                  },
                  {
                    key: 'department',
                    label: t('tasks.department'),
                    children: <DepartmentName id={view.departmentId} />,
                  },
                  {
                    key: 'limit',
                    label: t('tasks.limit'),
                    children:
                      num(subject.limitWorkdays) === null
                        ? t('common.none')
                        : t('tasks.limitValue', { count: num(subject.limitWorkdays) ?? 0 }),
                  },
                  {
                    key: 'createdAt',
                    label: t('tasks.createdAt'),
                    children: formatDateTime(view.createdAt),
                  },
                  {
                    key: 'createdBy',
                    label: t('tasks.createdBy'),
                    children: creator ?? t('common.none'),
                  },
                ]}
              />
            </Card>
            <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('tasks.actionsTitle')}</h2>}>
              <WorkflowActions basePath="/api/tasks" view={view} onDone={refresh} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <DeadlineCard
              deadline={view.deadline}
              stateDeadline={view.stateDeadline}
              isPaused={view.isPaused}
              isOverdue={view.isOverdue}
              closedAt={view.closedAt}
              escalationLevel={view.escalationLevel}
            />
            <Card
              title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('tasks.history')}</h2>}
              extra={t('tasks.historyCount', { count: view.historyTotal })}
            >
              <WorkflowTimeline history={view.history} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
