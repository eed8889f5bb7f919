// Ratings over HTTP: rate, mine, the public summary, the rectification queue; GET /:id and the
// rectification actions come from the workflow route helper.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateRatingBody,
  ErrorBody,
  RatingList,
  RatingSummary,
  RatingSummaryQuery,
  RatingView,
  RectificationList,
  RectificationListQuery,
} from '@citygov/contracts';
import type { AppContext } from '../../platform/http/context.ts';
import { registerWorkflowRoutes } from '../../platform/workflow/index.ts';
import {
  ACT_ON_RECTIFICATIONS,
  createRating,
  listMyRatings,
  listRectifications,
  loadRectificationSubject,
  READ_RECTIFICATIONS,
  SUBMIT_RATINGS,
  summarizeRatings,
} from './rating-service.ts';
import { RECTIFICATION_SUBJECT, rectificationWorkflow } from './rating-workflow.ts';

export function registerRatingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['ratings'];

  r.post(
    '/api/ratings',
    {
      config: { permission: SUBMIT_RATINGS },
      schema: {
        summary: 'Rate a finished application (好差评), once, as its applicant',
        tags,
        body: CreateRatingBody,
        response: { 201: RatingView, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRating(ctx.db, request.principal, request.body)),
  );

  r.get(
    '/api/ratings/mine',
    {
      config: { permission: SUBMIT_RATINGS },
      schema: {
        summary: 'My ratings, newest first, with the state of any rectification',
        tags,
        response: { 200: RatingList },
      },
    },
    async (request) => listMyRatings(ctx.db, request.principal),
  );

  r.get(
    '/api/ratings/summary',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Public aggregate per item and/or agency: count per level and satisfaction',
        tags,
        querystring: RatingSummaryQuery,
        response: { 200: RatingSummary, 400: ErrorBody },
      },
    },
    async (request) => summarizeRatings(ctx.db, request.query),
  );

  r.get(
    '/api/ratings/rectifications',
    {
      config: { permission: READ_RECTIFICATIONS },
      schema: {
        summary: 'Bad-rating rectifications awaiting my step in my scope (or all in ?state=)',
        tags,
        querystring: RectificationListQuery,
        response: { 200: RectificationList, 400: ErrorBody },
      },
    },
    async (request) => listRectifications(ctx.db, request.principal, request.query),
  );

  registerWorkflowRoutes(app, ctx, {
    prefix: '/api/ratings/rectifications',
    subjectType: RECTIFICATION_SUBJECT,
    definitions: [rectificationWorkflow],
    permissionRead: READ_RECTIFICATIONS,
    permissionAct: ACT_ON_RECTIFICATIONS,
    tags,
    loadSubject: loadRectificationSubject,
  });
}
