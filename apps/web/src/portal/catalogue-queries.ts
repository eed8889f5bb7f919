// Catalogue reads (public): search, one guide, life events, and the rating summary of an item.
import { useQuery } from '@tanstack/react-query';
import type {
  LifeEventList,
  RatingSummary,
  ServiceItem,
  ServiceItemPage,
  ServiceItemSearchQuery,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';

const longLived = { staleTime: 10 * 60 * 1000 } as const;

export function useLifeEvents() {
  return useQuery({
    queryKey: ['services', 'life-events'],
    queryFn: () => get<LifeEventList>('/api/services/life-events'),
    ...longLived,
  });
}

export function useServiceSearch(query: ServiceItemSearchQuery) {
  return useQuery({
    queryKey: ['services', 'items', query],
    queryFn: () => get<ServiceItemPage>(withQuery('/api/services/items', query)),
    placeholderData: (previous) => previous,
  });
}

/** Agencies for the filter. The department list needs org:read, so the public page takes the
 * agencies named by the most frequent catalogue items instead. */
export function useCatalogueDepartments() {
  return useQuery({
    queryKey: ['services', 'departments'],
    queryFn: async () => {
      const page = await get<ServiceItemPage>(withQuery('/api/services/items', { pageSize: 100 }));
      const byId = new Map<number, string>();
      for (const item of page.items) byId.set(item.departmentId, item.departmentName);
      return [...byId].map(([id, name]) => ({ id, name }));
    },
    ...longLived,
  });
}

export function useServiceItem(code: string) {
  return useQuery({
    queryKey: ['services', 'item', code],
    queryFn: () => get<ServiceItem>(`/api/services/items/${encodeURIComponent(code)}`),
    retry: false,
  });
}

/** The public satisfaction summary; the guide shows without it when it fails. */
export function useRatingSummary(itemCode: string) {
  return useQuery({
    queryKey: ['ratings', 'summary', itemCode],
    queryFn: () => get<RatingSummary>(withQuery('/api/ratings/summary', { itemCode })),
    retry: false,
  });
}
