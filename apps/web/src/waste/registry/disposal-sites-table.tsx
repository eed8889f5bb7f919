// Landfills (消纳场) and recycling plants (资源化利用厂): capacity, what they received, fence.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisposalSiteBody, DisposalSiteView } from '@citygov/contracts';
import { post, put } from '../../api/client.ts';
import { RegionName, RegionSelect } from '../../org/org-fields.tsx';
import { formatNumber } from '../../shell/format.ts';
import { useDisposalSites } from '../waste-queries.ts';
import { FenceField, parseFence } from './fence-field.tsx';
import { statusAndEditColumns, StatusField } from './registry-columns.tsx';
import { RegistryDrawer } from './registry-drawer.tsx';

type DisposalForm = Omit<DisposalSiteBody, 'fence'> & { fenceText: string };

export function DisposalSitesTable({ q, canManage }: { q: string; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useDisposalSites({ q: q || undefined, pageSize: 500 });
  const [form] = Form.useForm<DisposalForm>();
  const [editing, setEditing] = useState<DisposalSiteView | 'new' | null>(null);
  const initial: Partial<DisposalForm> | null =
    editing === null
      ? null
      : editing === 'new'
        ? { status: 'active', kind: 'landfill' }
        : { ...editing, fenceText: JSON.stringify(editing.fence) };
  return (
    <>
      {canManage && (
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('waste.common.create')}
        </Button>
      )}
      <Table<DisposalSiteView>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('waste.common.name'), dataIndex: 'name' },
          {
            title: t('waste.registry.kind'),
            key: 'kind',
            render: (d: DisposalSiteView) => (
              <Tag color={d.kind === 'recycling' ? 'green' : 'orange'}>
                {t(`waste.disposalKind.${d.kind}`)}
              </Tag>
            ),
          },
          {
            title: t('waste.common.region'),
            key: 'region',
            render: (d: DisposalSiteView) => <RegionName code={d.regionCode} />,
          },
          {
            title: t('waste.registry.capacityTotal'),
            key: 'cap',
            align: 'right',
            render: (d: DisposalSiteView) => formatNumber(d.capacityM3),
          },
          {
            title: t('waste.registry.received'),
            key: 'received',
            align: 'right',
            render: (d: DisposalSiteView) => formatNumber(d.receivedM3, 1),
          },
          ...statusAndEditColumns<DisposalSiteView>(t, canManage, setEditing, 'disposal_site'),
        ]}
      />
      <RegistryDrawer<DisposalForm>
        form={form}
        open={editing !== null}
        title={editing === 'new' ? t('waste.common.create') : editing ? editing.name : ''}
        initialValues={initial}
        onClose={() => setEditing(null)}
        submit={({ fenceText, ...v }) => {
          const body = {
            ...v,
            fence: parseFence(fenceText)!,
            dailyCapacityM3: v.dailyCapacityM3 ?? null,
          };
          return editing === 'new'
            ? post('/api/waste/disposal-sites', body)
            : put(`/api/waste/disposal-sites/${(editing as DisposalSiteView).id}`, body);
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
          <Form.Item name="kind" label={t('waste.registry.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={(['landfill', 'recycling'] as const).map((k) => ({
                value: k,
                label: t(`waste.disposalKind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t('waste.common.region')}
            rules={[{ required: true }]}
          >
            <RegionSelect isCityIncluded={false} />
          </Form.Item>
        </Space>
        <Form.Item name="operatorName" label={t('waste.registry.operator')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('waste.registry.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="capacityM3"
            label={t('waste.registry.capacityTotal')}
            rules={[{ required: true, type: 'number', min: 1 }]}
          >
            <InputNumber min={1} max={1e9} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="dailyCapacityM3" label={t('waste.registry.dailyCapacity')}>
            <InputNumber min={1} max={1e7} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <FenceField form={form} />
        <StatusField statuses={['active', 'suspended', 'closed']} />
      </RegistryDrawer>
    </>
  );
}
