// HTTP routes of the waste monitoring: violations, the live vehicles layer, fence events,
// checkpoints and their cameras' plate events, and the thresholds.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateWasteCheckpointBody,
  ErrorBody,
  LiveVehicles,
  LiveVehiclesQuery,
  PlateEventBody,
  PlateEventResult,
  WasteCheckpoint,
  WasteCheckpointList,
  WasteFenceEventList,
  WasteFenceEventQuery,
  WasteMonitoringSettings,
  WasteViolationDetail,
  WasteViolationIdParams,
  WasteViolationList,
  WasteViolationListQuery,
} from '@citygov/contracts';
import { actorOf, can } from '../../../platform/auth/principal.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { forbidden } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import {
  createCheckpoint,
  listCheckpoints,
  recordPlateEvent,
  WASTE_CHECKPOINTS_MANAGE,
  WASTE_PLATE_EVENTS,
} from './checkpoints.ts';
import { listFenceEvents, listLiveVehicles } from './live-vehicles.ts';
import type { WasteMonitor } from './monitor.ts';
import { MONITORING_SETTINGS_KEY, writeMonitoringSettings } from './monitoring-settings.ts';
import { getViolation, listViolations, WASTE_MONITOR_READ } from './violation-queries.ts';

export const WASTE_MONITORING_SETTINGS = 'waste:monitoring-settings';

export function registerMonitoringRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  monitor: WasteMonitor,
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['waste-monitoring'];

  r.get(
    '/api/waste/violations',
    {
      config: { permission: WASTE_MONITOR_READ },
      schema: {
        summary: 'Construction-waste violations in my regions, newest first, with filters',
        tags,
        querystring: WasteViolationListQuery,
        response: { 200: WasteViolationList, 400: ErrorBody },
      },
    },
    async (request) => listViolations(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/waste/violations/:id',
    {
      config: { permission: WASTE_MONITOR_READ },
      schema: {
        summary: 'One violation with its evidence (positions, times, facts) and its case',
        tags,
        params: WasteViolationIdParams,
        response: { 200: WasteViolationDetail, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getViolation(ctx.db, request.principal, request.params.id),
  );

  r.get(
    '/api/waste/vehicles/live',
    {
      config: { permission: WASTE_MONITOR_READ },
      schema: {
        summary:
          'Waste trucks at their latest positions (GeoJSON, WGS-84) with company, load, manifest and ongoing violations',
        tags,
        querystring: LiveVehiclesQuery,
        response: { 200: LiveVehicles, 400: ErrorBody },
      },
    },
    async (request) => listLiveVehicles(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/waste/fence-events',
    {
      config: { permission: WASTE_MONITOR_READ },
      schema: {
        summary: 'Trucks entering and leaving construction and disposal sites, newest first',
        tags,
        querystring: WasteFenceEventQuery,
        response: { 200: WasteFenceEventList, 400: ErrorBody },
      },
    },
    async (request) => listFenceEvents(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/waste/checkpoints',
    {
      config: { permission: WASTE_MONITOR_READ },
      schema: {
        summary: 'Checkpoints with plate cameras in my regions',
        tags,
        response: { 200: WasteCheckpointList },
      },
    },
    async (request) => listCheckpoints(ctx.db, request.principal),
  );

  r.post(
    '/api/waste/checkpoints',
    {
      config: { permission: WASTE_CHECKPOINTS_MANAGE },
      schema: {
        summary: 'Add a checkpoint (its code is the device id of its camera API key)',
        tags,
        body: CreateWasteCheckpointBody,
        response: { 201: WasteCheckpoint, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCheckpoint(ctx.db, request.principal, request.body)),
  );

  r.post(
    '/api/waste/checkpoints/:id/plate-events',
    {
      config: { permission: WASTE_PLATE_EVENTS },
      schema: {
        summary:
          'A checkpoint camera reports a plate (API key only); a waste truck with no open manifest is a violation',
        tags,
        params: WasteViolationIdParams,
        body: PlateEventBody,
        response: {
          200: PlateEventResult,
          201: PlateEventResult,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const outcome = await recordPlateEvent(
        ctx.db,
        request.principal,
        request.params.id,
        request.body,
        { minConfidence: monitor.settings.current.source.plateMinConfidence },
      );
      if (
        outcome.violation !== null &&
        monitor.settings.current.caseRules.has(outcome.violation.rule)
      ) {
        monitor.writer.queueCase(outcome.violation);
      }
      return reply.status(outcome.result.isDuplicate ? 200 : 201).send(outcome.result);
    },
  );

  r.get(
    '/api/waste/monitoring/settings',
    {
      config: { permission: WASTE_MONITOR_READ },
      schema: {
        summary: 'The thresholds the violation rules use',
        tags,
        response: { 200: WasteMonitoringSettings },
      },
    },
    async () => (await monitor.settings.refresh(ctx.db)).source,
  );

  r.put(
    '/api/waste/monitoring/settings',
    {
      config: { permission: WASTE_MONITORING_SETTINGS },
      schema: {
        summary: 'Change the thresholds (city-wide); every process applies them within a minute',
        tags,
        body: WasteMonitoringSettings,
        response: { 200: WasteMonitoringSettings, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      // The thresholds apply to the whole city: only a city-level grant may change them.
      if (!can(request.principal, WASTE_MONITORING_SETTINGS, { regionCode: '500000' })) {
        throw forbidden('Only a city-level administrator may change the monitoring thresholds');
      }
      const settings = request.body;
      await inTransaction(ctx.db, async (trx) => {
        await writeMonitoringSettings(trx, settings);
        await appendAudit(trx, {
          actor: actorOf(request.principal),
          action: 'waste.monitoring.settings.changed',
          subjectType: 'setting',
          subjectId: MONITORING_SETTINGS_KEY,
          regionCode: '500000',
          data: { settings },
        });
      });
      monitor.settings.set(settings);
      return settings;
    },
  );
}
