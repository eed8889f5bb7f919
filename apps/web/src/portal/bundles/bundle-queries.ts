// Reads of the 一件事一次办 bundles (public) and of the applicant's bundle applications.
import { useQuery } from '@tanstack/react-query';
import type {
  BundleApplicationList,
  BundleApplicationView,
  BundleDetail,
  BundleList,
} from '@citygov/contracts';
import { get } from '../../api/client.ts';
import { isNotFound } from '../../shell/error-text.ts';

const longLived = { staleTime: 10 * 60 * 1000 } as const;

export function useBundles() {
  return useQuery({
    queryKey: ['bundles', 'list'],
    queryFn: () => get<BundleList>('/api/services/bundles'),
    ...longLived,
  });
}

export function useBundle(code: string) {
  return useQuery({
    queryKey: ['bundles', 'one', code],
    queryFn: () => get<BundleDetail>(`/api/services/bundles/${encodeURIComponent(code)}`),
    enabled: /^[a-z][a-z0-9_-]{1,63}$/.test(code),
    retry: (count, error) => !isNotFound(error) && count < 1,
    ...longLived,
  });
}

export function useMyBundleApplications(isEnabled: boolean) {
  return useQuery({
    queryKey: ['bundles', 'mine'],
    queryFn: () => get<BundleApplicationList>('/api/services/bundle-applications'),
    enabled: isEnabled,
  });
}

/** The parent with its members; members move on in their departments, so it refreshes. */
export function useBundleApplication(id: string) {
  return useQuery({
    queryKey: ['bundles', 'application', id],
    queryFn: () => get<BundleApplicationView>(`/api/services/bundle-applications/${id}`),
    enabled: /^[1-9][0-9]{0,15}$/.test(id),
    refetchInterval: 60_000,
    retry: (count, error) => !isNotFound(error) && count < 1,
  });
}
