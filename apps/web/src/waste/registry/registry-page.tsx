// /waste/registry: companies, trucks, drivers, construction sites, disposal sites and routes;
// waste officers edit everything in their regions, a company its own trucks and drivers.
import { Input, Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hasPermission, useMe } from '../../shell/use-me.ts';
import { CompaniesTable } from './companies-table.tsx';
import { DisposalSitesTable } from './disposal-sites-table.tsx';
import { DriversTable } from './drivers-table.tsx';
import { RoutesTable } from './routes-table.tsx';
import { SitesTable } from './sites-table.tsx';
import { TrucksTable } from './trucks-table.tsx';

const kinds = ['companies', 'trucks', 'drivers', 'sites', 'disposalSites', 'routes'] as const;
type Kind = (typeof kinds)[number];

export function RegistryPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const kind: Kind = kinds.find((k) => k === params.get('kind')) ?? 'companies';
  const q = params.get('q') ?? '';
  const canRegistry = hasPermission(me.data, 'waste:registry-manage');
  const canFleet = hasPermission(me.data, 'waste:fleet-manage');
  const set = (next: Record<string, string>) => setParams({ kind, ...(q ? { q } : {}), ...next });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<Kind>
          value={kind}
          onChange={(k) => setParams({ kind: k })}
          options={kinds.map((k) => ({ value: k, label: t(`waste.registry.kinds.${k}`) }))}
        />
        <Input.Search
          key={kind}
          allowClear
          defaultValue={q}
          placeholder={t('waste.common.search')}
          style={{ width: 220 }}
          onSearch={(value) => set({ q: value })}
        />
      </Space>
      {kind === 'companies' && <CompaniesTable q={q} canManage={canRegistry} />}
      {kind === 'trucks' && <TrucksTable q={q} canManage={canFleet} />}
      {kind === 'drivers' && <DriversTable q={q} canManage={canFleet} />}
      {kind === 'sites' && <SitesTable q={q} canManage={canRegistry} />}
      {kind === 'disposalSites' && <DisposalSitesTable q={q} canManage={canRegistry} />}
      {kind === 'routes' && <RoutesTable q={q} canManage={canRegistry} />}
    </Space>
  );
}
