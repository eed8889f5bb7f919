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
  const isStaff = me.data?.kind === 'staff';
  const tabs = [
    ...(isStaff
      ? []
      : [
          { key: '/me/applications', label: t('applications.mine.title') },
          { key: '/me/licences', label: t('licences.mine.title') },
        ]),
    { key: '/me/notifications', label: t('notifications.title') },
    ...(isStaff ? [] : [{ key: '/me/data-uses', label: t('dataUses.title') }]),
  ];
  if (location.pathname === '/me' || location.pathname === '/me/') {
    return <Navigate to={isStaff ? '/me/notifications' : '/me/applications'} replace />;
  }
  // A record under a tab (/me/applications/12) keeps its tab lit.
  const activeKey = tabs.find((tab) => location.pathname.startsWith(tab.key))?.key;
  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: '8px 12px 24px' }}>
      <Tabs
        activeKey={activeKey}
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
