// Trucks with their JT/T 808 terminals and sealed-cover sensors; companies register their own.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WasteTruckBody, WasteTruckView } from '@citygov/contracts';
import { post, put } from '../../api/client.ts';
import { useCompanies, useTrucks } from '../waste-queries.ts';
import { statusAndEditColumns, StatusField } from './registry-columns.tsx';
import { RegistryDrawer } from './registry-drawer.tsx';

export function TrucksTable({ q, canManage }: { q: string; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useTrucks({ q: q || undefined, pageSize: 500 });
  const companies = useCompanies(undefined, canManage);
  const [editing, setEditing] = useState<WasteTruckView | 'new' | null>(null);
  const initial: Partial<WasteTruckBody> | null =
    editing === null
      ? null
      : editing === 'new'
        ? { hasCoverSensor: true, coverStatusBit: 17, status: 'active' }
        : { ...editing, terminalId: editing.terminalId };
  return (
    <>
      {canManage && (
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('waste.common.create')}
        </Button>
      )}
      <Table<WasteTruckView>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('waste.registry.plate'), dataIndex: 'plate' },
          { title: t('waste.registry.company'), dataIndex: 'companyName' },
          { title: t('waste.registry.terminalPhone'), dataIndex: 'terminalPhone' },
          { title: t('waste.registry.capacity'), dataIndex: 'capacityM3', align: 'right' },
          {
            title: t('waste.registry.coverSensor'),
            key: 'cover',
            render: (x: WasteTruckView) =>
              x.hasCoverSensor ? `bit ${x.coverStatusBit}` : t('waste.common.none'),
          },
          {
            title: t('waste.registry.vehicleLinked'),
            key: 'linked',
            render: (x: WasteTruckView) =>
              x.vehicleId ? <Tag color="green">✓</Tag> : <Tag>—</Tag>,
          },
          ...statusAndEditColumns<WasteTruckView>(t, canManage, setEditing),
        ]}
      />
      <RegistryDrawer<WasteTruckBody>
        open={editing !== null}
        title={editing === 'new' ? t('waste.common.create') : editing ? editing.plate : ''}
        initialValues={initial}
        onClose={() => setEditing(null)}
        submit={(v) =>
          editing === 'new'
            ? post('/api/waste/trucks', v)
            : put(`/api/waste/trucks/${(editing as WasteTruckView).id}`, v)
        }
      >
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
        <Space wrap>
          <Form.Item
            name="plate"
            label={t('waste.registry.plate')}
            rules={[{ required: true, min: 7, max: 8 }]}
          >
            <Input maxLength={8} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="capacityM3"
            label={t('waste.registry.capacity')}
            rules={[{ required: true, type: 'number', min: 1, max: 60 }]}
          >
            <InputNumber min={1} max={60} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item
            name="terminalPhone"
            label={t('waste.registry.terminalPhone')}
            rules={[{ required: true, pattern: /^\d{1,20}$/ }]}
          >
            <Input maxLength={20} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="terminalId" label={t('waste.registry.terminalId')}>
            <Input maxLength={30} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item
            name="hasCoverSensor"
            label={t('waste.registry.coverSensor')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name="coverStatusBit" label={t('waste.registry.coverBit')}>
            <InputNumber min={0} max={31} />
          </Form.Item>
          <StatusField statuses={['active', 'suspended', 'retired']} />
        </Space>
      </RegistryDrawer>
    </>
  );
}
