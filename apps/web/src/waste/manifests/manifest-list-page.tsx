// /waste/manifests: the manifests the caller may see, newest first, with filters kept in the
// URL; a construction site's account opens new ones here.
import { useState } from 'react';
import { Button, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ManifestList, ManifestStatus, ManifestSummary } from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { formatDateTime } from '../../shell/format.ts';
import { ErrorView } from '../../shell/status-views.tsx';
import { hasPermission, useMe } from '../../shell/use-me.ts';
import { ManifestFormDrawer, type ManifestFormMode } from './manifest-form-drawer.tsx';
import { ManifestStatusTag } from './manifest-status-tag.tsx';

const PAGE_SIZE = 20;
const statuses: ManifestStatus[] = [
  'draft',
  'pending',
  'scheduled',
  'in_transit',
  'ready_for_signature',
  'signed',
  'under_correction',
  'corrected',
  'returning',
  'returned',
  'cancelled',
];

export function ManifestListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<ManifestFormMode | null>(null);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const status = (params.get('status') as ManifestStatus | null) ?? undefined;
  const q = params.get('q') ?? undefined;
  const hasDiscrepancy = params.get('discrepancy') === '1' ? true : undefined;
  const query = { page, pageSize: PAGE_SIZE, status, q, hasDiscrepancy };
  const list = useQuery({
    queryKey: ['waste', 'manifests', query],
    queryFn: () => get<ManifestList>(withQuery('/api/waste/manifests', query)),
  });
  const setView = (next: Record<string, string | undefined>) => {
    const merged = {
      status,
      q,
      discrepancy: hasDiscrepancy ? '1' : undefined,
      page: undefined,
      ...next,
    };
    setParams(
      Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => !!e[1])),
    );
  };
  const canCreate = hasPermission(me.data, 'waste:manifests-write');

  const columns = [
    {
      title: t('waste.manifests.manifestNo'),
      key: 'no',
      render: (m: ManifestSummary) => <Link to={`/waste/manifests/${m.id}`}>{m.manifestNo}</Link>,
    },
    {
      title: t('waste.common.status'),
      key: 'status',
      render: (m: ManifestSummary) => (
        <Space size={4} wrap>
          <ManifestStatusTag status={m.status} />
          {m.hasDiscrepancy && (
            <Tag color={m.discrepancyResolvedAt ? 'default' : 'red'}>
              {t('waste.manifests.discrepancy')}
            </Tag>
          )}
          {m.rejectionCount > 0 && (
            <Tag color="volcano">
              {t('waste.manifests.rejections', { count: m.rejectionCount })}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('waste.manifests.site'),
      key: 'site',
      render: (m: ManifestSummary) => m.constructionSite.name,
    },
    {
      title: t('waste.manifests.truck'),
      key: 'truck',
      render: (m: ManifestSummary) => m.truck.plate,
    },
    {
      title: t('waste.manifests.company'),
      key: 'company',
      render: (m: ManifestSummary) => m.company.name,
    },
    {
      title: t('waste.manifests.destination'),
      key: 'dest',
      render: (m: ManifestSummary) =>
        m.receivedSite?.name ?? m.destinationSite?.name ?? t('waste.manifests.backToSite'),
    },
    {
      title: t('waste.manifests.declared'),
      key: 'declared',
      align: 'right' as const,
      render: (m: ManifestSummary) =>
        `${m.declaredVolumeM3}${m.receivedVolumeM3 !== null ? ` / ${m.receivedVolumeM3}` : ''} m³`,
    },
    {
      title: t('waste.manifests.departedAt'),
      key: 'departed',
      render: (m: ManifestSummary) => formatDateTime(m.departedAt) || m.plannedDate,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('waste.common.search')}
          style={{ width: 240 }}
          onSearch={(value) => setView({ q: value || undefined })}
        />
        <Select
          allowClear
          style={{ width: 180 }}
          value={status}
          placeholder={t('waste.common.status')}
          options={statuses.map((s) => ({ value: s, label: t(`waste.manifestStatus.${s}`) }))}
          onChange={(value?: string) => setView({ status: value })}
        />
        <label>
          <Switch
            size="small"
            checked={hasDiscrepancy === true}
            onChange={(on) => setView({ discrepancy: on ? '1' : undefined })}
          />{' '}
          {t('waste.manifests.onlyDiscrepancy')}
        </label>
        {canCreate && (
          <Button type="primary" onClick={() => setForm({ kind: 'create' })}>
            {t('waste.manifests.new')}
          </Button>
        )}
      </Space>
      {list.isError ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ManifestSummary>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => <Typography.Text type="secondary">{total}</Typography.Text>,
            onChange: (p) => setView({ page: String(p) }),
          }}
        />
      )}
      <ManifestFormDrawer
        mode={form}
        onClose={() => setForm(null)}
        onSaved={(detail) => {
          setForm(null);
          void navigate(`/waste/manifests/${detail.manifest.id}`);
        }}
      />
    </Space>
  );
}
