import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '@citygov/contracts';
import { ApiError, get } from '../api/client.ts';

/** The logged-in user, or null when nobody is logged in. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        return await get<Me>('/api/auth/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useRefreshMe() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['me'] });
}

export const hasPermission = (me: Me | null | undefined, permission: string) =>
  !!me?.permissions.includes(permission);

export const hasAnyPermission = (me: Me | null | undefined, permissions: readonly string[]) =>
  permissions.some((p) => hasPermission(me, p));

export const isStaff = (me: Me | null | undefined) => me?.kind === 'staff';
