// HTTP routes of the registry: companies, trucks, drivers, construction sites, disposal sites,
// routes, the accounts acting for them. Each kind: list, one, create, replace (PUT).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ConstructionSiteBody,
  ConstructionSiteList,
  ConstructionSiteView,
  DisposalSiteBody,
  DisposalSiteList,
  DisposalSiteView,
  ErrorBody,
  WasteCompanyBody,
  WasteCompanyList,
  WasteCompanyView,
  WasteDriverBody,
  WasteDriverList,
  WasteDriverUpdateBody,
  WasteDriverView,
  WasteIdParams,
  WasteListQuery,
  WasteMyParties,
  WastePartyMemberBody,
  WastePartyMemberList,
  WastePartyParams,
  WasteRouteBody,
  WasteRouteList,
  WasteRouteView,
  WasteTruckBody,
  WasteTruckList,
  WasteTruckView,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { WASTE_FLEET_MANAGE, WASTE_READ, WASTE_REGISTRY_MANAGE } from '../waste-permissions.ts';
import { createCompany, getCompany, listCompanies, updateCompany } from './companies.ts';
import {
  createConstructionSite,
  getConstructionSite,
  listConstructionSites,
  updateConstructionSite,
} from './construction-sites.ts';
import {
  createDisposalSite,
  getDisposalSite,
  listDisposalSites,
  updateDisposalSite,
} from './disposal-sites.ts';
import { createDriver, getDriver, listDrivers, updateDriver } from './drivers.ts';
import { listMyParties, listPartyMembers, setPartyMember } from './party-members.ts';
import { createRoute, getRoute, listRoutes, updateRoute } from './transport-routes.ts';
import { createTruck, getTruck, listTrucks, updateTruck } from './trucks.ts';

