// The licences module (电子证照), its public face: issuing signed licences, finding a holder's
// usable ones and recording their reuse (免提交), verification and revocation over HTTP.
import type { FastifyInstance } from 'fastify';
import { grantPermissions, staffRoles } from '../../platform/auth/permissions.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { READ_LICENCES, REVOKE_LICENCES } from './licence-service.ts';
import { registerLicenceRoutes } from './licence-routes.ts';

grantPermissions(Object.fromEntries(staffRoles.map((role) => [role, [READ_LICENCES]])));
grantPermissions({ approver: [REVOKE_LICENCES] });

/** Registers the licence routes; warns at start when licences cannot be signed. */
export function registerLicencesModule(app: FastifyInstance, ctx: AppContext): void {
  if (!ctx.config.isDemo && !process.env.CITYGOV_SIGNING_KEY) {
    app.log.warn('CITYGOV_SIGNING_KEY is not set: issuing and verifying licences answer 503');
  }
  registerLicenceRoutes(app, ctx);
}

export {
  cityDate,
  findUsableLicence,
  findUsableLicences,
  issueLicence,
  recordLicenceUse,
  verifyLicence,
  type IssueLicenceInput,
  type LicenceHolder,
  type LicenceUseInput,
  type UsableLicence,
} from './licence-service.ts';
export { loadSigningKey, MissingSigningKeyError } from './signing-key.ts';
