// HTTP routes of case supervision: indicators (JSON and XLSX), score weights, the command
// centre's live figures and the map's density layer. The contract file lists what each answers.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CaseIndicators,
  CaseIndicatorsQuery,
  CaseLiveStats,
  CaseLiveStatsQuery,
  CaseScoreWeights,
  ErrorBody,
  GridDensity,
  GridDensityQuery,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { CASES_INDICATORS, CASES_READ } from '../loop/case-access.ts';
import { computeIndicators } from './case-indicators.ts';
import { indicatorsFileName, indicatorsWorkbook, XLSX_TYPE } from './indicators-xlsx.ts';
import { CASES_CONFIGURE, readScoreWeights, writeScoreWeights } from './score-weights.ts';
import { computeLiveStats } from './live-stats.ts';
import { computeGridDensity } from './grid-density.ts';

const tags = ['cases'];

export function registerCaseStatsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/cases/indicators',
    {
      config: { permission: CASES_INDICATORS },
      schema: {
        summary:
          'Evaluation indicators (立案数, 结案率, 按期结案率, 返工率, 延期率, 平均处置时长, 满意度, score) per department or district for a period, ranked',
        tags,
        querystring: CaseIndicatorsQuery,
        response: { 200: CaseIndicators, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => computeIndicators(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/cases/indicators.xlsx',
    {
      config: { permission: CASES_INDICATORS },
      schema: {
        summary: 'The same indicators as an XLSX workbook',
        tags,
        querystring: CaseIndicatorsQuery,
        response: { 200: Type.Unknown(), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const result = await computeIndicators(ctx.db, request.principal, request.query);
      const bytes = await indicatorsWorkbook(result);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${indicatorsFileName(result)}"`)
        .send(bytes);
    },
  );

  r.get(
    '/api/cases/indicators/weights',
    {
      config: { permission: CASES_INDICATORS },
      schema: {
        summary: 'The composite score weights in force',
        tags,
        response: { 200: CaseScoreWeights },
      },
    },
    async () => readScoreWeights(ctx.db),
  );

  r.put(
    '/api/cases/indicators/weights',
    {
      config: { permission: CASES_CONFIGURE },
      schema: {
        summary: 'Set the composite score weights (city-level administrators; audited)',
        tags,
        body: CaseScoreWeights,
        response: { 200: CaseScoreWeights, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => writeScoreWeights(ctx.db, request.principal, request.body),
  );

  r.get(
    '/api/cases/stats/live',
    {
      config: { permission: CASES_READ },
      schema: {
        summary:
          "Command centre KPI cards for your region: today's intake, open, overdue, on-time rate, satisfaction, 30-day trend",
        tags,
        querystring: CaseLiveStatsQuery,
        response: { 200: CaseLiveStats, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => computeLiveStats(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/cases/stats/grid-density',
    {
      config: { permission: CASES_READ },
      schema: {
        summary: 'Open cases per unit grid in a map box (density layer)',
        tags,
        querystring: GridDensityQuery,
        response: { 200: GridDensity, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => computeGridDensity(ctx.db, request.principal, request.query),
  );
}

export { CASES_CONFIGURE };
