// /services: catalogue search with life-event, agency and visit filters; the URL holds the state.
import { Card, Pagination, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ServiceItemSearchQuery } from '@citygov/contracts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { useCatalogueDepartments, useLifeEvents, useServiceSearch } from './catalogue-queries.ts';
import { ServiceSearchBox } from './service-search-box.tsx';
import { OnlineDepthTag, VisitsTag } from './service-tags.tsx';

const PAGE_SIZE = 10;

function readInt(value: string | null): number | undefined {
  if (value === null || !/^[0-9]+$/.test(value)) return undefined;
  return Number(value);
}

export function ServicesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const visits = readInt(params.get('visits'));
  const query: ServiceItemSearchQuery = {
    q: params.get('q') ?? undefined,
    lifeEvent: params.get('lifeEvent') ?? undefined,
    departmentId: readInt(params.get('departmentId')),
    maxVisits: visits !== undefined && visits <= 2 ? visits : undefined,
    page: readInt(params.get('page')) || 1,
    pageSize: PAGE_SIZE,
  };
  const lifeEvents = useLifeEvents();
  const departments = useCatalogueDepartments();
  const search = useServiceSearch(query);

  /** Changes one filter and goes back to the first page. */
  const setFilter = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    if (key !== 'page') next.delete('page');
    setParams(next);
  };

  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('portal.searchTitle')}
      </Typography.Title>
      <ServiceSearchBox initial={query.q ?? ''} />
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
          gap: 8,
          margin: '12px 0',
        }}
      >
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('portal.lifeEvent')}
          placeholder={t('portal.lifeEvent')}
          loading={lifeEvents.isPending}
          value={query.lifeEvent}
          options={lifeEvents.data?.lifeEvents.map((e) => ({ value: e.code, label: e.name }))}
          onChange={(v?: string) => setFilter('lifeEvent', v)}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('portal.department')}
          placeholder={t('portal.department')}
          loading={departments.isPending}
          value={query.departmentId}
          options={departments.data?.map((d) => ({ value: d.id, label: d.name }))}
          onChange={(v?: number) => setFilter('departmentId', v)}
        />
        <Select
          allowClear
          aria-label={t('portal.maxVisits')}
          placeholder={t('portal.maxVisits')}
          value={query.maxVisits}
          options={[0, 1, 2].map((n) => ({
            value: n,
            label: t('portal.atMostVisits', { count: n }),
          }))}
          onChange={(v?: number) => setFilter('visits', v)}
        />
      </div>
      {search.isPending ? (
        <Loading />
      ) : search.isError ? (
        <ErrorView error={search.error} onRetry={() => void search.refetch()} />
      ) : search.data.items.length === 0 ? (
        <EmptyView description={t('portal.noResults')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('common.total', { count: search.data.total })}
          </Typography.Paragraph>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {search.data.items.map((item) => (
              <Card key={item.code} size="small">
                <Link to={`/services/${encodeURIComponent(item.code)}`}>
                  <Typography.Text strong style={{ fontSize: 16, color: 'inherit' }}>
                    {item.name}
                  </Typography.Text>
                </Link>
                <div style={{ margin: '4px 0' }}>
                  <Typography.Link
                    type="secondary"
                    onClick={() => setFilter('departmentId', item.departmentId)}
                  >
                    {item.departmentName}
                  </Typography.Link>
                  <Typography.Text type="secondary"> · {item.typeName}</Typography.Text>
                </div>
                <Space wrap size={[4, 4]}>
                  <VisitsTag visits={item.visits} />
                  <OnlineDepthTag depth={item.onlineDepth} />
                  <Tag>
                    {item.promisedLimitDays === 0
                      ? t('portal.sameDay')
                      : t('portal.promisedDays', { count: item.promisedLimitDays })}
                  </Tag>
                  {item.isFree && <Tag color="gold">{t('portal.free')}</Tag>}
                </Space>
              </Card>
            ))}
          </Space>
          <Pagination
            style={{ marginTop: 16, justifyContent: 'center' }}
            current={search.data.page}
            pageSize={PAGE_SIZE}
            total={search.data.total}
            showSizeChanger={false}
            simple
            onChange={(page) => setFilter('page', page)}
          />
        </>
      )}
    </div>
  );
}
