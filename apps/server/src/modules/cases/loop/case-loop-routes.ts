// HTTP routes of the case loop. GET /api/cases/:id and POST /api/cases/:id/actions/:action
// answer like the kernel's registerWorkflowRoutes (404 outside scope, 403, 409), but are the
// module's own: an action's case effects (departments, photos, notices) share its transaction.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CaseIntakeResult,
  CaseList,
  CaseListQuery,
  CasePageQuery,
  CasesByPhoneQuery,
  CreateCaseBody,
  ErrorBody,
  NearbyCases,
  NearbyCasesQuery,
  WorkflowActionBody,
  WorkflowView,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { CASES_LOOKUP_PHONE, CASES_READ, CASES_REPORT } from './case-access.ts';

// A reporter (citizen) sees their case and rates it; staff scope is checked per case.
const CASE_ROUTE = 'authenticated';
import { reportCase, listNearbyCases } from './case-intake.ts';
import { listCases, listCasesByPhone, listMyCases } from './case-queries.ts';
import { findVisibleCase, viewCase } from './case-view.ts';
import { actOnCase } from './case-actions.ts';

const CaseId = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const tags = ['cases'];

export function registerCaseLoopRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/cases',
    {
      config: { permission: CASES_REPORT },
      schema: {
        summary:
          'Report a city-management problem (citizen, inspector, or a 12319 call taker for a caller); 409 offers an open case of the same class nearby',
        tags,
        body: CreateCaseBody,
        response: {
          200: CaseIntakeResult,
          201: CaseIntakeResult,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          415: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const result = await reportCase(ctx, request.principal, request.body);
      return reply.code(result.isJoined ? 200 : 201).send(result);
    },
  );

  r.get(
    '/api/cases',
    {
      config: { permission: CASES_READ },
      schema: {
        summary: 'Cases in your scope: filters, a map box, pages',
        tags,
        querystring: CaseListQuery,
        response: { 200: CaseList, 400: ErrorBody },
      },
    },
    async (request) => listCases(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/cases/nearby',
    {
      config: { permission: CASES_REPORT },
      schema: {
        summary: 'Open cases of a class near a point (to join one instead of filing a duplicate)',
        tags,
        querystring: NearbyCasesQuery,
        response: { 200: NearbyCases, 400: ErrorBody },
      },
    },
    async (request) => listNearbyCases(ctx.db, request.query),
  );

  r.get(
    '/api/cases/mine',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'The cases you reported or joined',
        tags,
        querystring: CasePageQuery,
        response: { 200: CaseList },
      },
    },
    async (request) => listMyCases(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/cases/by-phone',
    {
      config: { permission: CASES_LOOKUP_PHONE },
      schema: {
        summary: "A caller's cases by phone number (12319; the look-up is audited)",
        tags,
        querystring: CasesByPhoneQuery,
        response: { 200: CaseList, 400: ErrorBody },
      },
    },
    async (request) => listCasesByPhone(ctx.db, ctx.cipher, request.principal, request.query),
  );

  r.get(
    '/api/cases/:id',
    {
      config: { permission: CASE_ROUTE },
      schema: {
        summary:
          'A case: state, deadlines, remaining working time, history, and the actions you may take',
        tags,
        params: CaseId,
        response: { 200: WorkflowView, 404: ErrorBody },
      },
    },
    async (request) => {
      const instance = await findVisibleCase(ctx.db, request.principal, request.params.id);
      return viewCase(ctx.db, request.principal, instance);
    },
  );

  r.post(
    '/api/cases/:id/actions/:action',
    {
      config: { permission: CASE_ROUTE },
      schema: {
        summary: 'Act on a case (the actions you may take are listed in its GET answer)',
        tags,
        params: Type.Object({
          id: CaseId.properties.id,
          action: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
        }),
        body: WorkflowActionBody,
        response: {
          200: WorkflowView,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          415: ErrorBody,
        },
      },
      // An action with nothing to add may be posted without a body.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) =>
      actOnCase(
        ctx,
        request.principal,
        request.params.id,
        request.params.action,
        request.body ?? {},
      ),
  );
}
