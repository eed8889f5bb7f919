// /supervision: 效能监管 — indicators of cases and services by department and period, the
// rankings, the daily scan, XLSX exports, and the way to the printable monthly bulletin.
import { Button, Space, Tabs, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { access } from '../shell/access.ts';
import { ForbiddenView, Loading } from '../shell/status-views.tsx';
import { useMe } from '../shell/use-me.ts';
import { CaseIndicatorsPanel } from './case-indicators-panel.tsx';
import { DailyScanPanel } from './daily-scan-panel.tsx';
import { PeriodFilter, usePeriod } from './period-filter.tsx';
import { ServiceIndicatorsPanel } from './service-indicators-panel.tsx';

type TabKey = 'cases' | 'services' | 'scan';

export function SupervisionPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const { from } = usePeriod();
  if (me.isPending) return <Loading />;
  const user = me.data;
  const tabs: Array<{ key: TabKey; isAllowed: boolean }> = [
    { key: 'cases', isAllowed: !!user && access.caseIndicators(user) },
    { key: 'services', isAllowed: !!user && access.serviceIndicators(user) },
    { key: 'scan', isAllowed: !!user && access.serviceIndicators(user) },
  ];
  const allowed = tabs.filter((tab) => tab.isAllowed);
  if (allowed.length === 0) return <ForbiddenView />;
  const active = allowed.find((tab) => tab.key === params.get('tab'))?.key ?? allowed[0]!.key;

  return (
    <div style={{ maxWidth: 1400, margin: '0 auto', padding: 16 }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('supervision.title')}
        </Typography.Title>
        <Link to={`/supervision/bulletin?month=${from.slice(0, 7)}`}>
          <Button icon={<FileTextOutlined />}>{t('supervision.bulletin.open')}</Button>
        </Link>
      </Space>
      {active !== 'scan' && (
        <div style={{ margin: '12px 0' }}>
          <PeriodFilter />
        </div>
      )}
      <Tabs
        activeKey={active}
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={allowed.map((tab) => ({
          key: tab.key,
          label: t(`supervision.tabs.${tab.key}`),
          children:
            tab.key === 'cases' ? (
              <CaseIndicatorsPanel />
            ) : tab.key === 'services' ? (
              <ServiceIndicatorsPanel />
            ) : (
              <DailyScanPanel />
            ),
        }))}
      />
    </div>
  );
}
