// Persons, enterprises and "who used my data".
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DataUseList,
  DataUseQuery,
  EnterpriseList,
  EnterpriseParams,
  EnterpriseSearchQuery,
  EnterpriseView,
  ErrorBody,
  PersonList,
  PersonParams,
  PersonSearchQuery,
  PersonView,
  RegisterEnterpriseBody,
  RegisterPersonBody,
  RevealBody,
  RevealedPersonalData,
} from '@citygov/contracts';
import type { AppContext } from '../http/context.ts';
import {
  getOwnPerson,
  getPerson,
  listDataUses,
  registerPerson,
  revealPerson,
  searchPeople,
} from './people-service.ts';
import { getEnterprise, registerEnterprise, searchEnterprises } from './enterprises-service.ts';

export function registerPeopleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['people'];

  r.post(
    '/api/people',
    {
      config: { permission: 'people:register' },
      schema: {
        summary: 'Register a person (real-name data validated, identifiers encrypted)',
        tags,
        body: RegisterPersonBody,
        response: { 201: PersonView, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registerPerson(ctx, request.principal, request.body)),
  );

  r.get(
    '/api/people',
    {
      config: { permission: 'people:read' },
      schema: {
        summary:
          'Find persons in your regions by ID number or phone (exact), or by region and name',
        description:
          'Identifiers are masked. A lookup by ID number or phone is audited and answers 404 ' +
          'when no such person lives within your regions.',
        tags,
        querystring: PersonSearchQuery,
        response: { 200: PersonList, 404: ErrorBody },
      },
    },
    async (request) => ({ items: await searchPeople(ctx, request.principal, request.query) }),
  );

  r.get(
    '/api/people/:id',
    {
      config: { permission: 'people:read' },
      schema: {
        summary: 'One person (masked); the read is audited',
        tags,
        params: PersonParams,
        response: { 200: PersonView, 404: ErrorBody },
      },
    },
    async (request) => getPerson(ctx, request.principal, request.params.id),
  );

  r.post(
    '/api/people/:id/reveal',
    {
      config: { permission: 'people:read-pii' },
      schema: {
        summary: 'The clear ID number and phone, for a stated purpose; audited',
        tags,
        params: PersonParams,
        body: RevealBody,
        response: { 200: RevealedPersonalData, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) =>
      revealPerson(ctx, request.principal, request.params.id, request.body.purpose),
  );

  r.get(
    '/api/me/person',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Your own person record (masked)',
        tags,
        response: { 200: PersonView, 404: ErrorBody },
      },
    },
    async (request) => getOwnPerson(ctx, request.principal),
  );

  r.get(
    '/api/me/data-uses',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Who used my data: every audited read or change of your personal data',
        tags,
        querystring: DataUseQuery,
        response: { 200: DataUseList },
      },
    },
    async (request) => ({ items: await listDataUses(ctx, request.principal, request.query) }),
  );

  r.post(
    '/api/enterprises',
    {
      config: { permission: 'people:register' },
      schema: {
        summary: 'Register an enterprise (unified social credit code validated)',
        tags,
        body: RegisterEnterpriseBody,
        response: { 201: EnterpriseView, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registerEnterprise(ctx, request.principal, request.body)),
  );

  r.get(
    '/api/enterprises',
    {
      config: { permission: 'people:read' },
      schema: {
        summary: 'Find enterprises in your regions',
        tags,
        querystring: EnterpriseSearchQuery,
        response: { 200: EnterpriseList },
      },
    },
    async (request) => ({ items: await searchEnterprises(ctx, request.principal, request.query) }),
  );

  r.get(
    '/api/enterprises/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'One enterprise (your own, or one in your regions)',
        tags,
        params: EnterpriseParams,
        response: { 200: EnterpriseView, 404: ErrorBody },
      },
    },
    async (request) => getEnterprise(ctx, request.principal, request.params.id),
  );
}
