// What the supervision screens read: case and service indicators, the daily scan, and the
// bad-rating rectifications (for the bulletin). The XLSX exports answer the same queries.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CaseIndicators,
  CaseIndicatorsQuery,
  DailyScanAnswer,
  DailyScanQuery,
  IndicatorsAnswer,
  IndicatorsQuery,
  RectificationList,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';

export const paths = {
  caseIndicators: '/api/cases/indicators',
  caseIndicatorsXlsx: '/api/cases/indicators.xlsx',
  serviceIndicators: '/api/services/indicators',
  serviceIndicatorsXlsx: '/api/services/indicators.xlsx',
  dailyScan: '/api/services/daily-scan',
  rectifications: '/api/ratings/rectifications',
} as const;

export function useCaseIndicators(query: CaseIndicatorsQuery, isEnabled = true) {
  return useQuery({
    queryKey: ['supervision', 'cases', query],
    queryFn: () => get<CaseIndicators>(withQuery(paths.caseIndicators, query)),
    placeholderData: keepPreviousData,
    enabled: isEnabled,
    retry: false,
  });
}

export function useServiceIndicators(query: IndicatorsQuery, isEnabled = true) {
  return useQuery({
    queryKey: ['supervision', 'services', query],
    queryFn: () => get<IndicatorsAnswer>(withQuery(paths.serviceIndicators, query)),
    placeholderData: keepPreviousData,
    enabled: isEnabled,
    retry: false,
  });
}

export function useDailyScan(query: DailyScanQuery, isEnabled = true) {
  return useQuery({
    queryKey: ['supervision', 'scan', query],
    queryFn: () => get<DailyScanAnswer>(withQuery(paths.dailyScan, query)),
    placeholderData: keepPreviousData,
    enabled: isEnabled,
    retry: false,
  });
}

/** Every state a rectification passes through: the list answers one state at a time. */
const rectificationStates = [
  'verifying',
  'appealed',
  'rectifying',
  'replying',
  'reviewing',
  'closed',
  'excluded',
] as const;

type Rectification = RectificationList['items'][number];

/** Bad ratings given within [from, to] (city dates), in every state, newest first. */
export function useBadRatings(from: string, to: string, isEnabled = true) {
  return useQuery({
    queryKey: ['supervision', 'bad-ratings', from, to],
    queryFn: async (): Promise<Rectification[]> => {
      const lists = await Promise.all(
        rectificationStates.map((state) =>
          get<RectificationList>(withQuery(paths.rectifications, { state, pageSize: 100 })),
        ),
      );
      const start = new Date(`${from}T00:00:00+08:00`).getTime();
      const end = new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000;
      return lists
        .flatMap((l) => l.items)
        .filter((r) => {
          const at = new Date(r.createdAt).getTime();
          return at >= start && at < end;
        })
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    enabled: isEnabled,
    retry: false,
  });
}
