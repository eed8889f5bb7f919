// Applications over HTTP: submit, list (mine / my queue), read one, act on one.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ApplicationList,
  ApplicationListQuery,
  CreateApplicationBody,
  ErrorBody,
  WorkflowActionBody,
  WorkflowView,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { sendJsonText } from '../../../platform/http/json-text.ts';
import { findInstance, viewInstance } from '../../../platform/workflow/index.ts';
import {
  canSeeApplication,
  findApplication,
  loadApplicationSubject,
  SUBMIT_APPLICATIONS,
} from './application-access.ts';
import { actOnApplication } from './application-actions.ts';
import { listApplications } from './application-queries.ts';
import { submitApplication } from './submit-application.ts';

const PREFIX = '/api/services/applications';
const Id = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });

// GET /:id and the actions follow the workflow route helper's contract (404 out of sight,
// 403 wrong role, 409 wrong state), written here because an application's actions carry
// effects (licence, 补正 materials, notices) that must commit with the transition.
export function registerApplicationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['applications'];

  r.post(
    PREFIX,
    {
      config: { permission: SUBMIT_APPLICATIONS },
      schema: {
        summary:
          'Apply for a service item (online, at the window for a person, or by a partner channel key)',
        tags,
        body: CreateApplicationBody,
        response: { 201: WorkflowView, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await submitApplication(ctx, request.principal, request.body)),
  );

  r.get(
    PREFIX,
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'My applications, or (staff) the queue in my scope by deadline',
        tags,
        querystring: ApplicationListQuery,
        response: { 200: ApplicationList, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const answer = await listApplications(ctx, request.principal, request.query);
      // The applicant's own list comes as the answer's JSON text, sent as it is.
      return typeof answer === 'string' ? sendJsonText(reply, answer) : answer;
    },
  );

  r.get(
    `${PREFIX}/:id`,
    {
      config: { permission: 'authenticated' },
      schema: {
        summary:
          'An application: state, deadlines, working days left, history, materials, and the actions you may take',
        tags,
        params: Type.Object({ id: Id }),
        response: { 200: WorkflowView, 404: ErrorBody },
      },
    },
    async (request) => {
      const id = Number(request.params.id);
      const row = await findApplication(ctx.db, id);
      if (!row || row.instance_id === null || !canSeeApplication(request.principal, row)) {
        throw notFound('Application', id);
      }
      const instance = (await findInstance(ctx.db, { id: row.instance_id }))!;
      return viewInstance(ctx.db, instance, request.principal, {
        subject: await loadApplicationSubject(ctx.db, row),
      });
    },
  );

  r.post(
    `${PREFIX}/:id/actions/:action`,
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Act on an application (受理, 补正, 审查, 准予/不予, 送达, 撤回 ...)',
        tags,
        params: Type.Object({ id: Id, action: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }) }),
        body: WorkflowActionBody,
        response: {
          200: WorkflowView,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
      // An action with nothing to add may be posted without a body.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) =>
      actOnApplication(
        ctx,
        request.principal,
        Number(request.params.id),
        request.params.action,
        request.body ?? {},
      ),
  );
}
