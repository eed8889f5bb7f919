// The waste screens' reads: one hook per list, keyed under ['waste', …] so a save refreshes
// every screen that shows the record.
import { useQuery } from '@tanstack/react-query';
import type {
  ConstructionSiteList,
  DisposalSiteList,
  WasteApprovalList,
  WasteCompanyList,
  WasteDriverList,
  WasteMyParties,
  WasteRouteList,
  WasteTruckList,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';

export interface ListParams {
  q?: string;
  companyId?: number;
  page?: number;
  pageSize?: number;
}

const list = <T>(path: string, kind: string, params: ListParams, enabled = true) => ({
  queryKey: ['waste', kind, params],
  queryFn: () => get<T>(withQuery(path, params)),
  enabled,
});

export const useCompanies = (p: ListParams = { pageSize: 500 }, enabled = true) =>
  useQuery(list<WasteCompanyList>('/api/waste/companies', 'companies', p, enabled));
export const useTrucks = (p: ListParams = { pageSize: 500 }, enabled = true) =>
  useQuery(list<WasteTruckList>('/api/waste/trucks', 'trucks', p, enabled));
export const useDrivers = (p: ListParams = { pageSize: 500 }, enabled = true) =>
  useQuery(list<WasteDriverList>('/api/waste/drivers', 'drivers', p, enabled));
export const useSites = (p: ListParams = { pageSize: 500 }, enabled = true) =>
  useQuery(list<ConstructionSiteList>('/api/waste/sites', 'sites', p, enabled));
export const useDisposalSites = (p: ListParams = { pageSize: 500 }, enabled = true) =>
  useQuery(list<DisposalSiteList>('/api/waste/disposal-sites', 'disposalSites', p, enabled));
export const useRoutes = (p: ListParams = { pageSize: 500 }, enabled = true) =>
  useQuery(list<WasteRouteList>('/api/waste/routes', 'routes', p, enabled));
export const useApprovals = (
  p: ListParams & { isUsable?: boolean; constructionSiteId?: number } = { pageSize: 200 },
  enabled = true,
) => useQuery(list<WasteApprovalList>('/api/waste/approvals', 'approvals', p, enabled));

/** The organisations the signed-in account acts for (empty for staff). */
export const useMyParties = () =>
  useQuery({
    queryKey: ['waste', 'myParties'],
    queryFn: () => get<WasteMyParties>('/api/waste/me/parties'),
    staleTime: 60_000,
  });
