// People and accounts: persons (personal data encrypted, masked, audited reveal), enterprises,
// staff administration and citizens' self-registration.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { grantPermissions } from '../auth/permissions.ts';
import { registerAccountRoutes } from './accounts-routes.ts';
import { registerPeopleRoutes as registerPersonRoutes } from './people-routes.ts';

// Window clerks register residents and enterprises at the counter; admins do too.
grantPermissions({ admin: ['people:register'], clerk: ['people:register'] });

/** Registers the people, enterprise and account routes. */
export function registerPeopleRoutes(app: FastifyInstance, ctx: AppContext) {
  registerPersonRoutes(app, ctx);
  registerAccountRoutes(app, ctx);
}

export { disableDemoAccounts, registerCitizen } from './accounts-service.ts';
export { checkPersonInput, insertPerson, toPersonView } from './people-service.ts';
export {
  checkPersonName,
  checkPhone,
  checkResidentId,
  checkUscc,
  encryptPerson,
  factsOfResidentId,
  isValidPersonName,
  type PersonInput,
} from './personal-identity.ts';
