// /me/*: the user's own pages, with a tab bar that fits a phone.
import { Suspense } from 'react';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { Loading } from '../shell/status-views.tsx';
import { useMe } from '../shell/use-me.ts';

export function MeLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const tabs = [
    { key: '/me/notifications', label: t('notifications.title') },
    ...(me.data?.kind === 'staff' ? [] : [{ key: '/me/data-uses', label: t('dataUses.title') }]),
  ];
  if (location.pathname === '/me' || location.pathname === '/me/') {
    return (
      <Navigate to={me.data?.kind === 'staff' ? '/me/notifications' : '/me/data-uses'} replace />
    );
  }
  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: '8px 12px 24px' }}>
      <Tabs
        activeKey={location.pathname}
        items={tabs}
        onChange={(key) => void navigate(key)}
        style={{ marginBottom: 8 }}
      />
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}
