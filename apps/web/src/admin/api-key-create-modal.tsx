// Issue an API key for a channel or device; the answer carries the secret, shown once.
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiKeyChannel, CreateApiKeyBody, CreatedApiKey, UserList } from '@citygov/contracts';
import { get, post, withQuery } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { cityInputToIso } from '../shell/format.ts';
import { useMe } from '../shell/use-me.ts';
import { RegionSelect } from '../org/org-fields.tsx';

// A record over the contract's union: the type check fails when the contract gains a channel.
const channels: Record<ApiKeyChannel, true> = {
  bank_terminal: true,
  rural_point: true,
  mini_program: true,
  open311: true,
  device: true,
  partner: true,
};
export const API_KEY_CHANNELS = Object.keys(channels) as ApiKeyChannel[];

interface FormValues {
  name: string;
  ownerUserId: number;
  channel: ApiKeyChannel;
  deviceId?: string;
  permissions: string[];
  regionCode: string;
  expiresAt?: string;
}

function OwnerSelect(props: { id?: string; value?: number; onChange?: (v: number) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const users = useQuery({
    queryKey: ['admin', 'users', 'owner-search', search],
    queryFn: () =>
      get<UserList>(withQuery('/api/admin/users', { q: search || undefined, limit: 20 })),
  });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: (v) => setSearch(v.trim()) }}
      placeholder={t('admin.apiKeys.ownerPlaceholder')}
      loading={users.isFetching}
      status={users.isError ? 'error' : undefined}
      options={(users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.username} · ${u.displayName}`,
      }))}
    />
  );
}

export function ApiKeyCreateModal(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: CreatedApiKey) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const create = useMutation({
    mutationFn: (body: CreateApiKeyBody) => post<CreatedApiKey>('/api/admin/api-keys', body),
    onSuccess: (key) => {
      form.resetFields();
      props.onCreated(key);
      // The secret is handed over once; the mutation does not keep a copy.
      create.reset();
    },
  });
  const required = (field: string) => [
    { required: true, message: t('tasks.create.required', { field }) },
  ];
  const submit = (v: FormValues) =>
    create.mutate({
      name: v.name.trim(),
      ownerUserId: v.ownerUserId,
      channel: v.channel,
      ...(v.deviceId?.trim() && { deviceId: v.deviceId.trim() }),
      permissions: v.permissions,
      regionCode: v.regionCode,
      ...(v.expiresAt && { expiresAt: cityInputToIso(v.expiresAt) }),
    });

  return (
    <Modal
      open={props.open}
      title={t('admin.apiKeys.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          label={t('admin.apiKeys.name')}
          name="name"
          rules={required(t('admin.apiKeys.name'))}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label={t('admin.apiKeys.owner')}
          name="ownerUserId"
          rules={required(t('admin.apiKeys.owner'))}
        >
          <OwnerSelect />
        </Form.Item>
        <Form.Item
          label={t('admin.apiKeys.channel')}
          name="channel"
          rules={required(t('admin.apiKeys.channel'))}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={API_KEY_CHANNELS.map((c) => ({
              value: c,
              label: t(`admin.apiKeys.channels.${c}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={`${t('admin.apiKeys.deviceId')} ${t('common.optional')}`} name="deviceId">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label={t('admin.apiKeys.permissions')}
          name="permissions"
          extra={t('admin.apiKeys.permissionsHelp')}
          rules={required(t('admin.apiKeys.permissions'))}
        >
          <Select
            mode="tags"
            options={(me.data?.permissions ?? []).map((p) => ({ value: p, label: p }))}
          />
        </Form.Item>
        <Form.Item
          label={t('admin.apiKeys.region')}
          name="regionCode"
          rules={required(t('admin.apiKeys.region'))}
        >
          <RegionSelect />
        </Form.Item>
        <Form.Item
          label={`${t('admin.apiKeys.expiresAt')} ${t('common.optional')}`}
          name="expiresAt"
          extra={t('admin.apiKeys.expiresHelp')}
        >
          <Input type="datetime-local" />
        </Form.Item>
        {create.isError && (
          <Alert type="error" showIcon role="alert" title={errorText(t, create.error)} />
        )}
      </Form>
    </Modal>
  );
}
