import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { post } from '../api/client.ts';
import { i18next, setLanguage } from '../i18n/index.ts';
import { useMe } from './use-me.ts';

const sections = [
  { path: '/', key: 'portal', staffOnly: false },
  { path: '/staff', key: 'staff', staffOnly: true },
  { path: '/hotline', key: 'hotline', staffOnly: true },
  { path: '/command', key: 'command', staffOnly: true },
  { path: '/supervision', key: 'supervision', staffOnly: true },
  { path: '/admin', key: 'admin', staffOnly: true },
] as const;

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const logout = useMutation({
    mutationFn: () => post<void>('/api/auth/logout'),
    onSuccess: async () => {
      await client.invalidateQueries();
      void navigate('/');
    },
  });
  const isStaff = me.data?.kind === 'staff';
  const current =
    sections.find((s) => s.path !== '/' && location.pathname.startsWith(s.path))?.key ?? 'portal';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          {t('app.shortName')}
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[current]}
          style={{ flex: 1, minWidth: 0 }}
          items={sections
            .filter((s) => !s.staffOnly || isStaff)
            .map((s) => ({ key: s.key, label: <Link to={s.path}>{t(`nav.${s.key}`)}</Link> }))}
        />
        <Space>
          <Button
            size="small"
            onClick={() => setLanguage(i18next.language === 'en' ? 'zh-CN' : 'en')}
            aria-label="language"
          >
            {t('common.language')}
          </Button>
          {me.data ? (
            <>
              <Typography.Text style={{ color: '#fff' }}>{me.data.displayName}</Typography.Text>
              <Button size="small" onClick={() => logout.mutate()}>
                {t('auth.logout')}
              </Button>
            </>
          ) : (
            <Button size="small" type="primary" onClick={() => void navigate('/login')}>
              {t('auth.login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
