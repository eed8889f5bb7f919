// /cases/mine: the problems I reported or joined, newest first, as cards that fit a phone.
import { Button, Card, List, Pagination, Space, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../shell/format.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { useMyCases } from './case-queries.ts';
import { CaseStateTag } from './case-state-tag.tsx';
import { CategoryName } from './category-name.tsx';
import { useLiveCases } from './use-live-cases.ts';

const PAGE_SIZE = 10;

export function MyCasesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const cases = useMyCases(page, PAGE_SIZE);
  useLiveCases();
  return (
    <div style={{ maxWidth: 720, margin: '0 auto', padding: '12px 12px 32px' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('cases.mine.title')}
        </Typography.Title>
        <Link to="/cases/new">
          <Button type="primary" icon={<CameraOutlined />}>
            {t('cases.report.title')}
          </Button>
        </Link>
      </Space>
      {cases.isPending ? (
        <Loading />
      ) : cases.isError ? (
        <ErrorView error={cases.error} onRetry={() => void cases.refetch()} />
      ) : cases.data.items.length === 0 ? (
        <EmptyView description={t('cases.mine.empty')} />
      ) : (
        <>
          <List
            dataSource={cases.data.items}
            renderItem={(c) => (
              <List.Item key={c.id} style={{ padding: '6px 0', border: 'none' }}>
                <Link to={`/cases/${c.id}`} style={{ display: 'block', width: '100%' }}>
                  <Card size="small" hoverable data-testid="my-case" data-case-id={c.id}>
                    <Space wrap size={6}>
                      <Typography.Text strong>
                        <CategoryName code={c.categoryCode} fallback={c.categoryName} />
                      </Typography.Text>
                      <CaseStateTag state={c.state} label={c.stateLabel} />
                    </Space>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
                      {c.description}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.caseNumber} · {formatDateTime(c.createdAt)}
                    </Typography.Text>
                  </Card>
                </Link>
              </List.Item>
            )}
          />
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={cases.data.total}
            hideOnSinglePage
            showSizeChanger={false}
            onChange={(p) => setParams({ page: String(p) })}
            style={{ marginTop: 12, textAlign: 'center' }}
          />
        </>
      )}
    </div>
  );
}