const tags = ['waste registry'];
const readErrors = { 400: ErrorBody, 404: ErrorBody };
const writeErrors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function registerRegistryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.db;

  // ---- transport companies ----
  r.get(
    '/api/waste/companies',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Transport companies',
        tags,
        querystring: WasteListQuery,
        response: { 200: WasteCompanyList, 400: ErrorBody },
      },
    },
    async (q) => listCompanies(db, q.principal, q.query),
  );
  r.get(
    '/api/waste/companies/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One transport company',
        tags,
        params: WasteIdParams,
        response: { 200: WasteCompanyView, ...readErrors },
      },
    },
    async (q) => getCompany(db, q.principal, q.params.id),
  );
  r.post(
    '/api/waste/companies',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Register a transport company',
        tags,
        body: WasteCompanyBody,
        response: { 201: WasteCompanyView, ...writeErrors },
      },
    },
    async (q, reply) => reply.status(201).send(await createCompany(db, q.principal, q.body)),
  );
  r.put(
    '/api/waste/companies/:id',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Replace a transport company',
        tags,
        params: WasteIdParams,
        body: WasteCompanyBody,
        response: { 200: WasteCompanyView, ...writeErrors },
      },
    },
    async (q) => updateCompany(db, q.principal, q.params.id, q.body),
  );

  // ---- trucks ----
  r.get(
    '/api/waste/trucks',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Muck trucks with their JT/T 808 terminals',
        tags,
        querystring: WasteListQuery,
        response: { 200: WasteTruckList, 400: ErrorBody },
      },
    },
    async (q) => listTrucks(db, q.principal, q.query),
  );
  r.get(
    '/api/waste/trucks/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One truck',
        tags,
        params: WasteIdParams,
        response: { 200: WasteTruckView, ...readErrors },
      },
    },
    async (q) => getTruck(db, q.principal, q.params.id),
  );
  r.post(
    '/api/waste/trucks',
    {
      config: { permission: WASTE_FLEET_MANAGE },
      schema: {
        summary: 'Register a truck of a company (its office or city staff)',
        tags,
        body: WasteTruckBody,
        response: { 201: WasteTruckView, ...writeErrors },
      },
    },
    async (q, reply) => reply.status(201).send(await createTruck(db, q.principal, q.body)),
  );
  r.put(
    '/api/waste/trucks/:id',
    {
      config: { permission: WASTE_FLEET_MANAGE },
      schema: {
        summary: 'Replace a truck',
        tags,
        params: WasteIdParams,
        body: WasteTruckBody,
        response: { 200: WasteTruckView, ...writeErrors },
      },
    },
    async (q) => updateTruck(db, q.principal, q.params.id, q.body),
  );

  // ---- drivers ----
  r.get(
    '/api/waste/drivers',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Drivers (ID and phone masked)',
        tags,
        querystring: WasteListQuery,
        response: { 200: WasteDriverList, 400: ErrorBody },
      },
    },
    async (q) => listDrivers(db, q.principal, q.query),
  );
  r.get(
    '/api/waste/drivers/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One driver (ID and phone masked)',
        tags,
        params: WasteIdParams,
        response: { 200: WasteDriverView, ...readErrors },
      },
    },
    async (q) => getDriver(db, q.principal, q.params.id),
  );
  r.post(
    '/api/waste/drivers',
    {
      config: { permission: WASTE_FLEET_MANAGE },
      schema: {
        summary: 'Register a driver of a company',
        tags,
        body: WasteDriverBody,
        response: { 201: WasteDriverView, ...writeErrors },
      },
    },
    async (q, reply) =>
      reply.status(201).send(await createDriver(db, ctx.cipher, q.principal, q.body)),
  );
  r.put(
    '/api/waste/drivers/:id',
    {
      config: { permission: WASTE_FLEET_MANAGE },
      schema: {
        summary: 'Change a driver (name, phone, status)',
        tags,
        params: WasteIdParams,
        body: WasteDriverUpdateBody,
        response: { 200: WasteDriverView, ...writeErrors },
      },
    },
    async (q) => updateDriver(db, ctx.cipher, q.principal, q.params.id, q.body),
  );

  // ---- construction sites ----
  r.get(
    '/api/waste/sites',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Construction sites (产废单位) with fences',
        tags,
        querystring: WasteListQuery,
        response: { 200: ConstructionSiteList, 400: ErrorBody },
      },
    },
    async (q) => listConstructionSites(db, q.principal, q.query),
  );
  r.get(
    '/api/waste/sites/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One construction site',
        tags,
        params: WasteIdParams,
        response: { 200: ConstructionSiteView, ...readErrors },
      },
    },
    async (q) => getConstructionSite(db, q.principal, q.params.id),
  );
  r.post(
    '/api/waste/sites',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Register a construction site and its fence',
        tags,
        body: ConstructionSiteBody,
        response: { 201: ConstructionSiteView, ...writeErrors },
      },
    },
    async (q, reply) =>
      reply.status(201).send(await createConstructionSite(db, q.principal, q.body)),
  );
  r.put(
    '/api/waste/sites/:id',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Replace a construction site',
        tags,
        params: WasteIdParams,
        body: ConstructionSiteBody,
        response: { 200: ConstructionSiteView, ...writeErrors },
      },
    },
    async (q) => updateConstructionSite(db, q.principal, q.params.id, q.body),
  );

  // ---- disposal sites ----
  r.get(
    '/api/waste/disposal-sites',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Disposal sites (消纳场 / 资源化利用厂) with fences',
        tags,
        querystring: WasteListQuery,
        response: { 200: DisposalSiteList, 400: ErrorBody },
      },
    },
    async (q) => listDisposalSites(db, q.principal, q.query),
  );
  r.get(
    '/api/waste/disposal-sites/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One disposal site',
        tags,
        params: WasteIdParams,
        response: { 200: DisposalSiteView, ...readErrors },
      },
    },
    async (q) => getDisposalSite(db, q.principal, q.params.id),
  );
  r.post(
    '/api/waste/disposal-sites',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Register a disposal site, its capacity and fence',
        tags,
        body: DisposalSiteBody,
        response: { 201: DisposalSiteView, ...writeErrors },
      },
    },
    async (q, reply) => reply.status(201).send(await createDisposalSite(db, q.principal, q.body)),
  );
  r.put(
    '/api/waste/disposal-sites/:id',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Replace a disposal site',
        tags,
        params: WasteIdParams,
        body: DisposalSiteBody,
        response: { 200: DisposalSiteView, ...writeErrors },
      },
    },
    async (q) => updateDisposalSite(db, q.principal, q.params.id, q.body),
  );

  // ---- routes ----
  r.get(
    '/api/waste/routes',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Transport routes with their corridors',
        tags,
        querystring: WasteListQuery,
        response: { 200: WasteRouteList, 400: ErrorBody },
      },
    },
    async (q) => listRoutes(db, q.principal, q.query),
  );
  r.get(
    '/api/waste/routes/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One transport route',
        tags,
        params: WasteIdParams,
        response: { 200: WasteRouteView, ...readErrors },
      },
    },
    async (q) => getRoute(db, q.principal, q.params.id),
  );
  r.post(
    '/api/waste/routes',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Register a route (polyline and corridor) from a site to a disposal site',
        tags,
        body: WasteRouteBody,
        response: { 201: WasteRouteView, ...writeErrors },
      },
    },
    async (q, reply) => reply.status(201).send(await createRoute(db, q.principal, q.body)),
  );
  r.put(
    '/api/waste/routes/:id',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Replace a transport route',
        tags,
        params: WasteIdParams,
        body: WasteRouteBody,
        response: { 200: WasteRouteView, ...writeErrors },
      },
    },
    async (q) => updateRoute(db, q.principal, q.params.id, q.body),
  );

  // ---- accounts acting for an organisation ----
  r.get(
    '/api/waste/parties/:kind/:id/members',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Accounts acting for a site, company or disposal site',
        tags,
        params: WastePartyParams,
        response: { 200: WastePartyMemberList, ...writeErrors },
      },
    },
    async (q) => listPartyMembers(db, q.principal, q.params.kind, q.params.id),
  );
  r.post(
    '/api/waste/parties/:kind/:id/members',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Let an account act for a site, company or disposal site',
        tags,
        params: WastePartyParams,
        body: WastePartyMemberBody,
        response: { 200: WastePartyMemberList, ...writeErrors },
      },
    },
    async (q) => setPartyMember(db, q.principal, q.params.kind, q.params.id, q.body.username, true),
  );
  r.delete(
    '/api/waste/parties/:kind/:id/members/:username',
    {
      config: { permission: WASTE_REGISTRY_MANAGE },
      schema: {
        summary: 'Stop an account acting for a site, company or disposal site',
        tags,
        params: Type.Object(
          {
            ...WastePartyParams.properties,
            username: Type.String({ minLength: 1, maxLength: 64 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: WastePartyMemberList, ...writeErrors },
      },
    },
    async (q) =>
      setPartyMember(db, q.principal, q.params.kind, q.params.id, q.params.username, false),
  );
  r.get(
    '/api/waste/me/parties',
    {
      config: { permission: WASTE_READ },
      schema: { summary: 'The organisations I act for', tags, response: { 200: WasteMyParties } },
    },
    async (q) => listMyParties(db, q.principal),
  );
}
