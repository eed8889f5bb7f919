// /admin/categories: the city-management classification — codes, responsible departments,
// urgency levels and step time limits; editable with categories:manage.
import { useMemo, useState } from 'react';
import { Button, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  CategoryKind,
  CategoryList,
  CategoryView,
  Duration,
  StepLimits,
  Urgency,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatNumber } from '../shell/format.ts';
import { ErrorView } from '../shell/status-views.tsx';
import { hasPermission, useMe } from '../shell/use-me.ts';
import { CategoryEditDrawer } from './category-edit-drawer.tsx';

export const urgencies: readonly Urgency[] = ['urgent', 'pressing', 'normal'];

/** "2 工作日" / "4 working hours". */
export function useDurationText() {
  const { t } = useTranslation();
  return (d: Duration) =>
    t(`adminCatalogue.units.${d.unit}`, { count: d.amount, amount: formatNumber(d.amount, 2) });
}

function LimitsCell({ limits }: { limits: StepLimits }) {
  const { t } = useTranslation();
  const text = useDurationText();
  return (
    <span>
      {(['dispatch', 'handle', 'verify'] as const)
        .map((step) => `${t(`adminCatalogue.categories.steps.${step}`)} ${text(limits[step])}`)
        .join(' · ')}
    </span>
  );
}

export function CategoriesTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = hasPermission(me.data, 'categories:manage');
  const [kind, setKind] = useState<CategoryKind | 'all'>('all');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<CategoryView | null>(null);
  const categories = useQuery({
    queryKey: ['cases', 'categories', 'admin'],
    queryFn: () => get<CategoryList>(withQuery('/api/cases/categories', { includeInactive: true })),
  });
  const isZh = currentLanguage() === 'zh-CN';
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (categories.data?.items ?? []).filter(
      (c) =>
        (kind === 'all' || c.kind === kind) &&
        (!needle ||
          [c.code, c.nameZh, c.nameEn, c.majorNameZh, c.departmentName ?? '', c.departmentKey]
            .join(' ')
            .toLowerCase()
            .includes(needle)),
    );
  }, [categories.data, kind, search]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<CategoryKind | 'all'>
          value={kind}
          onChange={setKind}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'component', label: t('adminCatalogue.categories.kind.component') },
            { value: 'event', label: t('adminCatalogue.categories.kind.event') },
          ]}
        />
        <Input.Search
          aria-label={t('adminCatalogue.categories.search')}
          placeholder={t('adminCatalogue.categories.search')}
          allowClear
          style={{ width: 280 }}
          onSearch={setSearch}
          onChange={(e) => !e.target.value && setSearch('')}
        />
        {!canEdit && (
          <Typography.Text type="secondary">
            {t('adminCatalogue.categories.readOnly')}
          </Typography.Text>
        )}
      </Space>
      {categories.isError && (
        <ErrorView error={categories.error} onRetry={() => void categories.refetch()} />
      )}
      <Table<CategoryView>
        rowKey="code"
        size="small"
        loading={categories.isPending}
        dataSource={rows}
        scroll={{ x: 1200 }}
        pagination={{
          pageSize: 50,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
        }}
        columns={[
          {
            title: t('adminCatalogue.categories.code'),
            dataIndex: 'code',
            width: 90,
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          {
            title: t('adminCatalogue.categories.major'),
            key: 'major',
            width: 130,
            render: (_, c) => (isZh ? c.majorNameZh : c.majorNameEn),
          },
          {
            title: t('adminCatalogue.categories.name'),
            key: 'name',
            render: (_, c) => (
              <>
                {isZh ? c.nameZh : c.nameEn}
                {!c.isActive && (
                  <Tag style={{ marginLeft: 6 }}>{t('adminCatalogue.categories.inactive')}</Tag>
                )}
              </>
            ),
          },
          {
            title: t('adminCatalogue.categories.department'),
            key: 'department',
            render: (_, c) => c.departmentName ?? c.departmentKey,
          },
          {
            title: t('adminCatalogue.categories.caseKind'),
            dataIndex: 'caseKind',
            width: 100,
            render: (k: string) => t(`adminCatalogue.caseKind.${k}`, { defaultValue: k }),
          },
          {
            title: t('adminCatalogue.categories.limits'),
            key: 'limits',
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                {urgencies.map((u) => {
                  const limits = c.limits.urgencies[u];
                  return (
                    limits && (
                      <span key={u}>
                        <Tag
                          color={u === 'urgent' ? 'red' : u === 'pressing' ? 'orange' : 'default'}
                        >
                          {t(`adminCatalogue.urgency.${u}`)}
                        </Tag>
                        <LimitsCell limits={limits} />
                      </span>
                    )
                  );
                })}
              </Space>
            ),
          },
          {
            title: t('adminCatalogue.categories.anonymous'),
            dataIndex: 'isAnonymousAllowed',
            width: 90,
            render: (v: boolean) => (v ? t('adminCatalogue.yes') : t('adminCatalogue.no')),
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 80,
                  fixed: 'right' as const,
                  render: (_: unknown, c: CategoryView) => (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setEditing(c)}
                      aria-label={t('adminCatalogue.categories.editOne', { name: c.nameZh })}
                    >
                      {t('adminCatalogue.catalogue.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CategoryEditDrawer category={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}
