// /me/applications: my applications, newest first, each with its state and the time left.
import { Button, Card, List, Pagination, Space, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ApplicationSummary } from '@citygov/contracts';
import { formatDateTime, localized } from '../shell/format.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { riskOf } from '../staff/deadline-risk.ts';
import { RiskTag } from '../staff/risk-tag.tsx';
import { useWorkingDaysLeft } from '../staff/use-working-days.ts';
import { useApplications } from '../portal/applications/application-queries.ts';

const PAGE_SIZE = 10;

export function MyApplicationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useApplications({ view: 'mine', page, pageSize: PAGE_SIZE });
  const daysLeft = useWorkingDaysLeft(list.data?.items.map((a) => a.deadlineAt) ?? []);
  const riskFor = (a: ApplicationSummary) =>
    riskOf({
      isOverdue: a.isOverdue,
      isPaused: a.isPaused,
      isClosed: a.isFinal,
      hasDeadline: a.deadlineAt !== null,
      workingDaysLeft: daysLeft(a.deadlineAt),
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('applications.mine.title')}
        </Typography.Title>
        <Link to="/services">
          <Button type="primary">{t('applications.mine.applyMore')}</Button>
        </Link>
      </Space>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyView description={t('applications.mine.empty')} />
      ) : (
        <>
          <List
            dataSource={list.data.items}
            renderItem={(a) => (
              <List.Item key={a.id} style={{ padding: 0, border: 0 }}>
                <Link
                  to={`/me/applications/${a.id}`}
                  style={{ width: '100%', color: 'inherit' }}
                  data-testid="my-application"
                  data-number={a.number}
                >
                  <Card size="small" hoverable style={{ width: '100%', marginBottom: 8 }}>
                    <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                      <Space orientation="vertical" size={2}>
                        <Typography.Text strong>{a.itemName}</Typography.Text>
                        <Typography.Text
                          type="secondary"
                          style={{ fontSize: 12, wordBreak: 'break-all' }}
                        >
                          {a.number}
                        </Typography.Text>
                        <Space wrap size={[4, 4]}>
                          <Tag color={a.isFinal ? 'default' : 'processing'}>
                            {localized(a.stateLabel)}
                          </Tag>
                          {!a.isFinal && (
                            <RiskTag
                              risk={riskFor(a)}
                              daysLeft={daysLeft(a.deadlineAt)}
                              pausedText={t('applications.paused')}
                            />
                          )}
                        </Space>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('applications.mine.submittedAt', { at: formatDateTime(a.createdAt) })}
                        </Typography.Text>
                      </Space>
                      <RightOutlined aria-hidden />
                    </Space>
                  </Card>
                </Link>
              </List.Item>
            )}
          />
          {list.data.total > PAGE_SIZE && (
            <Pagination
              simple
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) => setParams({ page: String(p) })}
              style={{ textAlign: 'center' }}
            />
          )}
        </>
      )}
    </Space>
  );
}
