// /waste: the construction-waste screens under one header: manifests, approvals, registry,
// declared output and statistics, each tab shown to whoever may use it.
import { Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { access } from '../shell/access.ts';
import { useMe } from '../shell/use-me.ts';
import { useMyParties } from './waste-queries.ts';

const tabs = ['manifests', 'approvals', 'registry', 'outputs', 'statistics'] as const;

export function WasteLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const parties = useMyParties();
  const navigate = useNavigate();
  const location = useLocation();
  const active = tabs.find((k) => location.pathname.startsWith(`/waste/${k}`)) ?? 'manifests';
  const visible = tabs.filter((k) => {
    if (!me.data) return false;
    if (k === 'statistics') return access.wasteStatistics(me.data);
    if (k === 'outputs') return access.wasteOutputs(me.data);
    return true;
  });
  const names = (parties.data?.items ?? []).map((p) => p.name);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', padding: 16 }}>
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('waste.title')}
        </Typography.Title>
        {names.length > 0 && (
          <Typography.Text type="secondary">
            {t('waste.actingFor', { names: names.join('、') })}
          </Typography.Text>
        )}
      </Space>
      <Tabs
        activeKey={active}
        onChange={(key) => void navigate(`/waste/${key}`)}
        items={visible.map((k) => ({ key: k, label: t(`waste.tabs.${k}`) }))}
      />
      <Outlet />
    </Space>
  );
}
