// Drivers (ID number and phone shown masked; the ID is fixed once registered).
import { useState } from 'react';
import { Button, Form, Input, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WasteDriverBody, WasteDriverView } from '@citygov/contracts';
import { post, put } from '../../api/client.ts';
import { useCompanies, useDrivers } from '../waste-queries.ts';
import { statusAndEditColumns, StatusField } from './registry-columns.tsx';
import { RegistryDrawer } from './registry-drawer.tsx';

type DriverForm = Partial<WasteDriverBody> & { name: string };

export function DriversTable({ q, canManage }: { q: string; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useDrivers({ q: q || undefined, pageSize: 500 });
  const companies = useCompanies(undefined, canManage);
  const [editing, setEditing] = useState<WasteDriverView | 'new' | null>(null);
  const isNew = editing === 'new';
  const initial: Partial<DriverForm> | null =
    editing === null
      ? null
      : isNew
        ? { status: 'active' }
        : { name: editing.name, status: editing.status, companyId: editing.companyId };
  return (
    <>
      {canManage && (
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('waste.common.create')}
        </Button>
      )}
      <Table<WasteDriverView>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('waste.registry.driverName'), dataIndex: 'name' },
          { title: t('waste.registry.company'), dataIndex: 'companyName' },
          { title: t('waste.registry.idNumber'), dataIndex: 'idNumberHint' },
          { title: t('waste.registry.phone'), dataIndex: 'phoneHint' },
          { title: t('waste.registry.account'), dataIndex: 'username' },
          ...statusAndEditColumns<WasteDriverView>(t, canManage, setEditing),
        ]}
      />
      <RegistryDrawer<DriverForm>
        open={editing !== null}
        title={isNew ? t('waste.common.create') : editing ? editing.name : ''}
        initialValues={initial}
        onClose={() => setEditing(null)}
        submit={(v) =>
          isNew
            ? post('/api/waste/drivers', { ...v, phone: v.phone || null })
            : put(`/api/waste/drivers/${(editing as WasteDriverView).id}`, {
                name: v.name,
                status: v.status ?? 'active',
                ...(v.phone ? { phone: v.phone } : {}),
              })
        }
      >
        {isNew && (
          <Form.Item
            name="companyId"
            label={t('waste.registry.company')}
            rules={[{ required: true }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(companies.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('waste.registry.driverName')}
          rules={[{ required: true, min: 2, max: 40 }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        {isNew && (
          <Form.Item
            name="idNumber"
            label={t('waste.registry.idNumber')}
            rules={[{ required: true, len: 18 }]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="phone"
          label={t('waste.registry.phone')}
          rules={[{ pattern: /^1[3-9]\d{9}$/ }]}
        >
          <Input maxLength={11} autoComplete="off" />
        </Form.Item>
        <StatusField statuses={['active', 'suspended', 'left']} />
      </RegistryDrawer>
    </>
  );
}
