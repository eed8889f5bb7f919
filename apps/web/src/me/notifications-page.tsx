// /me/notifications: the in-app inbox, newest first; open, mark read, mark all read.
import { Badge, Button, Card, List, Pagination, Space, Switch, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type {
  NotificationList,
  NotificationQuery,
  NotificationView,
  ReadAllResult,
} from '@citygov/contracts';
import { get, post, withQuery } from '../api/client.ts';
import { formatDateTime } from '../shell/format.ts';
import { notificationTarget } from '../shell/notification-link.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';

const PAGE_SIZE = 20;

export function NotificationsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const isUnreadOnly = params.get('unread') === '1';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: NotificationQuery = { page, pageSize: PAGE_SIZE, unread: isUnreadOnly || undefined };
  const list = useQuery({
    queryKey: ['notifications', 'page', query],
    queryFn: () => get<NotificationList>(withQuery('/api/notifications', query)),
    placeholderData: keepPreviousData,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (id: number) => post<NotificationView>(`/api/notifications/${id}/read`),
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => post<ReadAllResult>('/api/notifications/read-all'),
    onSettled: refresh,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('notifications.title')}
        </Typography.Title>
        <Space wrap>
          <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
            <Switch
              size="small"
              checked={isUnreadOnly}
              onChange={(v) => setParams(v ? { unread: '1' } : {})}
            />
            {t('notifications.unreadOnly')}
          </label>
          <Button
            onClick={() => markAll.mutate()}
            loading={markAll.isPending}
            disabled={!list.data || list.data.unreadCount === 0}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Space>
      </Space>
      {list.data && (
        <Typography.Text type="secondary">
          {t('notifications.unreadCount', { count: list.data.unreadCount })}
        </Typography.Text>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyView />
      ) : (
        <>
          <List
            dataSource={list.data.items}
            renderItem={(n) => {
              const target = notificationTarget(n);
              const isUnread = n.readAt === null;
              return (
                <List.Item key={n.id} style={{ padding: 0, border: 0 }}>
                  <Card size="small" style={{ width: '100%', marginBottom: 8 }}>
                    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                      {isUnread ? (
                        <Badge
                          status="processing"
                          text={<Typography.Text strong>{n.title}</Typography.Text>}
                        />
                      ) : (
                        <Typography.Text>{n.title}</Typography.Text>
                      )}
                      {n.body && n.body !== n.title && (
                        <Typography.Text type="secondary">{n.body}</Typography.Text>
                      )}
                      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(n.createdAt)} ·{' '}
                          {isUnread ? t('notifications.unread') : t('notifications.read')}
                        </Typography.Text>
                        <Space>
                          {target && (
                            <Link to={target} onClick={() => isUnread && markRead.mutate(n.id)}>
                              {t('notifications.open')}
                            </Link>
                          )}
                          {isUnread && (
                            <Button size="small" onClick={() => markRead.mutate(n.id)}>
                              {t('notifications.markRead')}
                            </Button>
                          )}
                        </Space>
                      </Space>
                    </Space>
                  </Card>
                </List.Item>
              );
            }}
          />
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            showSizeChanger={false}
            simple
            onChange={(p) =>
              setParams(isUnreadOnly ? { unread: '1', page: String(p) } : { page: String(p) })
            }
          />
        </>
      )}
    </Space>
  );
}
