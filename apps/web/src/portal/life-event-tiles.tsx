// Life events (citizens) and themes (enterprises) as entry tiles on the home page.
import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LifeEvent } from '@citygov/contracts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { useLifeEvents } from './catalogue-queries.ts';

export function LifeEventTiles() {
  const { t } = useTranslation();
  const events = useLifeEvents();
  if (events.isPending) return <Loading />;
  if (events.isError)
    return <ErrorView error={events.error} onRetry={() => void events.refetch()} />;
  const shown = events.data.lifeEvents.filter((e) => e.itemCount > 0);
  if (shown.length === 0) return <EmptyView />;
  const groups: { key: LifeEvent['audience']; title: string }[] = [
    { key: 'citizen', title: t('portal.lifeEventsCitizen') },
    { key: 'enterprise', title: t('portal.lifeEventsEnterprise') },
  ];
  return (
    <>
      {groups.map((group) => {
        const items = shown.filter((e) => e.audience === group.key);
        if (items.length === 0) return null;
        return (
          <section key={group.key} style={{ marginBottom: 16 }}>
            <Typography.Title level={2} style={{ fontSize: 18 }}>
              {group.title}
            </Typography.Title>
            <Row gutter={[8, 8]}>
              {items.map((e) => (
                <Col key={e.code} xs={8} sm={6} md={4}>
                  <Link
                    to={`/services?lifeEvent=${encodeURIComponent(e.code)}`}
                    style={{ display: 'block', height: '100%' }}
                  >
                    <Card
                      hoverable
                      size="small"
                      style={{ textAlign: 'center', height: '100%' }}
                      styles={{ body: { padding: '12px 4px' } }}
                    >
                      <Typography.Text strong>{e.name}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('portal.itemCount', { count: e.itemCount })}
                      </Typography.Text>
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          </section>
        );
      })}
    </>
  );
}
