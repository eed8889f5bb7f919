// Reads of the case API shared by the citizen pages, the staff queues and the 12319 console.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CaseList,
  CaseListQuery,
  CategoryList,
  CaseSubject,
  NearbyCases,
  WorkflowView,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { isNotFound } from '../shell/error-text.ts';
import type { LatLon } from '../map/map-context.ts';

/** The classification rarely changes: one fetch per session. */
export function useCategories() {
  return useQuery({
    queryKey: ['cases', 'categories'],
    queryFn: () => get<CategoryList>('/api/cases/categories'),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export const isValidCaseId = (id: string) => /^[1-9][0-9]{0,15}$/.test(id);

/** A case with its history and the actions the caller may take now. */
export function useCase(id: string) {
  return useQuery({
    queryKey: ['case', id],
    queryFn: () => get<WorkflowView>(`/api/cases/${id}`),
    enabled: isValidCaseId(id),
    // The countdown moves and others act: refresh every minute.
    refetchInterval: 60_000,
    retry: (count, error) => !isNotFound(error) && count < 1,
  });
}

/** The case part of a case's workflow view (GET /api/cases/:id always sends it). */
export const caseSubjectOf = (view: WorkflowView) => view.subject as CaseSubject | undefined;

export function useMyCases(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['cases', 'mine', page, pageSize],
    queryFn: () => get<CaseList>(withQuery('/api/cases/mine', { page, pageSize })),
    placeholderData: keepPreviousData,
  });
}

export function useCaseList(query: CaseListQuery, isEnabled = true) {
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: () => get<CaseList>(withQuery('/api/cases', query)),
    enabled: isEnabled,
    placeholderData: keepPreviousData,
    // Live events refresh it at once; this catches what no event announces.
    refetchInterval: 60_000,
  });
}

/** Open cases of the class near the pin (to join one instead of filing a duplicate). */
export function useNearbyCases(point: LatLon | null, categoryCode: string | undefined) {
  return useQuery({
    queryKey: ['cases', 'nearby', point?.lat, point?.lon, categoryCode],
    queryFn: () =>
      get<NearbyCases>(
        withQuery('/api/cases/nearby', {
          lat: point!.lat,
          lon: point!.lon,
          categoryCode: categoryCode!,
        }),
      ),
    enabled: point !== null && !!categoryCode,
  });
}

/** URL of an uploaded photo (shown inline; the server checks who may see it). */
export const photoUrl = (sha256: string) => `/api/files/${sha256}`;
