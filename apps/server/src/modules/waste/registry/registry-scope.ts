// Which registry rows a caller may read. Registered companies, trucks, sites and routes are
// public facts of the trade (plates of licensed muck trucks are published), so accounts acting
// for an organisation read the whole registry; staff read their regions.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.ts';
import { holdsPartyPermission, staffPrefixesFor } from '../party-access.ts';
import { WASTE_READ } from '../waste-permissions.ts';

export interface ReadScope {
  /** null: every region. */
  prefixes: string[] | null;
}

export function registryReadScope(principal: Principal): ReadScope {
  if (holdsPartyPermission(principal, WASTE_READ)) return { prefixes: null };
  return { prefixes: staffPrefixesFor(principal, WASTE_READ) };
}

/** A WHERE on a region column for these prefixes (null: all; none: false). */
export function regionSql(column: string, prefixes: readonly string[] | null): RawBuilder<SqlBool> {
  if (prefixes === null) return sql<SqlBool>`true`;
  if (prefixes.length === 0) return sql<SqlBool>`false`;
  const tests = prefixes.map((p) => sql`${sql.ref(column)} like ${`${p}%`}`);
  return sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}

export const canReadRegion = (scope: ReadScope, regionCode: string) =>
  scope.prefixes === null || scope.prefixes.some((p) => regionCode.startsWith(p));
