// The module's permissions and who holds them. Party roles (waste_site, waste_transport,
// waste_disposal) are granted city-wide; which records they reach is decided by the
// organisations their accounts act for (party-access.ts), not by region.
import { grantPermissions } from '../../platform/auth/permissions.ts';

export const WASTE_READ = 'waste:read';
export const WASTE_REGISTRY_MANAGE = 'waste:registry-manage';
export const WASTE_FLEET_MANAGE = 'waste:fleet-manage';
export const WASTE_APPROVALS_MANAGE = 'waste:approvals-manage';
export const WASTE_MANIFESTS_WRITE = 'waste:manifests-write';
export const WASTE_MANIFESTS_SIGN = 'waste:manifests-sign';
export const WASTE_OUTPUTS_DECLARE = 'waste:outputs-declare';
export const WASTE_DISCREPANCY_RESOLVE = 'waste:discrepancy-resolve';
export const WASTE_STATISTICS_READ = 'waste:statistics-read';
export const WASTE_SETTINGS_MANAGE = 'waste:settings-manage';

const staffWide = [
  WASTE_READ,
  WASTE_REGISTRY_MANAGE,
  WASTE_FLEET_MANAGE,
  WASTE_APPROVALS_MANAGE,
  WASTE_DISCREPANCY_RESOLVE,
  WASTE_STATISTICS_READ,
  WASTE_OUTPUTS_DECLARE,
];

grantPermissions({
  admin: [...staffWide, WASTE_SETTINGS_MANAGE],
  waste_officer: [...staffWide, WASTE_SETTINGS_MANAGE],
  leader: [WASTE_READ, WASTE_STATISTICS_READ],
  supervisor: [WASTE_READ, WASTE_STATISTICS_READ],
  dispatcher: [WASTE_READ, WASTE_STATISTICS_READ],
  inspector: [WASTE_READ],
  waste_site: [WASTE_READ, WASTE_MANIFESTS_WRITE, WASTE_MANIFESTS_SIGN],
  waste_transport: [WASTE_READ, WASTE_FLEET_MANAGE, WASTE_MANIFESTS_SIGN],
  waste_disposal: [WASTE_READ, WASTE_MANIFESTS_SIGN, WASTE_OUTPUTS_DECLARE],
});

/** Roles whose access follows the organisations an account acts for. */
export const PARTY_ROLES = ['waste_site', 'waste_transport', 'waste_disposal'] as const;
