// /me/data-uses: "who used my data": every audited use of the citizen's personal data.
import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DataUse, DataUseList, DataUseQuery } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { formatDateTime } from '../shell/format.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';

const PAGE = 50;

export function DataUsesPage() {
  const { t } = useTranslation();
  const uses = useInfiniteQuery({
    queryKey: ['me', 'data-uses'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const query: DataUseQuery = { limit: PAGE, ...(pageParam && { before: pageParam }) };
      return get<DataUseList>(withQuery('/api/me/data-uses', query));
    },
    getNextPageParam: (last) => (last.items.length < PAGE ? undefined : last.items.at(-1)?.at),
  });
  const items = uses.data?.pages.flatMap((p) => p.items) ?? [];
  const actionText = (use: DataUse) =>
    t(`dataUses.actions.${use.action.replace(/\./g, '_')}`, { defaultValue: use.action });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('dataUses.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('dataUses.intro')} />
      {uses.isPending ? (
        <Loading />
      ) : uses.isError ? (
        <ErrorView error={uses.error} onRetry={() => void uses.refetch()} />
      ) : items.length === 0 ? (
        <EmptyView />
      ) : (
        <>
          <List
            dataSource={items}
            renderItem={(use, index) => (
              <List.Item key={`${use.at}-${index}`} style={{ padding: 0, border: 0 }}>
                <Card
                  size="small"
                  style={{ width: '100%', marginBottom: 8 }}
                  data-testid="data-use"
                >
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={[8, 2]}>
                      <Typography.Text strong>
                        {use.department ?? t('dataUses.system')}
                      </Typography.Text>
                      {use.role && <Tag>{t(`roles.${use.role}`, { defaultValue: use.role })}</Tag>}
                    </Space>
                    <Typography.Text>
                      <Typography.Text type="secondary">
                        {t('common.labelled', { label: t('dataUses.action') })}
                      </Typography.Text>
                      {actionText(use)}
                    </Typography.Text>
                    <Typography.Text>
                      <Typography.Text type="secondary">
                        {t('common.labelled', { label: t('dataUses.purpose') })}
                      </Typography.Text>
                      {use.purpose ?? t('dataUses.noPurpose')}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t('common.labelled', { label: t('dataUses.when') })}
                      {formatDateTime(use.at)}
                    </Typography.Text>
                  </Space>
                </Card>
              </List.Item>
            )}
          />
          {uses.hasNextPage && (
            <Button
              block
              onClick={() => void uses.fetchNextPage()}
              loading={uses.isFetchingNextPage}
            >
              {t('dataUses.loadMore')}
            </Button>
          )}
        </>
      )}
    </Space>
  );
}
