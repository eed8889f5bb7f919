// 一件事一次办 over HTTP: the bundles (public), applying for one, and following the parent.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BundleApplicationList,
  BundleApplicationView,
  BundleCodeParams,
  BundleDetail,
  BundleList,
  CreateBundleApplicationBody,
  ErrorBody,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { SUBMIT_APPLICATIONS } from '../applications/application-access.ts';
import { describeBundle, summarizeBundle } from './bundle-merge.ts';
import { loadBundles } from './bundle-repository.ts';
import { listMyBundleApplications, viewBundleApplication } from './bundle-applications.ts';
import { submitBundle } from './submit-bundle.ts';

const Id = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const tags = ['bundles'];

export function registerBundleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/services/bundles',
    {
      config: { permission: 'public' },
      schema: {
        summary: '一件事一次办: the bundles of items applied for together, with what each saves',
        tags,
        response: { 200: BundleList },
      },
    },
    async () => ({
      items: (await loadBundles(ctx.db))
        .filter((b) => b.isComplete)
        .map((b) => summarizeBundle(b.spec, b.members)),
    }),
  );

  r.get(
    '/api/services/bundles/:code',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'A bundle: its members, the merged form (each shared field once) and materials',
        tags,
        params: BundleCodeParams,
        response: { 200: BundleDetail, 404: ErrorBody },
      },
    },
    async (request) => {
      const [bundle] = await loadBundles(ctx.db, request.params.code);
      if (!bundle?.isComplete) throw notFound('Bundle', request.params.code);
      return describeBundle(bundle.spec, bundle.members);
    },
  );

  r.post(
    '/api/services/bundles/:code/applications',
    {
      config: { permission: SUBMIT_APPLICATIONS },
      schema: {
        summary:
          'Apply for a bundle: one submission creates every member application and the parent to follow (all or nothing)',
        tags,
        params: BundleCodeParams,
        body: CreateBundleApplicationBody,
        response: {
          201: BundleApplicationView,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await submitBundle(ctx, request.principal, request.params.code, request.body)),
  );

  r.get(
    '/api/services/bundle-applications',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'My bundle applications (一件事), newest first, with their progress',
        tags,
        response: { 200: BundleApplicationList },
      },
    },
    async (request) => listMyBundleApplications(ctx.db, request.principal),
  );

  r.get(
    '/api/services/bundle-applications/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary:
          "A bundle application: every member's state in its department, refusals with their reasons",
        tags,
        params: Type.Object({ id: Id }),
        response: { 200: BundleApplicationView, 404: ErrorBody },
      },
    },
    async (request) => {
      const id = Number(request.params.id);
      const view = await viewBundleApplication(ctx.db, request.principal, id);
      if (!view) throw notFound('Bundle application', id);
      return view;
    },
  );
}
