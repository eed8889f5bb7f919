// Accounts in the regions the administrator manages: roles with their scopes, disable/enable,
// grant and revoke roles, create staff accounts.
import { useState } from 'react';
import { App, Button, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { UserList, UserListQuery, UserRoleView, UserView } from '@citygov/contracts';
import { del, get, post, withQuery } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { formatDateTime } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { DepartmentName, RegionName } from '../org/org-fields.tsx';
import { GrantRoleModal } from './grant-role-modal.tsx';
import { UserCreateDrawer } from './user-create-drawer.tsx';

const PAGE_SIZE = 50;
type Kind = NonNullable<UserListQuery['kind']>;

function RoleTag({ role, onRevoke }: { role: UserRoleView; onRevoke: (() => void) | undefined }) {
  const { t } = useTranslation();
  return (
    <Tag style={{ marginBottom: 4 }}>
      {t(`roles.${role.role}`, { defaultValue: role.role })} · <RegionName code={role.regionCode} />
      {role.departmentId !== null && (
        <>
          {' · '}
          <DepartmentName id={role.departmentId} />
        </>
      )}
      {onRevoke && (
        <Popconfirm title={t('admin.users.removeRole')} onConfirm={onRevoke}>
          <Button
            type="link"
            size="small"
            aria-label={t('admin.users.removeRole')}
            style={{ padding: '0 0 0 4px', height: 'auto' }}
          >
            ×
          </Button>
        </Popconfirm>
      )}
    </Tag>
  );
}

export function UsersTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<Kind | undefined>('staff');
  const [offset, setOffset] = useState(0);
  const [isCreating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserView | null>(null);
  const query: UserListQuery = {
    ...(search && { q: search }),
    ...(kind && { kind }),
    limit: PAGE_SIZE,
    offset,
  };
  const users = useQuery({
    queryKey: ['admin', 'users', query],
    queryFn: () => get<UserList>(withQuery('/api/admin/users', query)),
    placeholderData: keepPreviousData,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['admin', 'users'] });
  const onError = (error: unknown) => void message.error(errorText(t, error));
  const toggle = useMutation({
    mutationFn: (user: UserView) =>
      post<UserView>(`/api/admin/users/${user.id}/${user.isDisabled ? 'enable' : 'disable'}`),
    onSuccess: (user) => {
      void message.success(
        t(user.isDisabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', {
          name: user.username,
        }),
      );
      return refresh();
    },
    onError,
  });
  const revoke = useMutation({
    mutationFn: ({ user, role }: { user: UserView; role: UserRoleView }) =>
      del<UserView>(`/api/admin/users/${user.id}/roles/${role.id}`),
    onSuccess: refresh,
    onError,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          aria-label={t('admin.users.search')}
          placeholder={t('admin.users.search')}
          allowClear
          onSearch={(v) => {
            setSearch(v.trim());
            setOffset(0);
          }}
          style={{ width: 240 }}
        />
        <Select<Kind | 'all'>
          aria-label={t('admin.users.kind')}
          value={kind ?? 'all'}
          onChange={(v) => {
            setKind(v === 'all' ? undefined : v);
            setOffset(0);
          }}
          style={{ width: 140 }}
          options={[
            { value: 'all', label: t('common.all') },
            ...(['staff', 'citizen', 'enterprise'] as const).map((k) => ({
              value: k,
              label: t(`kinds.${k}`),
            })),
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.users.create')}
        </Button>
      </Space>
      {users.isError && <ErrorView error={users.error} onRetry={() => void users.refetch()} />}
      <Table<UserView>
        rowKey="id"
        size="small"
        loading={users.isPending || users.isFetching}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 1400 }}
        pagination={false}
        columns={[
          {
            title: t('admin.users.username'),
            dataIndex: 'username',
            width: 220,
            render: (name: string, user) => (
              <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                <Typography.Text code>{name}</Typography.Text>
                {user.isDemo && <Tag color="purple">{t('admin.users.demo')}</Tag>}
              </Space>
            ),
          },
          { title: t('admin.users.displayName'), dataIndex: 'displayName', width: 100 },
          {
            title: t('admin.users.kind'),
            dataIndex: 'kind',
            render: (k: Kind) => t(`kinds.${k}`),
          },
          {
            title: t('admin.users.region'),
            dataIndex: 'regionCode',
            render: (code: string) => <RegionName code={code} />,
          },
          {
            title: t('admin.users.department'),
            dataIndex: 'departmentName',
            width: 200,
            render: (name: string | null) => name ?? t('common.none'),
          },
          {
            title: t('admin.users.roles'),
            key: 'roles',
            width: 320,
            render: (_, user) => (
              <div>
                {user.roles.map((role) => (
                  <RoleTag
                    key={role.id}
                    role={role}
                    onRevoke={
                      user.kind === 'staff' ? () => revoke.mutate({ user, role }) : undefined
                    }
                  />
                ))}
                {user.kind === 'staff' && (
                  <Button size="small" type="dashed" onClick={() => setGranting(user)}>
                    {t('admin.users.addRole')}
                  </Button>
                )}
              </div>
            ),
          },
          {
            title: t('admin.users.status'),
            dataIndex: 'isDisabled',
            render: (isDisabled: boolean) =>
              isDisabled ? (
                <Tag color="red">{t('admin.users.disabled')}</Tag>
              ) : (
                <Tag color="green">{t('admin.users.enabled')}</Tag>
              ),
          },
          {
            title: t('admin.users.lastLogin'),
            dataIndex: 'lastLoginAt',
            render: (at: string | null) => formatDateTime(at) || t('common.none'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, user) =>
              user.isDisabled ? (
                <Button size="small" onClick={() => toggle.mutate(user)}>
                  {t('admin.users.enable')}
                </Button>
              ) : (
                <Popconfirm
                  title={t('admin.users.confirmDisable', { name: user.username })}
                  onConfirm={() => toggle.mutate(user)}
                >
                  <Button size="small" danger>
                    {t('admin.users.disable')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Space>
        <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
          {t('admin.pager.previous')}
        </Button>
        <Button
          disabled={(users.data?.items.length ?? 0) < PAGE_SIZE}
          onClick={() => setOffset(offset + PAGE_SIZE)}
        >
          {t('admin.pager.next')}
        </Button>
      </Space>
      <UserCreateDrawer
        open={isCreating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          void message.success(t('admin.users.created', { name: user.username }));
          void refresh();
        }}
      />
      <GrantRoleModal
        user={granting}
        onClose={() => setGranting(null)}
        onGranted={() => {
          setGranting(null);
          void refresh();
        }}
      />
    </Space>
  );
}
