// Reads of applications, licences and ratings shared by the citizen's and the staff's pages.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  ApplicationList,
  ApplicationListQuery,
  ApplicationSubject,
  LicenceList,
  RatingList,
  WorkflowView,
} from '@citygov/contracts';
import { get, withQuery } from '../../api/client.ts';
import { isNotFound } from '../../shell/error-text.ts';

export function useMyLicences(isEnabled = true) {
  return useQuery({
    queryKey: ['licences', 'mine'],
    queryFn: () => get<LicenceList>('/api/licences'),
    enabled: isEnabled,
  });
}

export function useApplications(query: ApplicationListQuery) {
  return useQuery({
    queryKey: ['applications', 'list', query],
    queryFn: () => get<ApplicationList>(withQuery('/api/services/applications', query)),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export const isApplicationId = (id: string) => /^[1-9][0-9]{0,15}$/.test(id);

/** One application's workflow view; the countdown moves, so it refreshes every minute. */
export function useApplication(id: string) {
  return useQuery({
    queryKey: ['applications', 'one', id],
    queryFn: () => get<WorkflowView>(`/api/services/applications/${id}`),
    enabled: isApplicationId(id),
    refetchInterval: 60_000,
    retry: (count, error) => !isNotFound(error) && count < 1,
  });
}

/** The application record inside a workflow view (the server always sends it). */
export const subjectOf = (view: WorkflowView) => view.subject as unknown as ApplicationSubject;

export function useMyRatings(isEnabled = true) {
  return useQuery({
    queryKey: ['ratings', 'mine'],
    queryFn: () => get<RatingList>('/api/ratings/mine'),
    enabled: isEnabled,
  });
}
