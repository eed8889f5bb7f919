// The role table as data: which permissions each role carries (for the admin screens).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { RolesAnswer } from '@citygov/contracts';
import { allRoles, knownPermissions, permissionsOf, staffRoles } from './permissions.ts';

export function registerRoleRoutes(app: FastifyInstance) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/admin/roles',
    {
      config: { permission: 'users:manage' },
      schema: {
        summary: 'Every role and the permissions it carries',
        tags: ['admin'],
        response: { 200: RolesAnswer },
      },
    },
    async () => ({
      roles: allRoles.map((role) => ({
        role,
        isStaff: (staffRoles as readonly string[]).includes(role),
        permissions: [...permissionsOf(role)].sort(),
      })),
      permissions: knownPermissions(),
    }),
  );
}
