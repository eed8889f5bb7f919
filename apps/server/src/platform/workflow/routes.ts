// Every workflow resource gets the same two routes: GET <prefix>/:id and
// POST <prefix>/:id/actions/:action. A caller outside the record's scope gets 404 (its
// existence is not revealed); one who may see it but not act gets 403; a wrong state 409.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody, WorkflowActionBody, WorkflowView } from '@citygov/contracts';
import type { WorkflowDefinition } from '@citygov/contracts';
import { AppError, notFound } from '../errors.ts';
import type { AppContext } from '../http/context.ts';
import type { Db } from '../db/database.ts';
import { can, type Principal } from '../auth/principal.ts';
import { registerDefinition } from './definition.ts';
import { performAction } from './engine.ts';
import { findInstance, type WorkflowInstance } from './instance-repository.ts';
import { viewInstance } from './view.ts';

export interface WorkflowRouteOptions {
  /** e.g. '/api/tasks' */
  prefix: string;
  /** The subject_type of this resource's instances; :id is their subject_id. */
  subjectType: string;
  /** Definitions to register; each instance resolves its own by the key and version it started with. */
  definitions?: WorkflowDefinition[];
  permissionRead: string;
  permissionAct: string;
  tags?: string[];
  /** The pattern :id must match (default: a positive integer). */
  idPattern?: string;
  /** The domain record shown as `subject` in GET answers. */
  loadSubject?: (
    db: Db,
    instance: WorkflowInstance,
  ) => Promise<Record<string, unknown> | undefined>;
  /** Extra readers beyond the read permission in scope and the owner (e.g. a named party). */
  canRead?: (principal: Principal, instance: WorkflowInstance) => boolean;
}

const scopeOf = (instance: WorkflowInstance) => ({
  regionCode: instance.region_code,
  departmentId: instance.department_id,
});

const isOwnerOf = (principal: Principal, instance: WorkflowInstance) =>
  principal.kind === 'user' &&
  principal.userId !== null &&
  principal.userId === instance.owner_user_id;

/** Registers GET <prefix>/:id and POST <prefix>/:id/actions/:action for a workflow resource. */
export function registerWorkflowRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: WorkflowRouteOptions,
) {
  for (const def of options.definitions ?? []) registerDefinition(def);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = options.tags ?? [options.subjectType];
  const Id = Type.String({ pattern: options.idPattern ?? '^[1-9][0-9]{0,17}$' });

  const isVisible = (principal: Principal, instance: WorkflowInstance) =>
    isOwnerOf(principal, instance) ||
    can(principal, options.permissionRead, scopeOf(instance)) ||
    options.canRead?.(principal, instance) === true;

  r.get(
    `${options.prefix}/:id`,
    {
      config: { permission: options.permissionRead },
      schema: {
        summary: `A ${options.subjectType}: state, deadlines, remaining working time, history, and the actions you may take`,
        tags,
        params: Type.Object({ id: Id }),
        response: { 200: WorkflowView, 404: ErrorBody },
      },
    },
    async (request) => {
      const { id } = request.params;
      const instance = await findInstance(ctx.db, {
        subjectType: options.subjectType,
        subjectId: id,
      });
      if (!instance || !isVisible(request.principal, instance)) {
        throw notFound(options.subjectType, id);
      }
      const subject = await options.loadSubject?.(ctx.db, instance);
      return viewInstance(ctx.db, instance, request.principal, subject ? { subject } : {});
    },
  );

  r.post(
    `${options.prefix}/:id/actions/:action`,
    {
      config: { permission: options.permissionAct },
      schema: {
        summary: `Act on a ${options.subjectType} (the actions you may take are listed in its GET answer)`,
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
    async (request) => {
      const { id, action } = request.params;
      const principal = request.principal;
      const result = await performAction(ctx.db, {
        ref: { subjectType: options.subjectType, subjectId: id },
        action,
        principal,
        note: request.body?.note ?? null,
        data: request.body?.data ?? {},
        authorize(instance) {
          if (!isVisible(principal, instance)) throw notFound(options.subjectType, id);
          if (
            !isOwnerOf(principal, instance) &&
            !can(principal, options.permissionAct, scopeOf(instance))
          ) {
            throw new AppError(
              'forbidden',
              `This needs the permission "${options.permissionAct}" here`,
              {
                permission: options.permissionAct,
              },
            );
          }
        },
      });
      return viewInstance(ctx.db, result.instance, principal, { history: [result.entry] });
    },
  );
}
