// HTTP routes of the city-management foundations: grids, classification, components.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CategoryCodeParams,
  CategoryList,
  CategoryListQuery,
  CategoryView,
  ComponentFeatureCollection,
  ComponentIdParams,
  ComponentListQuery,
  ComponentView,
  ErrorBody,
  GridCodeParams,
  GridDetail,
  GridFeatureCollection,
  GridImportBody,
  GridImportQuery,
  GridImportResult,
  GridListQuery,
  GridLookupQuery,
  GridLookupResult,
  UpdateCategoryBody,
} from '@citygov/contracts';
import type { AppContext } from '../../platform/http/context.ts';
import { getCategory, listCategories, updateCategory } from './categories.ts';
import { getComponent, listComponentsInBbox } from './components.ts';
import { getGridDetail, listGridsInBbox, lookupGrid, parseBbox } from './grids.ts';
import { GRIDS_MANAGE, importGrids } from './grid-import.ts';

const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

export function registerCasesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // Grids are public reference geography: the report form and the command-centre map draw them.
  r.get(
    '/api/grids',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Unit grids in a map box, as a GeoJSON FeatureCollection',
        tags: ['grids'],
        querystring: GridListQuery,
        response: { 200: GridFeatureCollection, 400: ErrorBody },
      },
    },
    async (request) =>
      listGridsInBbox(ctx.db, parseBbox(request.query.bbox), request.query.limit ?? 2000),
  );

  r.get(
    '/api/grids/lookup',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The unit grid of a point (WGS-84); the nearest within the tolerance otherwise',
        tags: ['grids'],
        querystring: GridLookupQuery,
        response: { 200: GridLookupResult, 400: ErrorBody },
      },
    },
    async (request) => {
      const { lat, lon, toleranceM } = request.query;
      return lookupGrid(
        ctx.db,
        { lat, lon },
        { field: 'lat,lon', ...(toleranceM !== undefined && { toleranceM }) },
      );
    },
  );

  r.get(
    '/api/grids/:code',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'One unit grid: polygon, area, centroid, component count',
        tags: ['grids'],
        params: GridCodeParams,
        response: { 200: GridDetail, 404: ErrorBody },
      },
    },
    async (request) => getGridDetail(ctx.db, request.params.code),
  );

  r.post(
    '/api/admin/grids/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { permission: GRIDS_MANAGE },
      schema: {
        summary:
          'Import unit grids from a GeoJSON FeatureCollection; every bad feature is reported',
        tags: ['grids', 'admin'],
        querystring: GridImportQuery,
        body: GridImportBody,
        response: { 200: GridImportResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) =>
      importGrids(ctx.db, request.principal, request.body, {
        isDryRun: request.query.dryRun ?? false,
      }),
  );

  r.get(
    '/api/cases/categories',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The classification of components and events, for the report form',
        tags: ['cases'],
        querystring: CategoryListQuery,
        response: { 200: CategoryList },
      },
    },
    async (request) => listCategories(ctx.db, request.query),
  );

  r.get(
    '/api/cases/categories/:code',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'One minor class with its department, urgency levels and time limits',
        tags: ['cases'],
        params: CategoryCodeParams,
        response: { 200: CategoryView, 404: ErrorBody },
      },
    },
    async (request) => getCategory(ctx.db, request.params.code),
  );

  r.put(
    '/api/admin/cases/categories/:code',
    {
      config: { permission: 'categories:manage' },
      schema: {
        summary: 'Edit a minor class: names, department, case kind, urgency levels and limits',
        tags: ['cases', 'admin'],
        params: CategoryCodeParams,
        body: UpdateCategoryBody,
        response: { 200: CategoryView, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => updateCategory(ctx.db, request.principal, request.params.code, request.body),
  );

  r.get(
    '/api/components',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Components (部件) in a map box, as a GeoJSON FeatureCollection of points',
        description: 'Cameras and other restricted classes only for staff with components:read.',
        tags: ['components'],
        querystring: ComponentListQuery,
        response: { 200: ComponentFeatureCollection, 400: ErrorBody },
      },
    },
    async (request) =>
      listComponentsInBbox(ctx.db, request.principal, parseBbox(request.query.bbox), {
        ...(request.query.category && { category: request.query.category }),
        ...(request.query.status && { status: request.query.status }),
        limit: request.query.limit ?? 2000,
      }),
  );

  r.get(
    '/api/components/:id',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'One component with its attributes',
        tags: ['components'],
        params: ComponentIdParams,
        response: { 200: ComponentView, 404: ErrorBody },
      },
    },
    async (request) => getComponent(ctx.db, request.principal, request.params.id),
  );
}
