// HTTP routes of the telematics module: vehicles, tracks, latest positions, batch ingestion.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateVehicleBody,
  ErrorBody,
  ForwardedPositionBatch,
  LatestPositionsQuery,
  PositionIngestResult,
  VehicleIdParams,
  VehicleList,
  VehicleListQuery,
  VehiclePositionFeatureCollection,
  VehicleTrack,
  VehicleTrackQuery,
  VehicleView,
} from '@citygov/contracts';
import type { AppContext } from '../../platform/http/context.ts';
import { ingestForwardedPositions, TELEMATICS_INGEST } from './ingest.ts';
import type { PositionPipeline } from './position-pipeline.ts';
import type { TelematicsSettings } from './settings.ts';
import { getVehicleTrack, listLatestPositions } from './tracks.ts';
import {
  createVehicle,
  getVehicle,
  listVehicles,
  VEHICLES_MANAGE,
  VEHICLES_READ,
} from './vehicles.ts';

// 5000 positions of about 200 bytes of JSON each.
const INGEST_BODY_LIMIT = 2 * 1024 * 1024;

export function registerTelematicsRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  pipeline: PositionPipeline,
  settings: TelematicsSettings,
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/vehicles',
    {
      config: { permission: VEHICLES_READ },
      schema: {
        summary: 'Vehicles in my regions with their latest positions, by plate',
        tags: ['telematics'],
        querystring: VehicleListQuery,
        response: { 200: VehicleList, 400: ErrorBody },
      },
    },
    async (request) => listVehicles(ctx.db, request.principal, request.query),
  );

  r.post(
    '/api/vehicles',
    {
      config: { permission: VEHICLES_MANAGE },
      schema: {
        summary: 'Register a vehicle and its JT/T 808 terminal',
        tags: ['telematics'],
        body: CreateVehicleBody,
        response: { 201: VehicleView, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createVehicle(ctx.db, request.principal, request.body)),
  );

  r.get(
    '/api/vehicles/positions/latest',
    {
      config: { permission: VEHICLES_READ },
      schema: {
        summary: 'The latest position of every vehicle in a map box, as GeoJSON points (WGS-84)',
        tags: ['telematics'],
        querystring: LatestPositionsQuery,
        response: { 200: VehiclePositionFeatureCollection, 400: ErrorBody },
      },
    },
    async (request) => listLatestPositions(ctx.db, request.principal, request.query),
  );

  r.get(
    '/api/vehicles/:id',
    {
      config: { permission: VEHICLES_READ },
      schema: {
        summary: 'One vehicle with its latest position',
        tags: ['telematics'],
        params: VehicleIdParams,
        response: { 200: VehicleView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getVehicle(ctx.db, request.principal, request.params.id),
  );

  r.get(
    '/api/vehicles/:id/track',
    {
      config: { permission: VEHICLES_READ },
      schema: {
        summary: "A vehicle's positions in a time range of at most 24 hours, by device time",
        tags: ['telematics'],
        params: VehicleIdParams,
        querystring: VehicleTrackQuery,
        response: { 200: VehicleTrack, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getVehicleTrack(ctx.db, request.principal, request.params.id, request.query),
  );

  r.post(
    '/api/telematics/positions',
    {
      bodyLimit: INGEST_BODY_LIMIT,
      config: { permission: TELEMATICS_INGEST },
      schema: {
        summary: 'Store positions forwarded by another platform; refused rows are named',
        tags: ['telematics'],
        body: ForwardedPositionBatch,
        response: { 200: PositionIngestResult, 400: ErrorBody, 403: ErrorBody, 503: ErrorBody },
      },
    },
    async (request) =>
      ingestForwardedPositions(ctx.db, pipeline, request.principal, request.body, settings),
  );
}
