// The frame of every page: header with the sections this user may use, the bell, the
// language switch and login/logout; on a phone the sections move into a drawer.
import { Suspense, useState } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Space, Typography } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { post } from '../api/client.ts';
import { currentLanguage, setLanguage } from '../i18n/index.ts';
import { visibleSections } from './access.ts';
import { NotificationBell } from './notification-bell.tsx';
import { Loading } from './status-views.tsx';
import { useMe } from './use-me.ts';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isNarrow = !screens.md;
  const [isDrawerOpen, setDrawerOpen] = useState(false);

  const logout = useMutation({
    mutationFn: () => post<void>('/api/auth/logout'),
    // A fresh page load: nothing of the previous user lingers in memory or the query cache
    // (and no guarded page sees the user vanish and sends them to the login first).
    onSettled: () => window.location.assign('/'),
  });

  const sections = visibleSections(me.data);
  const current =
    [...sections]
      .reverse()
      .find((s) =>
        s.path === '/' ? location.pathname === '/' : location.pathname.startsWith(s.path),
      )?.key ?? '';
  const menuItems = sections.map((s) => ({
    key: s.key,
    label: (
      <Link to={s.path} onClick={() => setDrawerOpen(false)}>
        {t(`nav.${s.key}`)}
      </Link>
    ),
  }));
  const toggleLanguage = (
    <Button
      size="small"
      onClick={() => setLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en')}
      aria-label={t('common.switchLanguage')}
      lang={currentLanguage() === 'en' ? 'zh-CN' : 'en'}
    >
      {t('common.language')}
    </Button>
  );
  const isOnLogin = location.pathname === '/login';
  const loginOrLogout = me.data ? (
    <Button size="small" onClick={() => logout.mutate()} loading={logout.isPending}>
      {t('auth.logout')}
    </Button>
  ) : isOnLogin ? null : (
    <Button
      size="small"
      type="primary"
      onClick={() => {
        setDrawerOpen(false);
        void navigate('/login');
      }}
    >
      {t('auth.login')}
    </Button>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: isNarrow ? 12 : 24,
        }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.shortName')}
        </Link>
        {isNarrow ? (
          <div style={{ flex: 1 }} />
        ) : (
          <nav aria-label={t('nav.main')} style={{ flex: 1, minWidth: 0 }}>
            <Menu theme="dark" mode="horizontal" selectedKeys={[current]} items={menuItems} />
          </nav>
        )}
        <Space size={isNarrow ? 4 : 8}>
          {me.data && <NotificationBell isCompact={isNarrow} />}
          {toggleLanguage}
          {!isNarrow && me.data && (
            <Typography.Text style={{ color: '#fff' }} data-testid="current-user">
              {me.data.displayName}
            </Typography.Text>
          )}
          {isNarrow ? (
            <Button
              type="text"
              icon={<MenuOutlined style={{ color: '#fff' }} />}
              aria-label={t('nav.openMenu')}
              onClick={() => setDrawerOpen(true)}
            />
          ) : (
            loginOrLogout
          )}
        </Space>
      </Layout.Header>
      {isNarrow && (
        <Drawer
          open={isDrawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="right"
          size={260}
          title={me.data ? me.data.displayName : t('app.shortName')}
        >
          <nav aria-label={t('nav.main')}>
            <Menu mode="inline" selectedKeys={[current]} items={menuItems} />
          </nav>
          <div style={{ marginTop: 16 }}>{loginOrLogout}</div>
        </Drawer>
      )}
      <Layout.Content>
        <main>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}
