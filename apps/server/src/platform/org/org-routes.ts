// Divisions are public reference data (GB/T 2260); departments need 'org:read'.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DepartmentList,
  DepartmentListQuery,
  DepartmentParams,
  DepartmentView,
  DivisionDetail,
  DivisionList,
  DivisionListQuery,
  DivisionParams,
  ErrorBody,
} from '@citygov/contracts';
import type { AppContext } from '../http/context.ts';
import { getDepartment, getDivision, listDepartments, listDivisions } from './org-service.ts';

export function registerOrgRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/org/divisions',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Administrative divisions (GB/T 2260): children of a parent, or by level',
        tags: ['org'],
        querystring: DivisionListQuery,
        response: { 200: DivisionList },
      },
    },
    async (request) => ({ items: await listDivisions(ctx.db, request.query) }),
  );

  r.get(
    '/api/org/divisions/:code',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'One division with its ancestors',
        tags: ['org'],
        params: DivisionParams,
        response: { 200: DivisionDetail, 404: ErrorBody },
      },
    },
    async (request) => getDivision(ctx.db, request.params.code),
  );

  r.get(
    '/api/org/departments',
    {
      config: { permission: 'org:read' },
      schema: {
        summary: 'Departments: municipal ones (region 500000) and district counterparts',
        tags: ['org'],
        querystring: DepartmentListQuery,
        response: { 200: DepartmentList },
      },
    },
    async (request) => ({ items: await listDepartments(ctx.db, request.query) }),
  );

  r.get(
    '/api/org/departments/:id',
    {
      config: { permission: 'org:read' },
      schema: {
        summary: 'One department',
        tags: ['org'],
        params: DepartmentParams,
        response: { 200: DepartmentView, 404: ErrorBody },
      },
    },
    async (request) => getDepartment(ctx.db, request.params.id),
  );
}
