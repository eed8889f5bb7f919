// Who is calling, and in which scopes they may act. Built from a session or an API key.
import type { Actor } from '../audit/ledger.ts';
import type { UserKind } from '../db/core-tables.ts';
import { isWithinRegion, regionPrefix } from './region.ts';
import { permissionsOf, type Role } from './permissions.ts';

export interface Grant {
  role: Role | 'api_key';
  regionCode: string;
  departmentId: number | null;
  permissions: ReadonlySet<string>;
}

export interface Principal {
  kind: 'user' | 'api_key' | 'anonymous';
  userId: number | null;
  username: string;
  displayName: string;
  userKind: UserKind | null;
  regionCode: string | null;
  departmentId: number | null;
  personId: number | null;
  enterpriseId: number | null;
  grants: Grant[];
  apiKey: {
    id: number;
    channel: string;
    deviceId: string | null;
    scope: Record<string, unknown>;
  } | null;
  /** Authenticated by the session cookie (so cross-site protection applies to writes). */
  isCookieAuth: boolean;
  sessionId: string | null;
}

export const anonymous: Principal = {
  kind: 'anonymous',
  userId: null,
  username: 'anonymous',
  displayName: 'anonymous',
  userKind: null,
  regionCode: null,
  departmentId: null,
  personId: null,
  enterpriseId: null,
  grants: [],
  apiKey: null,
  isCookieAuth: false,
  sessionId: null,
};

export function grantOf(role: Role, regionCode: string, departmentId: number | null): Grant {
  return { role, regionCode, departmentId, permissions: permissionsOf(role) };
}

export interface Scope {
  regionCode: string;
  departmentId?: number | null;
}

/** Whether the principal holds `permission` in some scope (or in `scope` when given). */
export function can(principal: Principal, permission: string, scope?: Scope): boolean {
  return principal.grants.some(
    (g) =>
      g.permissions.has(permission) &&
      (!scope ||
        (isWithinRegion(scope.regionCode, g.regionCode) &&
          (g.departmentId === null ||
            scope.departmentId === undefined ||
            g.departmentId === scope.departmentId))),
  );
}

/** Region prefixes (and departments) where the principal holds `permission`, for SQL filters. */
export function scopesFor(principal: Principal, permission: string) {
  return principal.grants
    .filter((g) => g.permissions.has(permission))
    .map((g) => ({
      prefix: regionPrefix(g.regionCode),
      departmentId: g.departmentId,
      role: g.role,
    }));
}

export function rolesOf(principal: Principal): string[] {
  return [...new Set(principal.grants.map((g) => g.role))];
}

/** The audit ledger's view of the principal. */
export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'api_key') {
    return { id: principal.apiKey!.id, kind: 'api_key', name: principal.username };
  }
  if (principal.kind === 'user')
    return { id: principal.userId, kind: 'user', name: principal.username };
  return { id: null, kind: 'system', name: 'anonymous' };
}
