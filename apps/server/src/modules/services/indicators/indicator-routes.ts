// Supervision over HTTP: the indicators (JSON and XLSX, the same numbers) and the daily scan.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DailyScanAnswer,
  DailyScanQuery,
  ErrorBody,
  IndicatorsAnswer,
  IndicatorsQuery,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { scopesFor } from '../../../platform/auth/principal.ts';
import { queryIndicators, SUPERVISE_SERVICES } from './indicator-queries.ts';
import { exportIndicators, XLSX_TYPE } from './indicator-export.ts';
import { scanApplications } from './daily-scan.ts';

const tags = ['supervision'];

export function registerIndicatorRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/services/indicators',
    {
      config: { permission: SUPERVISE_SERVICES },
      schema: {
        summary:
          'Service indicators per department or item over a period: received, finished, online rate, at most one visit, working days (avg, p90), on time, 补正, satisfaction, rectification',
        tags,
        querystring: IndicatorsQuery,
        response: { 200: IndicatorsAnswer, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => queryIndicators(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/services/indicators.xlsx',
    {
      config: { permission: SUPERVISE_SERVICES },
      schema: {
        summary:
          'The same indicators as an XLSX workbook (one row per department or item, a total)',
        tags,
        querystring: IndicatorsQuery,
      },
    },
    async (request, reply) => {
      const file = await exportIndicators(
        await queryIndicators(ctx.db, request.principal, request.query),
      );
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );

  r.get(
    '/api/services/daily-scan',
    {
      config: { permission: SUPERVISE_SERVICES },
      schema: {
        summary: '日扫描: overdue and at-risk applications per department in my scope, as of a day',
        tags,
        querystring: DailyScanQuery,
        response: { 200: DailyScanAnswer, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) =>
      scanApplications(ctx.db, scopesFor(request.principal, SUPERVISE_SERVICES), {
        ...(request.query.date !== undefined && { date: request.query.date }),
        ...(request.query.atRiskDays !== undefined && { atRiskDays: request.query.atRiskDays }),
        ...(request.query.departmentId !== undefined && {
          departmentId: request.query.departmentId,
        }),
      }),
  );
}
