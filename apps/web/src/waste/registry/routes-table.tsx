// Transport routes: a polyline (one "lon,lat" a line) and the corridor a loaded truck keeps to.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GeoLineString, WasteRouteBody, WasteRouteView } from '@citygov/contracts';
import { post, put } from '../../api/client.ts';
import { useDisposalSites, useRoutes, useSites } from '../waste-queries.ts';
import { statusAndEditColumns, StatusField } from './registry-columns.tsx';
import { RegistryDrawer } from './registry-drawer.tsx';

type RouteForm = Omit<WasteRouteBody, 'path'> & { pathText: string };

/** "lon,lat" lines → a LineString; null when a line is not two numbers or fewer than two. */
export function parsePath(text: string): GeoLineString | null {
  const points = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => line.split(/[,\s]+/).map(Number));
  if (points.length < 2 || points.some((p) => p.length !== 2 || p.some((n) => !Number.isFinite(n))))
    return null;
  return { type: 'LineString', coordinates: points as [number, number][] };
}

const textOf = (path: GeoLineString) =>
  path.coordinates.map(([lon, lat]) => `${lon},${lat}`).join('\n');

export function RoutesTable({ q, canManage }: { q: string; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useRoutes({ q: q || undefined, pageSize: 500 });
  const sites = useSites(undefined, canManage);
  const disposal = useDisposalSites(undefined, canManage);
  const [editing, setEditing] = useState<WasteRouteView | 'new' | null>(null);
  const initial: Partial<RouteForm> | null =
    editing === null
      ? null
      : editing === 'new'
        ? { corridorM: 300, status: 'active' }
        : { ...editing, pathText: textOf(editing.path) };
  return (
    <>
      {canManage && (
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('waste.common.create')}
        </Button>
      )}
      <Table<WasteRouteView>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('waste.registry.routeName'), dataIndex: 'name' },
          { title: t('waste.registry.site'), dataIndex: 'constructionSiteName' },
          { title: t('waste.registry.disposalSite'), dataIndex: 'disposalSiteName' },
          {
            title: t('waste.registry.length'),
            key: 'len',
            align: 'right',
            render: (r: WasteRouteView) => (r.lengthM / 1000).toFixed(1),
          },
          { title: t('waste.registry.corridor'), dataIndex: 'corridorM', align: 'right' },
          ...statusAndEditColumns<WasteRouteView>(t, canManage, setEditing),
        ]}
      />
      <RegistryDrawer<RouteForm>
        open={editing !== null}
        title={editing === 'new' ? t('waste.common.create') : editing ? editing.name : ''}
        initialValues={initial}
        onClose={() => setEditing(null)}
        submit={({ pathText, ...v }) => {
          const body = { ...v, path: parsePath(pathText)! };
          return editing === 'new'
            ? post('/api/waste/routes', body)
            : put(`/api/waste/routes/${(editing as WasteRouteView).id}`, body);
        }}
      >
        <Form.Item
          name="name"
          label={t('waste.registry.routeName')}
          rules={[{ required: true, min: 2, max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="constructionSiteId"
          label={t('waste.registry.site')}
          rules={[{ required: true }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item
          name="disposalSiteId"
          label={t('waste.registry.disposalSite')}
          rules={[{ required: true }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(disposal.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item
          name="pathText"
          label={t('waste.registry.path')}
          extra={t('waste.registry.pathHelp')}
          rules={[
            { required: true },
            {
              validator: async (_, v: string) =>
                parsePath(v ?? '')
                  ? undefined
                  : Promise.reject(new Error(t('waste.registry.badPath'))),
            },
          ]}
        >
          <Input.TextArea rows={5} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="corridorM"
            label={t('waste.registry.corridor')}
            rules={[{ required: true, type: 'number', min: 10, max: 5000 }]}
          >
            <InputNumber min={10} max={5000} />
          </Form.Item>
          <StatusField statuses={['active', 'retired']} />
        </Space>
      </RegistryDrawer>
    </>
  );
}
