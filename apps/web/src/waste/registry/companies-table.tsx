// Transport companies: table and form (waste officers), and the accounts acting for one.
import { useState } from 'react';
import { Button, Form, Input, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WasteCompanyBody, WasteCompanyView } from '@citygov/contracts';
import { post, put } from '../../api/client.ts';
import { RegionSelect } from '../../org/org-fields.tsx';
import { useCompanies } from '../waste-queries.ts';
import { statusAndEditColumns, StatusField } from './registry-columns.tsx';
import { RegistryDrawer } from './registry-drawer.tsx';

export function CompaniesTable({ q, canManage }: { q: string; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useCompanies({ q: q || undefined, pageSize: 500 });
  const [editing, setEditing] = useState<WasteCompanyView | 'new' | null>(null);
  const initial: Partial<WasteCompanyBody> | null =
    editing === null ? null : editing === 'new' ? { status: 'active' } : { ...editing };
  return (
    <>
      {canManage && (
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('waste.common.create')}
        </Button>
      )}
      <Table<WasteCompanyView>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('waste.common.name'), dataIndex: 'name' },
          { title: t('waste.registry.uscc'), dataIndex: 'uscc' },
          {
            title: t('waste.registry.contactName'),
            key: 'contact',
            render: (c: WasteCompanyView) => `${c.contactName ?? ''} ${c.contactPhone ?? ''}`,
          },
          { title: t('waste.registry.truckCount'), dataIndex: 'truckCount', align: 'right' },
          { title: t('waste.registry.driverCount'), dataIndex: 'driverCount', align: 'right' },
          ...statusAndEditColumns<WasteCompanyView>(t, canManage, setEditing, 'company'),
        ]}
      />
      <RegistryDrawer<WasteCompanyBody>
        open={editing !== null}
        title={editing === 'new' ? t('waste.common.create') : editing ? editing.name : ''}
        initialValues={initial}
        onClose={() => setEditing(null)}
        submit={(v) =>
          editing === 'new'
            ? post('/api/waste/companies', v)
            : put(`/api/waste/companies/${(editing as WasteCompanyView).id}`, v)
        }
      >
        <Form.Item
          name="name"
          label={t('waste.common.name')}
          rules={[{ required: true, min: 2, max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('waste.registry.uscc')}
          rules={[{ required: true, len: 18 }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('waste.common.region')} rules={[{ required: true }]}>
          <RegionSelect isCityIncluded={false} />
        </Form.Item>
        <Form.Item name="transportLicenceNo" label={t('waste.registry.licenceNo')}>
          <Input maxLength={40} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('waste.registry.contactName')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t('waste.registry.contactPhone')}
            rules={[{ pattern: /^[0-9+-]{5,20}$/ }]}
          >
            <Input maxLength={20} />
          </Form.Item>
          <StatusField statuses={['active', 'suspended', 'revoked']} />
        </Space>
      </RegistryDrawer>
    </>
  );
}
