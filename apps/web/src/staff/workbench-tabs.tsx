// The workbench's frame: its title and one tab per to-do list the user's roles have
// (交办任务 for every staff member, 办件 for those who work applications, 差评整改 for the
// rated agencies). Each list is its own route, so a tab can be bookmarked and reloaded.
import { Suspense } from 'react';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '@citygov/contracts';
import { access, type AccessRule } from '../shell/access.ts';
import { Loading } from '../shell/status-views.tsx';
import { useMe } from '../shell/use-me.ts';

interface WorkbenchTab {
  path: string;
  /** i18n key of the tab's name. */
  label: string;
  rule: AccessRule;
}

/** In order; other areas add their lists here. */
export const workbenchTabs: readonly WorkbenchTab[] = [
  { path: '/staff', label: 'tasks.title', rule: access.staff },
  { path: '/staff/applications', label: 'applications.queue.tab', rule: access.applications },
  {
    path: '/staff/rectifications',
    label: 'ratings.rectification.tab',
    rule: access.rectifications,
  },
  { path: '/staff/cases', label: 'cases.queue.tab', rule: access.cases },
];

export const visibleWorkbenchTabs = (me: Me | null | undefined) =>
  workbenchTabs.filter((tab) => me && tab.rule(me));

export function WorkbenchTabs() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = visibleWorkbenchTabs(me.data);
  const active =
    [...tabs].reverse().find((tab) => location.pathname.startsWith(tab.path))?.path ?? '/staff';
  return (
    <>
      <div style={{ maxWidth: 1200, margin: '0 auto', padding: '16px 16px 0' }}>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t('tasks.workbench')}
        </Typography.Title>
        {tabs.length > 1 && (
          <Tabs
            activeKey={active}
            onChange={(key) => void navigate(key)}
            items={tabs.map((tab) => ({ key: tab.path, label: t(tab.label) }))}
            style={{ marginBottom: -16 }}
          />
        )}
      </div>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </>
  );
}
