// Who may use which part of the app, from /api/auth/me. The server checks every request
// anyway; these rules only keep the navigation honest and give a clear 403 page.
import type { Me } from '@citygov/contracts';
import { hasAnyPermission, hasPermission } from './use-me.ts';

export type AccessRule = (me: Me) => boolean;

const COMMAND_ROLES: readonly string[] = ['dispatcher', 'supervisor', 'leader', 'admin'];

export const ADMIN_PERMISSIONS = [
  'users:manage',
  'apikeys:manage',
  'calendar:manage',
  'audit:read',
  'catalogue:manage',
  'categories:manage',
] as const;

export const access = {
  signedIn: () => true,
  staff: (me) => me.kind === 'staff' && hasPermission(me, 'tasks:read'),
  createTask: (me) => me.kind === 'staff' && hasPermission(me, 'tasks:create'),
  applications: (me) => me.kind === 'staff' && hasPermission(me, 'applications:read'),
  windowIntake: (me) =>
    me.kind === 'staff' &&
    me.grants.some((g) => g.role === 'clerk') &&
    hasPermission(me, 'applications:submit'),
  rectifications: (me) => me.kind === 'staff' && hasPermission(me, 'ratings:read'),
  admin: (me) => me.kind === 'staff' && hasAnyPermission(me, ADMIN_PERMISSIONS),
  adminUsers: (me) => hasPermission(me, 'users:manage'),
  adminApiKeys: (me) => hasPermission(me, 'apikeys:manage'),
  adminCalendar: (me) => hasPermission(me, 'calendar:manage'),
  adminAudit: (me) => hasPermission(me, 'audit:read'),
  adminCatalogue: (me) => hasPermission(me, 'catalogue:manage'),
  // The classification is public reference data: any administrator may read the table.
  adminCategories: (me) => me.kind === 'staff',
  // The wall screen serves the command centre and the leadership, whatever their department.
  command: (me) => me.kind === 'staff' && me.grants.some((g) => COMMAND_ROLES.includes(g.role)),
  caseIndicators: (me) => me.kind === 'staff' && hasPermission(me, 'cases:indicators'),
  serviceIndicators: (me) => me.kind === 'staff' && hasPermission(me, 'services:supervise'),
  // 一网统管: citizens and inspectors report; staff work the case queues; 12319 looks callers up.
  reportCase: (me) => hasPermission(me, 'cases:report'),
  cases: (me) => me.kind === 'staff' && hasPermission(me, 'cases:read'),
  hotline: (me) => me.kind === 'staff' && hasPermission(me, 'cases:lookup-phone'),
  supervision: (me) =>
    me.kind === 'staff' && hasAnyPermission(me, ['cases:indicators', 'services:supervise']),
  // 建筑渣土: staff of their regions and the accounts of sites, companies and disposal sites.
  waste: (me) => hasPermission(me, 'waste:read'),
  wasteStatistics: (me) => hasPermission(me, 'waste:statistics-read'),
  wasteOutputs: (me) => hasPermission(me, 'waste:outputs-declare'),
} satisfies Record<string, AccessRule>;

export interface Section {
  key: 'portal' | 'me' | 'staff' | 'hotline' | 'command' | 'supervision' | 'waste' | 'admin';
  path: string;
  /** null: open to everyone, logged in or not. */
  rule: AccessRule | null;
}

/** The top-level sections, in menu order. Later screens (hotline, command ...) add theirs here. */
export const sections: readonly Section[] = [
  { key: 'portal', path: '/', rule: null },
  { key: 'me', path: '/me', rule: access.signedIn },
  { key: 'staff', path: '/staff', rule: access.staff },
  { key: 'hotline', path: '/hotline', rule: access.hotline },
  { key: 'command', path: '/command', rule: access.command },
  { key: 'supervision', path: '/supervision', rule: access.supervision },
  { key: 'waste', path: '/waste', rule: access.waste },
  { key: 'admin', path: '/admin', rule: access.admin },
];

export const visibleSections = (me: Me | null | undefined) =>
  sections.filter((s) => s.rule === null || (me && s.rule(me)));
