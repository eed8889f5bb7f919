// Account administration and citizens' self-registration.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateStaffBody,
  ErrorBody,
  RegisterCitizenBody,
  RegisteredCitizen,
  RoleGrantBody,
  UserList,
  UserListQuery,
  UserParams,
  UserRoleParams,
  UserView,
} from '@citygov/contracts';
import type { AppContext } from '../http/context.ts';
import {
  createStaff,
  getUser,
  grantRole,
  listUsers,
  registerCitizen,
  revokeRole,
  setUserDisabled,
} from './accounts-service.ts';

export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['admin'];
  const manage = { permission: 'users:manage' };

  r.get(
    '/api/admin/users',
    {
      config: manage,
      schema: {
        summary: 'Accounts in the regions you manage',
        tags,
        querystring: UserListQuery,
        response: { 200: UserList },
      },
    },
    async (request) => ({ items: await listUsers(ctx, request.principal, request.query) }),
  );

  r.get(
    '/api/admin/users/:id',
    {
      config: manage,
      schema: {
        summary: 'One account and its roles',
        tags,
        params: UserParams,
        response: { 200: UserView, 404: ErrorBody },
      },
    },
    async (request) => getUser(ctx, request.principal, request.params.id),
  );

  r.post(
    '/api/admin/users',
    {
      config: manage,
      schema: {
        summary: 'Create a staff account with roles scoped to regions and departments',
        tags,
        body: CreateStaffBody,
        response: { 201: UserView, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createStaff(ctx, request.principal, request.body)),
  );

  r.post(
    '/api/admin/users/:id/disable',
    {
      config: manage,
      schema: {
        summary: 'Disable an account and end its sessions',
        tags,
        params: UserParams,
        response: { 200: UserView, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => setUserDisabled(ctx, request.principal, request.params.id, true),
  );

  r.post(
    '/api/admin/users/:id/enable',
    {
      config: manage,
      schema: {
        summary: 'Enable a disabled account',
        tags,
        params: UserParams,
        response: { 200: UserView, 404: ErrorBody },
      },
    },
    async (request) => setUserDisabled(ctx, request.principal, request.params.id, false),
  );

  r.post(
    '/api/admin/users/:id/roles',
    {
      config: manage,
      schema: {
        summary: 'Grant a role in a region (and optionally one department)',
        tags,
        params: UserParams,
        body: RoleGrantBody,
        response: { 200: UserView, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => grantRole(ctx, request.principal, request.params.id, request.body),
  );

  r.delete(
    '/api/admin/users/:id/roles/:roleId',
    {
      config: manage,
      schema: {
        summary: 'Revoke one role',
        tags,
        params: UserRoleParams,
        response: { 200: UserView, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => revokeRole(ctx, request.principal, request.params.id, request.params.roleId),
  );

  r.post(
    '/api/auth/register',
    {
      config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Citizen self-registration with real-name data (resident ID, phone)',
        tags: ['auth'],
        body: RegisterCitizenBody,
        response: { 201: RegisteredCitizen, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => reply.status(201).send(await registerCitizen(ctx, request.body)),
  );
}
