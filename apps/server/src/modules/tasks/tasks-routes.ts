// Tasks over HTTP: create, list; GET /:id and actions come from the workflow route helper.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateTaskBody,
  ErrorBody,
  TaskList,
  TaskListQuery,
  WorkflowView,
} from '@citygov/contracts';
import type { AppContext } from '../../platform/http/context.ts';
import { registerWorkflowRoutes } from '../../platform/workflow/index.ts';
import { createTask, listTasks, loadTaskSubject, TASK_SUBJECT } from './tasks-service.ts';
import { tasksWorkflow } from './tasks-workflow.ts';

export function registerTasksRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/tasks',
    {
      config: { permission: 'tasks:create' },
      schema: {
        summary: 'Assign a task (交办) to a department with a limit in working days',
        tags: ['tasks'],
        body: CreateTaskBody,
        response: { 201: WorkflowView, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const view = await createTask(ctx.db, request.principal, request.body);
      return reply.status(201).send(view);
    },
  );

  r.get(
    '/api/tasks',
    {
      config: { permission: 'tasks:read' },
      schema: {
        summary: 'My to-do tasks and the tasks I assigned, soonest deadline first',
        tags: ['tasks'],
        querystring: TaskListQuery,
        response: { 200: TaskList, 400: ErrorBody },
      },
    },
    async (request) => listTasks(ctx.db, request.principal, request.query),
  );

  registerWorkflowRoutes(app, ctx, {
    prefix: '/api/tasks',
    subjectType: TASK_SUBJECT,
    definitions: [tasksWorkflow],
    permissionRead: 'tasks:read',
    permissionAct: 'tasks:act',
    tags: ['tasks'],
    loadSubject: loadTaskSubject,
  });
}
