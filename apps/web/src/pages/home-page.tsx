import { Card, Descriptions, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Health } from '@citygov/contracts';
import { get } from '../api/client.ts';
import { ErrorView, Loading } from '../shell/status-views.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const health = useQuery({ queryKey: ['health'], queryFn: () => get<Health>('/api/health') });
  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={2}>{t('home.title')}</Typography.Title>
      <Typography.Paragraph>{t('home.subtitle')}</Typography.Paragraph>
      <Card title={t('home.status')}>
        {health.isPending ? (
          <Loading />
        ) : health.isError ? (
          <ErrorView error={health.error} onRetry={() => void health.refetch()} />
        ) : (
          <Descriptions column={1}>
            <Descriptions.Item label={t('home.database')}>{health.data.database}</Descriptions.Item>
            <Descriptions.Item label="version">{health.data.version}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
    </div>
  );
}
