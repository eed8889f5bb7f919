// Reference data (divisions and departments), cached for the session: it rarely changes.
import { useQuery } from '@tanstack/react-query';
import type {
  DepartmentList,
  DepartmentListQuery,
  DepartmentView,
  DivisionDetail,
  DivisionList,
} from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';

export const CITY_CODE = '500000';
const forever = { staleTime: Infinity, gcTime: Infinity } as const;

/** The city's districts and counties (level 2). */
export function useDistricts() {
  return useQuery({
    queryKey: ['divisions', 'children', CITY_CODE],
    queryFn: () => get<DivisionList>(withQuery('/api/org/divisions', { parent: CITY_CODE })),
    ...forever,
  });
}

export function useDivision(code: string | null | undefined) {
  return useQuery({
    queryKey: ['divisions', code],
    queryFn: () => get<DivisionDetail>(`/api/org/divisions/${code}`),
    enabled: !!code,
    ...forever,
  });
}

export function useDepartment(id: number | null | undefined) {
  return useQuery({
    queryKey: ['departments', id],
    queryFn: () => get<DepartmentView>(`/api/org/departments/${id}`),
    enabled: id !== null && id !== undefined,
    ...forever,
  });
}

export function useDepartments(query: DepartmentListQuery, isEnabled = true) {
  return useQuery({
    queryKey: ['departments', 'list', query],
    queryFn: () => get<DepartmentList>(withQuery('/api/org/departments', query)),
    enabled: isEnabled,
    ...forever,
  });
}
