// HTTP routes of manifests (联单): list, open, detail, whole edit before signing, the workflow
// actions, corrections, discrepancy resolution; and the manifest settings.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DiscrepancyResolutionBody,
  ErrorBody,
  ManifestActionParams,
  ManifestContent,
  ManifestCorrectionBody,
  ManifestDetail,
  ManifestList,
  ManifestListQuery,
  WasteIdParams,
  WasteManifestSettings,
  WorkflowActionBody,
} from '@citygov/contracts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { actorOf } from '../../../platform/auth/principal.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import {
  WASTE_MANIFESTS_SIGN,
  WASTE_MANIFESTS_WRITE,
  WASTE_READ,
  WASTE_SETTINGS_MANAGE,
} from '../waste-permissions.ts';
import { readManifestSettings, writeManifestSettings } from '../waste-settings.ts';
import { requireStaffIn } from '../registry/registry-common.ts';
import { actOnManifest } from './manifest-actions.ts';
import { startCorrection } from './manifest-corrections.ts';
import { createManifest, replaceManifest } from './manifest-create.ts';
import { getManifestDetail, listManifests } from './manifest-view.ts';
import { resolveDiscrepancy } from './discrepancy.ts';

const tags = ['waste manifests'];
const writeErrors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function registerManifestRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.db;

  r.get(
    '/api/waste/manifests',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Manifests (联单) I may see, newest first',
        tags,
        querystring: ManifestListQuery,
        response: { 200: ManifestList, 400: ErrorBody },
      },
    },
    async (q) => listManifests(db, q.principal, q.query),
  );
  r.post(
    '/api/waste/manifests',
    {
      config: { permission: WASTE_MANIFESTS_WRITE },
      schema: {
        summary:
          'Open a manifest under a disposal approval (refused when it expired or ran out of volume)',
        tags,
        body: ManifestContent,
        response: { 201: ManifestDetail, ...writeErrors },
      },
    },
    async (q, reply) => {
      const id = await createManifest(db, q.principal, q.body);
      return reply.status(201).send(await getManifestDetail(db, q.principal, id));
    },
  );
  r.get(
    '/api/waste/manifests/:id',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'One manifest: signatures, versions, state, history and the actions I may take',
        tags,
        params: WasteIdParams,
        response: { 200: ManifestDetail, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (q) => getManifestDetail(db, q.principal, q.params.id),
  );
  r.put(
    '/api/waste/manifests/:id',
    {
      config: { permission: WASTE_MANIFESTS_WRITE },
      schema: {
        summary: 'Replace the whole manifest (only before the first signature)',
        tags,
        params: WasteIdParams,
        body: ManifestContent,
        response: { 200: ManifestDetail, ...writeErrors },
      },
    },
    async (q) => {
      await replaceManifest(db, q.principal, q.params.id, q.body);
      return getManifestDetail(db, q.principal, q.params.id);
    },
  );
  r.post(
    '/api/waste/manifests/:id/actions/:action',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary:
          'Take a step: submit, sign_departure, sign_pickup, arrive, sign_receipt {volumeM3, wasteType?}, reject_to_alternate, reject_return, sign_return, cancel, accept_correction, revert_correction',
        tags,
        params: ManifestActionParams,
        body: WorkflowActionBody,
        response: { 200: ManifestDetail, ...writeErrors },
      },
    },
    async (q) => {
      await actOnManifest(db, q.principal, q.params.id, q.params.action, q.body);
      return getManifestDetail(db, q.principal, q.params.id);
    },
  );
  r.post(
    '/api/waste/manifests/:id/corrections',
    {
      config: { permission: WASTE_MANIFESTS_SIGN },
      schema: {
        summary:
          'Open a correction after signing: a new version of the whole manifest, accepted or reverted later',
        tags,
        params: WasteIdParams,
        body: ManifestCorrectionBody,
        response: { 200: ManifestDetail, ...writeErrors },
      },
    },
    async (q) => {
      await startCorrection(db, q.principal, q.params.id, q.body);
      return getManifestDetail(db, q.principal, q.params.id);
    },
  );
  r.post(
    '/api/waste/manifests/:id/discrepancy/resolve',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Record how a quantity or type discrepancy was resolved',
        tags,
        params: WasteIdParams,
        body: DiscrepancyResolutionBody,
        response: { 200: ManifestDetail, ...writeErrors },
      },
    },
    async (q) => {
      await resolveDiscrepancy(db, q.principal, q.params.id, q.body.resolution);
      return getManifestDetail(db, q.principal, q.params.id);
    },
  );

  r.get(
    '/api/waste/settings',
    {
      config: { permission: WASTE_READ },
      schema: {
        summary: 'Manifest rules: discrepancy threshold and escalation days',
        tags,
        response: { 200: WasteManifestSettings },
      },
    },
    async () => readManifestSettings(db),
  );
  r.put(
    '/api/waste/settings',
    {
      config: { permission: WASTE_SETTINGS_MANAGE },
      schema: {
        summary: 'Change the manifest rules (city-wide)',
        tags,
        body: WasteManifestSettings,
        response: { 200: WasteManifestSettings, 403: ErrorBody },
      },
    },
    async (q) => {
      requireStaffIn(q.principal, WASTE_SETTINGS_MANAGE, '500000');
      await inTransaction(db, async (trx) => {
        const before = await readManifestSettings(trx);
        await writeManifestSettings(trx, q.body);
        await appendAudit(trx, {
          actor: actorOf(q.principal),
          action: 'waste.settings.update',
          subjectType: 'settings',
          subjectId: 'waste.manifests',
          regionCode: '500000',
          data: { before, after: q.body },
        });
      });
      return readManifestSettings(db);
    },
  );
}
