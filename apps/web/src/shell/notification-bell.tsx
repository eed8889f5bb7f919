// The bell in the header: unread count, the latest unread messages, mark read.
import { useState } from 'react';
import { Badge, Button, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { NotificationList, NotificationView, ReadAllResult } from '@citygov/contracts';
import { get, post, withQuery } from '../api/client.ts';
import { formatDateTime } from './format.ts';
import { notificationTarget } from './notification-link.ts';
import { ErrorView, Loading } from './status-views.tsx';

/** On a phone the bell opens the inbox page; a popover would not fit beside it. */
export function NotificationBell({ isCompact = false }: { isCompact?: boolean }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const navigate = useNavigate();
  const client = useQueryClient();
  const unread = useQuery({
    queryKey: ['notifications', 'bell'],
    queryFn: () =>
      get<NotificationList>(withQuery('/api/notifications', { unread: true, pageSize: 5 })),
    refetchInterval: 60_000,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (n: NotificationView) => post<NotificationView>(`/api/notifications/${n.id}/read`),
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => post<ReadAllResult>('/api/notifications/read-all'),
    onSettled: refresh,
  });
  const count = unread.data?.unreadCount ?? 0;

  const open = (n: NotificationView) => {
    markRead.mutate(n);
    setOpen(false);
    const target = notificationTarget(n);
    if (target) void navigate(target);
  };

  const content = (
    <div style={{ width: 'min(320px, 80vw)' }}>
      {unread.isPending ? (
        <Loading />
      ) : unread.isError ? (
        <ErrorView error={unread.error} onRetry={() => void unread.refetch()} />
      ) : unread.data.items.length === 0 ? (
        <Typography.Text type="secondary">{t('bell.none')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {unread.data.items.map((n) => (
            <li key={n.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Button
                type="link"
                onClick={() => open(n)}
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
              >
                {n.title}
              </Button>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Space style={{ marginTop: 8, justifyContent: 'space-between', width: '100%' }}>
        <Link to="/me/notifications" onClick={() => setOpen(false)}>
          {t('bell.viewAll')}
        </Link>
        <Button
          size="small"
          disabled={count === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {t('bell.markAllRead')}
        </Button>
      </Space>
    </div>
  );

  const bell = (
    <Badge count={count} size="small" offset={[-4, 4]}>
      <Button
        type="text"
        icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
        aria-label={t('bell.label', { count })}
        data-testid="notification-bell"
        onClick={isCompact ? () => void navigate('/me/notifications') : undefined}
      />
    </Badge>
  );
  if (isCompact) return bell;
  return (
    <Popover
      content={content}
      title={t('bell.title')}
      trigger="click"
      open={isOpen}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      {bell}
    </Popover>
  );
}
