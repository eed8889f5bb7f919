// Applications (办件), part of the services module: permissions, workflows, routes, and who may
// read an application's materials.
import type { FastifyInstance } from 'fastify';
import { grantPermissions } from '../../../platform/auth/permissions.ts';
import { registerFileAccess } from '../../../platform/files/index.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import {
  ACT_ON_APPLICATIONS,
  canSeeApplication,
  findApplication,
  READ_APPLICATIONS,
  SUBMIT_APPLICATIONS,
} from './application-access.ts';
import { registerApplicationRoutes } from './application-routes.ts';
import { liveHubOf } from '../../../platform/events/index.ts';
import { createMineCache } from './mine-cache.ts';
import { APPLICATION_SUBJECT } from './application-workflows.ts';

grantPermissions({
  citizen: [SUBMIT_APPLICATIONS],
  enterprise: [SUBMIT_APPLICATIONS],
  // Clerks apply at the window; admins issue partner-channel keys carrying this permission.
  clerk: [SUBMIT_APPLICATIONS, ACT_ON_APPLICATIONS],
  admin: [SUBMIT_APPLICATIONS],
  reviewer: [ACT_ON_APPLICATIONS],
  approver: [ACT_ON_APPLICATIONS],
});
// Who works applications or supervises them reads them in their scope.
for (const role of ['clerk', 'reviewer', 'approver', 'supervisor', 'leader', 'admin'] as const) {
  grantPermissions({ [role]: [READ_APPLICATIONS] });
}

/** Registers the application routes and the file access of their materials. */
export function registerApplications(app: FastifyInstance, ctx: AppContext): void {
  registerFileAccess(APPLICATION_SUBJECT, async (principal, ownerId) => {
    if (!/^[1-9][0-9]{0,15}$/.test(ownerId)) return false;
    const row = await findApplication(ctx.db, Number(ownerId));
    return row !== undefined && canSeeApplication(principal, row);
  });
  // Applicants' own lists between changes, followed through the events (DR-11).
  createMineCache(ctx, liveHubOf(app), {
    maxBytes: ctx.config.mineCacheMb * 1024 * 1024,
    staleAfterMs: Math.max(5000, 10 * ctx.config.eventsPollMs),
  });
  registerApplicationRoutes(app, ctx);
}

export { APPLICATION_SUBJECT, applicationWorkflows } from './application-workflows.ts';
export { findApplication, isApplicantOf } from './application-access.ts';
export { mineCacheOf } from './mine-cache.ts';
