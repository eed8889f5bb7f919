// HTTP routes of disposal approvals (处置核准).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  WasteApprovalBody,
  WasteApprovalList,
  WasteApprovalListQuery,
  WasteApprovalView,
  WasteIdParams,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { WASTE_APPROVALS_MANAGE, WASTE_READ } from '../waste-permissions.ts';
import { createApproval, getApproval, listApprovals, updateApproval } from './approvals.ts';

const tags = ['waste approvals'];
const writeErrors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function registerApprovalRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/waste/approvals',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary:
          'Disposal approvals (处置核准) I may see, with what each allows and whether it is usable today',
        tags,
        querystring: WasteApprovalListQuery,
        response: { 200: WasteApprovalList, 400: ErrorBody },
      },
    },
    async (q) => listApprovals(ctx.db, q.principal, q.query),
  );
  r.get(
    '/api/waste/approvals/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One disposal approval',
        tags,
        params: WasteIdParams,
        response: { 200: WasteApprovalView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (q) => getApproval(ctx.db, q.principal, q.params.id),
  );
  r.post(
    '/api/waste/approvals',
    {
      config: { permission: WASTE_APPROVALS_MANAGE },
      schema: {
        summary: 'Issue a disposal approval to a construction site',
        tags,
        body: WasteApprovalBody,
        response: { 201: WasteApprovalView, ...writeErrors },
      },
    },
    async (q, reply) => reply.status(201).send(await createApproval(ctx.db, q.principal, q.body)),
  );
  r.put(
    '/api/waste/approvals/:id',
    {
      config: { permission: WASTE_APPROVALS_MANAGE },
      schema: {
        summary: 'Change a disposal approval (volume, validity, parties, routes, hours, status)',
        tags,
        params: WasteIdParams,
        body: WasteApprovalBody,
        response: { 200: WasteApprovalView, ...writeErrors },
      },
    },
    async (q) => updateApproval(ctx.db, q.principal, q.params.id, q.body),
  );
}
