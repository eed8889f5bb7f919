// What the command centre reads. Every key starts with 'command' so one live event can
// refresh the whole screen (the map layers add their own keys under it).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CaseIndicators,
  CaseIndicatorsQuery,
  CaseList,
  CaseListQuery,
  CaseLiveStats,
  WorkflowView,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { addDays, cityDateOf } from '../shell/format.ts';
import { CITY_CODE } from '../org/org-queries.ts';

export const COMMAND_KEY = 'command';

/** The region filter as the API wants it: undefined for the whole city. */
export const regionParam = (regionCode: string) =>
  regionCode === CITY_CODE ? undefined : regionCode;

/** KPI cards and the 30-day trend. */
export function useLiveStats(regionCode: string) {
  return useQuery({
    queryKey: [COMMAND_KEY, 'stats', regionCode],
    queryFn: () =>
      get<CaseLiveStats>(
        withQuery('/api/cases/stats/live', { regionCode: regionParam(regionCode) }),
      ),
    placeholderData: keepPreviousData,
    // Live events refresh it at once; this catches what no event announces (the date turning).
    refetchInterval: 5 * 60_000,
  });
}

/** The ranking: the evaluation of the last 30 days, by department or district. */
export function useRanking(regionCode: string, groupBy: 'department' | 'region') {
  const to = cityDateOf(new Date());
  const query: CaseIndicatorsQuery = {
    from: addDays(to, -29),
    to,
    groupBy,
    ...(regionParam(regionCode) && { regionCode }),
  };
  return useQuery({
    queryKey: [COMMAND_KEY, 'ranking', query],
    queryFn: () => get<CaseIndicators>(withQuery('/api/cases/indicators', query)),
    placeholderData: keepPreviousData,
    retry: false,
    refetchInterval: 5 * 60_000,
  });
}

/** Open cases on the map (the newest first, at most 500 in the box). */
export function useOpenCases(regionCode: string, bbox: string | null) {
  const query: CaseListQuery = {
    isOpen: true,
    ...(regionParam(regionCode) && { regionCode }),
    ...(bbox && { bbox }),
    pageSize: 500,
  };
  return useQuery({
    queryKey: [COMMAND_KEY, 'cases', query],
    queryFn: () => get<CaseList>(withQuery('/api/cases', query)),
    placeholderData: keepPreviousData,
  });
}

/** The open cases of one grid (the grid drawer). */
export function useGridCases(gridCode: string | null) {
  const query: CaseListQuery = { isOpen: true, gridCode: gridCode ?? undefined, pageSize: 50 };
  return useQuery({
    queryKey: [COMMAND_KEY, 'grid-cases', gridCode],
    queryFn: () => get<CaseList>(withQuery('/api/cases', query)),
    enabled: gridCode !== null,
  });
}

/** One case, with the actions the caller may take now (the case drawer). */
export function useCaseView(id: number | null) {
  return useQuery({
    queryKey: [COMMAND_KEY, 'case', id],
    queryFn: () => get<WorkflowView>(`/api/cases/${id}`),
    enabled: id !== null,
    retry: false,
  });
}
