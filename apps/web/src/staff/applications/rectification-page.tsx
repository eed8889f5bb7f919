// /staff/rectifications/:id: one bad rating's rectification: the rating (level, tags, words,
// the staff and channel rated), the deadline, the steps the user may take now, the history.
import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { RatingView, WorkflowView } from '@citygov/contracts';
import { get } from '../../api/client.ts';
import { isNotFound } from '../../shell/error-text.ts';
import { formatDateTime, localized } from '../../shell/format.ts';
import { ErrorView, Loading, NoAccessView } from '../../shell/status-views.tsx';
import { DepartmentName } from '../../org/org-fields.tsx';
import { DeadlineCard } from '../deadline-card.tsx';
import { WorkflowActions } from '../workflow-actions.tsx';
import { WorkflowTimeline } from '../workflow-timeline.tsx';

const pageStyle = { maxWidth: 1200, margin: '0 auto', padding: 16 } as const;
const cardTitle = (text: string) => <h2 style={{ margin: 0, fontSize: 16 }}>{text}</h2>;

export function RectificationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const isValidId = /^[1-9][0-9]{0,15}$/.test(id);
  const record = useQuery({
    queryKey: ['rectification', id],
    queryFn: () => get<WorkflowView>(`/api/ratings/rectifications/${id}`),
    enabled: isValidId,
    refetchInterval: 60_000,
    retry: (count, error) => !isNotFound(error) && count < 1,
  });
  const back = { to: '/staff/rectifications', label: t('ratings.rectification.back') };
  if (!isValidId || isNotFound(record.error)) return <NoAccessView back={back} />;
  if (record.isPending) return <Loading />;
  if (record.isError) {
    return (
      <div style={pageStyle}>
        <ErrorView error={record.error} onRetry={() => void record.refetch()} />
      </div>
    );
  }
  const view = record.data;
  const rating = view.subject as unknown as RatingView | undefined;
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['rectification', id] }),
      client.invalidateQueries({ queryKey: ['rectifications'] }),
    ]);
  const labels = {
    action: (action: string) =>
      t(`ratings.rectification.actions.${action.replace(/\./g, '_')}`, { defaultValue: action }),
    field: (name: string) => t(`ratings.rectification.fields.${name}`, { defaultValue: name }),
  };

  return (
    <div style={pageStyle}>
      <nav>
        <Link to="/staff/rectifications">
          <ArrowLeftOutlined /> {t('ratings.rectification.back')}
        </Link>
      </nav>
      <Space align="center" wrap style={{ margin: '12px 0' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('ratings.rectification.recordTitle', { name: rating?.itemName ?? `#${id}` })}
        </Typography.Title>
        <Tag color={view.isFinal ? 'default' : 'processing'} data-testid="rectification-state">
          {localized(view.stateLabel)}
        </Tag>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {rating && (
              <Card title={cardTitle(t('ratings.rectification.rating'))}>
                <Descriptions
                  column={{ xs: 1, sm: 2 }}
                  items={[
                    {
                      key: 'level',
                      label: t('ratings.level'),
                      children: (
                        <Tag color={rating.level <= 2 ? 'red' : 'default'}>
                          {localized(rating.levelLabel)}
                        </Tag>
                      ),
                    },
                    {
                      key: 'named',
                      label: t('ratings.rectification.named'),
                      children: rating.isNamed ? t('ratings.namedYes') : t('ratings.namedNo'),
                    },
                    {
                      key: 'tags',
                      label: t('ratings.tagsLabel'),
                      span: 'filled',
                      children: rating.tags.length
                        ? rating.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)
                        : t('common.none'),
                    },
                    {
                      key: 'text',
                      label: t('ratings.text'),
                      span: 'filled',
                      children: (
                        <span style={{ whiteSpace: 'pre-wrap' }}>
                          {rating.text ?? t('common.none')}
                        </span>
                      ),
                    },
                    {
                      key: 'application',
                      label: t('ratings.rectification.application'),
                      children: (
                        <Link to={`/staff/applications/${rating.applicationId}`}>
                          {t('ratings.rectification.openApplication')}
                        </Link>
                      ),
                    },
                    {
                      key: 'channel',
                      label: t('applications.fields.channel'),
                      children: t(`portal.channelNames.${rating.channel}`),
                    },
                    {
                      key: 'staff',
                      label: t('ratings.rectification.staff'),
                      children: rating.staff.map((s) => s.name).join('、') || t('common.none'),
                    },
                    {
                      key: 'department',
                      label: t('applications.fields.department'),
                      children: <DepartmentName id={rating.departmentId} />,
                    },
                    {
                      key: 'at',
                      label: t('ratings.rectification.ratedAt'),
                      children: formatDateTime(rating.createdAt),
                    },
                  ]}
                />
              </Card>
            )}
            <Card title={cardTitle(t('applications.staff.actions'))}>
              <WorkflowActions
                basePath="/api/ratings/rectifications"
                view={view}
                onDone={refresh}
                fieldLabel={labels.field}
              />
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
              title={cardTitle(t('applications.timeline.title'))}
              extra={t('tasks.historyCount', { count: view.historyTotal })}
            >
              <WorkflowTimeline history={view.history} labels={labels} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
