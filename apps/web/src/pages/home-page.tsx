// The portal's first screen: what the platform offers and where to go, phone-first.
import type { ReactNode } from 'react';
import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import {
  BellOutlined,
  CameraOutlined,
  FileSearchOutlined,
  LoginOutlined,
  SafetyOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Health } from '@citygov/contracts';
import { get } from '../api/client.ts';
import { access } from '../shell/access.ts';
import { ErrorView, Loading } from '../shell/status-views.tsx';
import { useMe } from '../shell/use-me.ts';
import { LifeEventTiles } from '../portal/life-event-tiles.tsx';
import { ServiceSearchBox } from '../portal/service-search-box.tsx';

interface QuickLink {
  key: string;
  to: string;
  icon: ReactNode;
  title: string;
  text: string;
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const health = useQuery({ queryKey: ['health'], queryFn: () => get<Health>('/api/health') });
  const links: QuickLink[] = [];
  if (!me.data) {
    links.push({
      key: 'login',
      to: '/login',
      icon: <LoginOutlined />,
      title: t('home.quickLogin'),
      text: t('home.quickLoginText'),
    });
  } else {
    if (me.data.kind !== 'staff' && access.reportCase(me.data)) {
      links.push(
        {
          key: 'report-case',
          to: '/cases/new',
          icon: <CameraOutlined />,
          title: t('cases.home.report'),
          text: t('cases.home.reportText'),
        },
        {
          key: 'my-cases',
          to: '/cases/mine',
          icon: <FileSearchOutlined />,
          title: t('cases.home.mine'),
          text: t('cases.home.mineText'),
        },
      );
    }
    if (me.data.kind !== 'staff') {
      links.push({
        key: 'data-uses',
        to: '/me/data-uses',
        icon: <SafetyOutlined />,
        title: t('home.quickDataUses'),
        text: t('home.quickDataUsesText'),
      });
    }
    links.push({
      key: 'messages',
      to: '/me/notifications',
      icon: <BellOutlined />,
      title: t('home.quickMessages'),
      text: t('home.quickMessagesText'),
    });
    if (access.staff(me.data)) {
      links.push({
        key: 'workbench',
        to: '/staff',
        icon: <SolutionOutlined />,
        title: t('home.quickWorkbench'),
        text: t('home.quickWorkbenchText'),
      });
    }
  }

  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <section
        style={{
          background: 'linear-gradient(135deg, #1677ff, #0958d9)',
          color: '#fff',
          borderRadius: 12,
          padding: '24px 20px',
          marginBottom: 16,
        }}
      >
        <Typography.Title level={1} style={{ color: '#fff', fontSize: 26, marginTop: 0 }}>
          {t('home.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.9)' }}>
          {t('home.subtitle')}
        </Typography.Paragraph>
        <ServiceSearchBox />
      </section>
      <LifeEventTiles />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('home.quickTitle')}
      </Typography.Title>
      {me.isPending ? (
        <Loading />
      ) : (
        <Row gutter={[12, 12]}>
          {links.map((link) => (
            <Col key={link.key} xs={24} sm={12} md={8}>
              <Link to={link.to} style={{ display: 'block' }}>
                <Card hoverable size="small">
                  <Space align="start">
                    <span style={{ fontSize: 24, color: '#1677ff' }} aria-hidden>
                      {link.icon}
                    </span>
                    <span>
                      <Typography.Text strong>{link.title}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary">{link.text}</Typography.Text>
                    </span>
                  </Space>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      <Card size="small" title={t('home.status')} style={{ marginTop: 16 }}>
        {health.isPending ? (
          <Loading />
        ) : health.isError ? (
          <ErrorView error={health.error} onRetry={() => void health.refetch()} />
        ) : (
          <Space wrap>
            <Tag color="green">{t('home.online')}</Tag>
            {health.data.isDemo && <Tag color="purple">{t('home.demo')}</Tag>}
            <Typography.Text type="secondary">
              {t('home.database')}: {health.data.database} · {t('home.version')}:{' '}
              {health.data.version}
            </Typography.Text>
          </Space>
        )}
      </Card>
    </div>
  );
}
