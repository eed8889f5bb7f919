// /admin/catalogue: the service catalogue as a table — search, edit an item's basic fields,
// export the whole catalogue and import a sheet with its row-level error report.
import { useState } from 'react';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  ServiceItemPage,
  ServiceItemSearchQuery,
  ServiceItemSummary,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { formatNumber } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { CatalogueEditDrawer } from './catalogue-edit-drawer.tsx';
import { CatalogueImportModal } from './catalogue-import-modal.tsx';

const PAGE_SIZE = 20;

export function CatalogueTab() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<string | null>(null);
  const [isImporting, setImporting] = useState(false);
  const query: ServiceItemSearchQuery = { ...(search && { q: search }), page, pageSize: PAGE_SIZE };
  const items = useQuery({
    queryKey: ['services', 'items', 'admin', query],
    queryFn: () => get<ServiceItemPage>(withQuery('/api/services/items', query)),
    placeholderData: keepPreviousData,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Input.Search
          aria-label={t('adminCatalogue.catalogue.search')}
          placeholder={t('adminCatalogue.catalogue.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          maxLength={100}
          style={{ width: 360 }}
          onSearch={(value) => {
            setSearch(value.trim());
            setPage(1);
          }}
        />
        <Space wrap>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('adminCatalogue.catalogue.import')}
          </Button>
          <a href="/api/admin/services/items/export?format=xlsx" download>
            <Button icon={<DownloadOutlined />}>{t('adminCatalogue.catalogue.exportXlsx')}</Button>
          </a>
          <a href="/api/admin/services/items/export?format=csv" download>
            <Button icon={<DownloadOutlined />}>{t('adminCatalogue.catalogue.exportCsv')}</Button>
          </a>
        </Space>
      </Space>
      {items.isError && <ErrorView error={items.error} onRetry={() => void items.refetch()} />}
      <Table<ServiceItemSummary>
        rowKey="code"
        size="small"
        loading={items.isPending || items.isFetching}
        dataSource={items.data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('adminCatalogue.catalogue.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: items.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('adminCatalogue.catalogue.code'),
            dataIndex: 'code',
            width: 230,
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          { title: t('adminCatalogue.catalogue.name'), dataIndex: 'name' },
          {
            title: t('adminCatalogue.catalogue.type'),
            dataIndex: 'typeName',
            width: 110,
            render: (name: string) => <Tag>{name}</Tag>,
          },
          { title: t('adminCatalogue.catalogue.department'), dataIndex: 'departmentName' },
          {
            title: t('adminCatalogue.catalogue.limits'),
            key: 'limits',
            width: 120,
            render: (_, item) =>
              t('adminCatalogue.catalogue.limitsValue', {
                promised: item.promisedLimitDays,
                legal: item.legalLimitDays,
              }),
          },
          {
            title: t('adminCatalogue.catalogue.visits'),
            dataIndex: 'visits',
            width: 90,
            render: (v: number) => t('adminCatalogue.catalogue.visitsValue', { count: v }),
          },
          {
            title: t('adminCatalogue.catalogue.onlineDepth'),
            dataIndex: 'onlineDepth',
            width: 110,
            render: (d: number) =>
              t(`adminCatalogue.onlineDepth.${d}`, { defaultValue: String(d) }),
          },
          {
            title: t('adminCatalogue.catalogue.frequency'),
            dataIndex: 'frequency',
            width: 110,
            align: 'right',
            render: (n: number) => formatNumber(n),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right',
            render: (_, item) => (
              <Button
                type="link"
                size="small"
                onClick={() => setEditing(item.code)}
                aria-label={t('adminCatalogue.catalogue.editItem', { name: item.name })}
              >
                {t('adminCatalogue.catalogue.edit')}
              </Button>
            ),
          },
        ]}
      />
      <CatalogueEditDrawer code={editing} onClose={() => setEditing(null)} />
      <CatalogueImportModal open={isImporting} onClose={() => setImporting(false)} />
    </Space>
  );
}
