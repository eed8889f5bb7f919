// /bundles: the 一件事一次办 bundles, what each joins and saves, and (signed in) my own ones.
import { Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BundleSummary } from '@citygov/contracts';
import { EmptyView, ErrorView, Loading } from '../../shell/status-views.tsx';
import { useMe } from '../../shell/use-me.ts';
import { useBundles, useMyBundleApplications } from './bundle-queries.ts';
import { BundleStateTag } from './bundle-state-tag.tsx';

const pageStyle = { maxWidth: 1080, margin: '0 auto', padding: '12px 12px 32px' } as const;

function BundleCard({ bundle }: { bundle: BundleSummary }) {
  const { t } = useTranslation();
  return (
    <Card
      title={bundle.name}
      extra={<Link to={`/bundles/${bundle.code}`}>{t('bundles.apply')}</Link>}
      style={{ height: '100%' }}
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }}>
        {bundle.description}
      </Typography.Paragraph>
      <Typography.Text strong>
        {t('bundles.members', { count: bundle.members.length })}
      </Typography.Text>
      <div style={{ margin: '6px 0 10px' }}>
        {bundle.members.map((m) => (
          <Tag key={m.itemCode} style={{ marginBottom: 4 }}>
            {m.itemName}
          </Tag>
        ))}
      </div>
      <Space direction="vertical" size={2}>
        <Typography.Text>
          {t('bundles.promised', { days: bundle.promisedLimitDays })}
        </Typography.Text>
        <Typography.Text type="success">{t('bundles.saves', bundle)}</Typography.Text>
        {bundle.visitsSaved > 0 && (
          <Typography.Text type="success">
            {t('bundles.visitsSaved', { count: bundle.visitsSaved })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}

function MyBundles() {
  const { t } = useTranslation();
  const mine = useMyBundleApplications(true);
  if (mine.isPending) return <Loading />;
  if (mine.isError) return <ErrorView error={mine.error} onRetry={() => void mine.refetch()} />;
  return (
    <Card title={t('bundles.mine')} size="small" style={{ marginBottom: 16 }}>
      {mine.data.items.length === 0 ? (
        <Typography.Text type="secondary">{t('bundles.mineEmpty')}</Typography.Text>
      ) : (
        <List
          dataSource={mine.data.items}
          renderItem={(a) => (
            <List.Item
              actions={[
                <Link key="open" to={`/bundles/applications/${a.id}`}>
                  {t('bundles.progress.title')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{a.bundleName}</span>
                    <BundleStateTag state={a.state} />
                  </Space>
                }
                description={`${a.number} · ${t('bundles.progress.count', {
                  finished: a.finishedMembers,
                  total: a.memberCount,
                })}`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export function BundlesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const bundles = useBundles();
  return (
    <div style={pageStyle}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('bundles.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('bundles.intro')}</Typography.Paragraph>
      {me.data && me.data.kind !== 'staff' && <MyBundles />}
      {bundles.isPending ? (
        <Loading />
      ) : bundles.isError ? (
        <ErrorView error={bundles.error} onRetry={() => void bundles.refetch()} />
      ) : bundles.data.items.length === 0 ? (
        <EmptyView description={t('bundles.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {bundles.data.items.map((b) => (
            <Col key={b.code} xs={24} md={12} lg={8}>
              <BundleCard bundle={b} />
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
