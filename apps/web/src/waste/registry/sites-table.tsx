// Construction sites (产废单位) with their fences; waste officers register them.
import { useState } from 'react';
import { Button, Form, Input, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConstructionSiteBody, ConstructionSiteView } from '@citygov/contracts';
import { post, put } from '../../api/client.ts';
import { RegionName, RegionSelect } from '../../org/org-fields.tsx';
import { useSites } from '../waste-queries.ts';
import { FenceField, parseFence } from './fence-field.tsx';
import { statusAndEditColumns, StatusField } from './registry-columns.tsx';
import { RegistryDrawer } from './registry-drawer.tsx';

type SiteForm = Omit<ConstructionSiteBody, 'fence'> & { fenceText: string };

export function SitesTable({ q, canManage }: { q: string; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useSites({ q: q || undefined, pageSize: 500 });
  const [form] = Form.useForm<SiteForm>();
  const [editing, setEditing] = useState<ConstructionSiteView | 'new' | null>(null);
  const initial: Partial<SiteForm> | null =
    editing === null
      ? null
      : editing === 'new'
        ? { status: 'active' }
        : { ...editing, fenceText: JSON.stringify(editing.fence) };
  return (
    <>
      {canManage && (
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('waste.common.create')}
        </Button>
      )}
      <Table<ConstructionSiteView>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('waste.common.name'), dataIndex: 'name' },
          {
            title: t('waste.common.region'),
            key: 'region',
            render: (s: ConstructionSiteView) => <RegionName code={s.regionCode} />,
          },
          { title: t('waste.registry.contractor'), dataIndex: 'contractor' },
          { title: t('waste.registry.address'), dataIndex: 'address' },
          ...statusAndEditColumns<ConstructionSiteView>(
            t,
            canManage,
            setEditing,
            'construction_site',
          ),
        ]}
      />
      <RegistryDrawer<SiteForm>
        form={form}
        open={editing !== null}
        title={editing === 'new' ? t('waste.common.create') : editing ? editing.name : ''}
        initialValues={initial}
        onClose={() => setEditing(null)}
        submit={({ fenceText, ...v }) => {
          const body = { ...v, fence: parseFence(fenceText)! };
          return editing === 'new'
            ? post('/api/waste/sites', body)
            : put(`/api/waste/sites/${(editing as ConstructionSiteView).id}`, body);
        }}
      >
        <Form.Item
          name="name"
          label={t('waste.common.name')}
          rules={[{ required: true, min: 2, max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="regionCode"
            label={t('waste.common.region')}
            rules={[{ required: true }]}
          >
            <RegionSelect isCityIncluded={false} />
          </Form.Item>
          <Form.Item name="projectCode" label={t('waste.registry.projectCode')}>
            <Input maxLength={40} />
          </Form.Item>
        </Space>
        <Form.Item name="developer" label={t('waste.registry.developer')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="contractor" label={t('waste.registry.contractor')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('waste.registry.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <FenceField form={form} />
        <StatusField statuses={['active', 'suspended', 'closed']} />
      </RegistryDrawer>
    </>
  );
}
