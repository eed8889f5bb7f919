// Roles and the permissions they carry. Data, not code paths: modules add their own
// permissions to roles with grantPermissions() when they register.

export const staffRoles = [
  'admin',
  'clerk', // 窗口人员 window clerk (一窗综办)
  'reviewer', // 审核 department reviewer
  'approver', // 审批 / 决定
  'dispatcher', // 派遣员 command centre
  'handler', // 处置人员 department handler
  'inspector', // 监督员 field inspector
  'calltaker', // 12319 坐席
  'grid_worker', // 网格员
  'supervisor', // 效能监管 / 督办
  'leader', // 领导
  'waste_officer', // 建筑垃圾监管 / 城管执法: construction-waste approvals, registry, enforcement
] as const;
export type StaffRole = (typeof staffRoles)[number];
/**
 * Roles of accounts acting for an organisation in one domain (not staff): which organisation is
 * the module's business (e.g. waste_party_members), the role only opens its routes.
 */
export const partyRoles = [
  'waste_site', // 产废单位 a construction site's manager
  'waste_transport', // 运输企业 a transport company (its office or a driver)
  'waste_disposal', // 消纳场 / 资源化利用厂 a disposal site's operator
] as const;
export type PartyRole = (typeof partyRoles)[number];
export type Role = StaffRole | PartyRole | 'citizen' | 'enterprise';
export const allRoles: readonly Role[] = [...staffRoles, ...partyRoles, 'citizen', 'enterprise'];

/** Route-level markers that are not permissions held by roles. */
export const PUBLIC = 'public';
export const AUTHENTICATED = 'authenticated';

const rolePermissions = new Map<Role, Set<string>>(allRoles.map((r) => [r, new Set<string>()]));
const known = new Set<string>([PUBLIC, AUTHENTICATED]);

/** Adds permissions to roles; every permission a route names must have been granted somewhere. */
export function grantPermissions(grants: Partial<Record<Role, readonly string[]>>) {
  for (const [role, permissions] of Object.entries(grants) as [Role, readonly string[]][]) {
    const set = rolePermissions.get(role);
    if (!set) throw new Error(`unknown role ${role}`);
    for (const p of permissions) {
      set.add(p);
      known.add(p);
    }
  }
}

export const isKnownPermission = (permission: string) => known.has(permission);
export const isKnownRole = (role: string): role is Role => rolePermissions.has(role as Role);
export const permissionsOf = (role: Role): ReadonlySet<string> => rolePermissions.get(role)!;
export const knownPermissions = () =>
  [...known].filter((p) => p !== PUBLIC && p !== AUTHENTICATED).sort();

const allStaff = staffRoles;
const forStaff = (perms: string[]) =>
  Object.fromEntries(allStaff.map((r) => [r, perms])) as Record<StaffRole, string[]>;

// The kernel's own permissions.
grantPermissions(forStaff(['org:read', 'people:read', 'tasks:read']));
grantPermissions({
  admin: [
    'users:manage',
    'apikeys:manage',
    'audit:read',
    'calendar:manage',
    'people:read-pii',
    'tasks:create',
    'metrics:read',
  ],
  clerk: ['people:read-pii'],
  reviewer: ['people:read-pii'],
  approver: ['people:read-pii'],
  calltaker: ['people:read-pii'],
  supervisor: ['audit:read', 'tasks:create'],
  leader: ['tasks:create'],
});
