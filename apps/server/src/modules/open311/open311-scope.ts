// Whose requests a GET call may read. The spec makes reads public (no api_key), so without a key
// the scope is explicitly the whole city's public classes; a caller that sends an api_key reads
// within the key's region only (the key's region is its scope everywhere in the platform), and
// sees staff-only classes when the key may read cases.
import type { Db } from '../../platform/db/database.ts';
import { can } from '../../platform/auth/principal.ts';
import { regionPrefix } from '../../platform/auth/region.ts';
import { resolveApiKey } from '../../platform/auth/sessions.ts';
import { Open311Failure, single, type FormFields } from './open311-params.ts';

/** The public read scope: every district of the city. */
export const PUBLIC_REGION = '500000';

export interface Open311ReadScope {
  regionCode: string;
  /** Region codes of readable requests start with this. */
  prefix: string;
  /** Staff-only classes (e.g. camera alerts) are included. */
  isRestrictedVisible: boolean;
}

export async function resolveReadScope(db: Db, fields: FormFields): Promise<Open311ReadScope> {
  const secret = single(fields, 'api_key');
  if (secret === undefined) {
    return {
      regionCode: PUBLIC_REGION,
      prefix: regionPrefix(PUBLIC_REGION),
      isRestrictedVisible: false,
    };
  }
  const principal = await resolveApiKey(db, secret);
  if (!principal) throw new Open311Failure(403, 'api_key is unknown, revoked or expired');
  const regionCode = principal.regionCode ?? PUBLIC_REGION;
  return {
    regionCode,
    prefix: regionPrefix(regionCode),
    isRestrictedVisible: can(principal, 'cases:read', { regionCode }),
  };
}
