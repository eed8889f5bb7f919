// One stable text identity per caller, for tables that must tell callers apart.
import type { Principal } from '../auth/principal.ts';

/** `user:<id>`, `api_key:<id>` or `anonymous`. */
export function principalIdentity(principal: Principal): string {
  if (principal.kind === 'user' && principal.userId !== null) return `user:${principal.userId}`;
  if (principal.kind === 'api_key' && principal.apiKey) return `api_key:${principal.apiKey.id}`;
  return 'anonymous';
}
