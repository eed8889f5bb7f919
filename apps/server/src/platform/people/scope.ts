// Region scoping helpers shared by the people services.
import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { Grant, Principal } from '../auth/principal.ts';
import { isWithinRegion, regionPrefix } from '../auth/region.ts';
import type { Actor } from '../audit/ledger.ts';
import { actorOf } from '../auth/principal.ts';

/** The grant under which the principal may use `permission` on a record of `regionCode`. */
export function actingGrant(
  principal: Principal,
  permission: string,
  regionCode: string,
): Grant | undefined {
  return principal.grants.find(
    (g) => g.permissions.has(permission) && isWithinRegion(regionCode, g.regionCode),
  );
}

/** The distinct region prefixes where the principal holds `permission`. */
export function prefixesFor(principal: Principal, permission: string): string[] {
  const prefixes = principal.grants
    .filter((g) => g.permissions.has(permission))
    .map((g) => regionPrefix(g.regionCode));
  // A prefix covered by a shorter one adds nothing.
  return [...new Set(prefixes)].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q)));
}

/** A WHERE condition: `column` lies within one of `prefixes` (false when there are none). */
export function withinPrefixes<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  prefixes: string[],
): Expression<SqlBool> {
  if (prefixes.length === 0) return eb.lit(false);
  const ref = eb.ref(column as never);
  return eb.or(prefixes.map((p) => eb(ref, 'like', `${p}%` as never)));
}

/** The actor of an audit entry and the department and role it acted in. */
export function auditActor(principal: Principal, grant: Grant | undefined) {
  const actor: Actor = actorOf(principal);
  return {
    actor,
    departmentId: grant?.departmentId ?? principal.departmentId,
    role: grant?.role ?? null,
  };
}
