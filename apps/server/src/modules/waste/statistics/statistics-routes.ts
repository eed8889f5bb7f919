// HTTP routes of the statistics and of disposal sites' declared output.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DisposalOutputBody,
  DisposalOutputList,
  ErrorBody,
  WasteIdParams,
  WasteStatistics,
  WasteStatisticsQuery,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { WASTE_OUTPUTS_DECLARE, WASTE_READ, WASTE_STATISTICS_READ } from '../waste-permissions.ts';
import { declareDisposalOutput, listDisposalOutputs } from './disposal-outputs.ts';
import { getWasteStatistics } from './waste-statistics.ts';
import { statisticsXlsxOf } from './statistics-xlsx.ts';

const tags = ['waste statistics'];

export function registerStatisticsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/waste/statistics',
    {
      config: { permission: WASTE_STATISTICS_READ },
      schema: {
        summary:
          'Discharged, received, landfilled, recycled and sorted volumes (with rates) by day, district, site, disposal site or company',
        tags,
        querystring: WasteStatisticsQuery,
        response: { 200: WasteStatistics, 400: ErrorBody },
      },
    },
    async (q) => getWasteStatistics(ctx.db, q.principal, q.query),
  );

  r.get(
    '/api/waste/statistics.xlsx',
    {
      config: { permission: WASTE_STATISTICS_READ },
      schema: {
        summary: 'The same statistics as an XLSX workbook',
        tags,
        querystring: WasteStatisticsQuery,
      },
    },
    async (q, reply) => {
      const stats = await getWasteStatistics(ctx.db, q.principal, q.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="waste-statistics-${stats.groupBy}-${stats.from}-${stats.to}.xlsx"`,
        )
        .send(await statisticsXlsxOf(stats));
    },
  );

  r.get(
    '/api/waste/disposal-sites/:id/outputs',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: "A disposal site's declared daily output (latest 90 days) with what it received",
        tags,
        params: WasteIdParams,
        response: { 200: DisposalOutputList, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (q) => listDisposalOutputs(ctx.db, q.principal, q.params.id),
  );

  r.put(
    '/api/waste/disposal-sites/:id/outputs',
    {
      config: { permission: WASTE_OUTPUTS_DECLARE },
      schema: {
        summary: 'Declare (or replace) the sorted, recycled and landfilled volumes of one day',
        tags,
        params: WasteIdParams,
        body: DisposalOutputBody,
        response: { 200: DisposalOutputList, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (q) => declareDisposalOutput(ctx.db, q.principal, q.params.id, q.body),
  );
}
