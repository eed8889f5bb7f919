// /admin/*: one tab per administrative area the user may manage.
import { Suspense } from 'react';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '@citygov/contracts';
import { access, type AccessRule } from '../shell/access.ts';
import { Loading } from '../shell/status-views.tsx';
import { useMe } from '../shell/use-me.ts';

export const adminTabs: readonly {
  key: string;
  path: string;
  rule: AccessRule;
  /** Tabs whose strings live in another namespace name their label key. */
  labelKey?: string;
}[] = [
  { key: 'users', path: '/admin/users', rule: access.adminUsers },
  { key: 'apiKeys', path: '/admin/api-keys', rule: access.adminApiKeys },
  { key: 'calendar', path: '/admin/calendar', rule: access.adminCalendar },
  { key: 'audit', path: '/admin/audit', rule: access.adminAudit },
  {
    key: 'catalogue',
    path: '/admin/catalogue',
    rule: access.adminCatalogue,
    labelKey: 'adminCatalogue.tabs.catalogue',
  },
  {
    key: 'categories',
    path: '/admin/categories',
    rule: access.adminCategories,
    labelKey: 'adminCatalogue.tabs.categories',
  },
];

const tabsFor = (me: Me | null | undefined) => adminTabs.filter((tab) => me && tab.rule(me));

export function AdminLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = tabsFor(me.data);
  const active = adminTabs.find((tab) => location.pathname.startsWith(tab.path));
  // /admin itself opens the first tab this user may use; a tab they may not use shows 403.
  if (!active && tabs[0]) return <Navigate to={tabs[0].path} replace />;
  return (
    <div style={{ maxWidth: 1280, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('admin.title')}
      </Typography.Title>
      <Tabs
        activeKey={active?.path}
        onChange={(key) => void navigate(key)}
        items={tabs.map((tab) => ({
          key: tab.path,
          label: t(tab.labelKey ?? `admin.tabs.${tab.key}`),
        }))}
      />
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}
