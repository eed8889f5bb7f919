// /waste/approvals: disposal approvals the caller may see, with what is left of each and
// whether a manifest can be opened under it today; waste officers issue and change them.
import { useState } from 'react';
import { Button, Input, Progress, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WasteApprovalView } from '@citygov/contracts';
import { ErrorView } from '../../shell/status-views.tsx';
import { hasPermission, useMe } from '../../shell/use-me.ts';
import { useApprovals } from '../waste-queries.ts';
import { ApprovalDrawer } from './approval-drawer.tsx';

export function ApprovalsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [q, setQ] = useState('');
  const [onlyUsable, setOnlyUsable] = useState(false);
  const [editing, setEditing] = useState<WasteApprovalView | 'new' | null>(null);
  const approvals = useApprovals({
    q: q || undefined,
    pageSize: 200,
    ...(onlyUsable && { isUsable: true }),
  });
  const canManage = hasPermission(me.data, 'waste:approvals-manage');

  const columns = [
    { title: t('waste.approvals.approvalNo'), dataIndex: 'approvalNo' },
    { title: t('waste.approvals.site'), dataIndex: 'constructionSiteName' },
    {
      title: t('waste.approvals.wasteTypes'),
      key: 'types',
      render: (a: WasteApprovalView) =>
        a.wasteTypes.map((w) => t(`waste.wasteType.${w}`)).join('、'),
    },
    {
      title: t('waste.approvals.remaining'),
      key: 'volume',
      width: 200,
      render: (a: WasteApprovalView) => (
        <Space orientation="vertical" size={0} style={{ width: '100%' }}>
          <Progress
            percent={Math.round((a.usedVolumeM3 / a.permittedVolumeM3) * 100)}
            size="small"
            status={a.blockedReason === 'exhausted' ? 'exception' : 'normal'}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.remainingVolumeM3} / {a.permittedVolumeM3} m³
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('waste.approvals.validity'),
      key: 'valid',
      render: (a: WasteApprovalView) => `${a.validFrom} ~ ${a.validTo}`,
    },
    {
      title: t('waste.approvals.hours'),
      key: 'hours',
      render: (a: WasteApprovalView) => `${a.hoursFrom}–${a.hoursTo}`,
    },
    {
      title: t('waste.common.status'),
      key: 'status',
      render: (a: WasteApprovalView) =>
        a.isUsable ? (
          <Tag color="green">{t('waste.approvals.usable')}</Tag>
        ) : (
          <Tag color="red">{t(`waste.approvals.blocked.${a.blockedReason ?? 'suspended'}`)}</Tag>
        ),
    },
    {
      title: t('waste.approvals.disposalSites'),
      key: 'disposal',
      render: (a: WasteApprovalView) => a.disposalSites.map((d) => d.name).join('、'),
    },
    {
      title: t('waste.approvals.companies'),
      key: 'companies',
      render: (a: WasteApprovalView) => a.companies.map((c) => c.name).join('、'),
    },
    ...(canManage
      ? [
          {
            title: t('waste.common.actions'),
            key: 'edit',
            render: (a: WasteApprovalView) => (
              <Button size="small" onClick={() => setEditing(a)}>
                {t('waste.common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('waste.common.search')}
          style={{ width: 240 }}
          onSearch={setQ}
        />
        <label>
          <Switch size="small" checked={onlyUsable} onChange={setOnlyUsable} />{' '}
          {t('waste.approvals.onlyUsable')}
        </label>
        {canManage && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('waste.common.create')}
          </Button>
        )}
      </Space>
      {approvals.isError ? (
        <ErrorView error={approvals.error} onRetry={() => void approvals.refetch()} />
      ) : (
        <Table<WasteApprovalView>
          rowKey="id"
          size="middle"
          loading={approvals.isPending}
          dataSource={approvals.data?.items ?? []}
          columns={columns}
          scroll={{ x: 1300 }}
          pagination={{ pageSize: 20, showSizeChanger: false }}
        />
      )}
      <ApprovalDrawer editing={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}
