// Licences over HTTP: mine, one, the public verification and key, revocation.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  LicenceList,
  LicenceNumberParams,
  LicencePublicKey,
  LicenceVerification,
  LicenceView,
  RevokeLicenceBody,
} from '@citygov/contracts';
import type { AppContext } from '../../platform/http/context.ts';
import {
  getLicence,
  listMyLicences,
  publicKeyOf,
  REVOKE_LICENCES,
  revokeLicence,
  verifyLicence,
} from './licence-service.ts';
import { signedFieldNames } from './licence-signature.ts';

export function registerLicenceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['licences'];

  r.get(
    '/api/licences',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'My electronic licences (电子证照), as a person or an enterprise',
        tags,
        response: { 200: LicenceList },
      },
    },
    async (request) => ({ items: await listMyLicences(ctx.db, ctx.config, request.principal) }),
  );

  r.get(
    '/api/licences/public-key',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The Ed25519 public key licences are signed with',
        tags,
        response: { 200: LicencePublicKey },
      },
    },
    async () => ({
      algorithm: 'Ed25519' as const,
      ...publicKeyOf(ctx.config),
      signedFields: [...signedFieldNames],
    }),
  );

  r.get(
    '/api/licences/verify/:number',
    {
      config: { permission: 'public' },
      schema: {
        summary:
          'Verify a licence by number (or its QR code): valid, revoked, expired, unknown or invalid; no personal data',
        tags,
        params: LicenceNumberParams,
        response: { 200: LicenceVerification, 400: ErrorBody },
      },
    },
    async (request) => verifyLicence(ctx.db, ctx.config, request.params.number),
  );

  r.get(
    '/api/licences/:number',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary:
          'One licence: for its holder, or staff who may read licences of the issuing agency',
        tags,
        params: LicenceNumberParams,
        response: { 200: LicenceView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getLicence(ctx.db, ctx.config, request.principal, request.params.number),
  );

  r.post(
    '/api/licences/:number/revoke',
    {
      config: { permission: REVOKE_LICENCES },
      schema: {
        summary: 'Revoke a licence (the issuing department’s approver), with the reason; audited',
        tags,
        params: LicenceNumberParams,
        body: RevokeLicenceBody,
        response: {
          200: LicenceView,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request) =>
      revokeLicence(
        ctx.db,
        ctx.config,
        request.principal,
        request.params.number,
        request.body.reason,
      ),
  );
}
