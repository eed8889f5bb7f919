// Scoped API keys for partner channels and devices: list, issue (secret shown once), revoke.
import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiKeyList, ApiKeyStatus, ApiKeyView } from '@citygov/contracts';
import { get, post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { formatDateTime } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { RegionName } from '../org/org-fields.tsx';
import { ApiKeyCreateModal } from './api-key-create-modal.tsx';
import { SecretModal } from './secret-box.tsx';

const statusColors: Record<ApiKeyStatus, string> = {
  active: 'green',
  revoked: 'red',
  expired: 'default',
};

export function ApiKeysTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [isCreating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useQuery({
    queryKey: ['admin', 'api-keys'],
    queryFn: () => get<ApiKeyList>('/api/admin/api-keys'),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['admin', 'api-keys'] });
  const revoke = useMutation({
    mutationFn: (key: ApiKeyView) => post<ApiKeyView>(`/api/admin/api-keys/${key.id}/revoke`),
    onSuccess: (key) => {
      void message.success(t('admin.apiKeys.revoked', { name: key.name }));
      return refresh();
    },
    onError: (error) => void message.error(errorText(t, error)),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
        {t('admin.apiKeys.create')}
      </Button>
      {keys.isError && <ErrorView error={keys.error} onRetry={() => void keys.refetch()} />}
      <Table<ApiKeyView>
        rowKey="id"
        size="small"
        loading={keys.isPending}
        dataSource={keys.data?.items ?? []}
        scroll={{ x: 1300 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.apiKeys.name'), dataIndex: 'name', width: 200 },
          {
            title: t('admin.apiKeys.prefix'),
            dataIndex: 'prefix',
            width: 150,
            render: (p: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {p}…
              </Typography.Text>
            ),
          },
          { title: t('admin.apiKeys.owner'), dataIndex: 'ownerUsername' },
          {
            title: t('admin.apiKeys.channel'),
            dataIndex: 'channel',
            render: (c: string, key) => (
              <>
                {t(`admin.apiKeys.channels.${c}`, { defaultValue: c })}
                {key.deviceId && (
                  <Typography.Text type="secondary"> · {key.deviceId}</Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('admin.apiKeys.permissions'),
            dataIndex: 'permissions',
            render: (ps: string[]) => ps.map((p) => <Tag key={p}>{p}</Tag>),
          },
          {
            title: t('admin.apiKeys.region'),
            dataIndex: 'regionCode',
            render: (code: string) => <RegionName code={code} />,
          },
          {
            title: t('admin.apiKeys.status'),
            dataIndex: 'status',
            render: (s: ApiKeyStatus) => (
              <Tag color={statusColors[s]}>{t(`admin.apiKeys.statuses.${s}`)}</Tag>
            ),
          },
          {
            title: t('admin.apiKeys.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (at: string | null) => formatDateTime(at) || t('common.none'),
          },
          {
            title: t('admin.apiKeys.expiresAt'),
            dataIndex: 'expiresAt',
            render: (at: string | null) => formatDateTime(at) || t('common.none'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, key) =>
              key.status === 'active' && (
                <Popconfirm
                  title={t('admin.apiKeys.confirmRevoke', { name: key.name })}
                  onConfirm={() => revoke.mutate(key)}
                >
                  <Button size="small" danger>
                    {t('admin.apiKeys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <ApiKeyCreateModal
        open={isCreating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setSecret(key.secret);
          void refresh();
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </Space>
  );
}
