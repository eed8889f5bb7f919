// Opening a manifest under a disposal approval, and replacing it whole before the first
// signature. Both reserve the declared volume on the approval in the same transaction, so two
// manifests cannot together exceed what the approval permits.
import type { ManifestContent } from '@citygov/contracts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../../../platform/errors.ts';
import { startInstance } from '../../../platform/workflow/index.ts';
import { accessOf, actsFor } from '../party-access.ts';
import { beijingDay } from '../registry/approval-rules.ts';
import { WASTE_MANIFESTS_WRITE } from '../waste-permissions.ts';
import { canSeeManifest, readAccessOf } from './manifest-access.ts';
import {
  checkContent,
  contentColumns,
  contentOfRow,
  lockApproval,
  reserveVolume,
} from './manifest-content.ts';
import {
  insertCurrentVersion,
  lastVersionNumber,
  lockManifest,
  nextManifestNo,
} from './manifest-repository.ts';
import { MANIFEST_SUBJECT, manifestWorkflow } from './manifest-workflow.ts';

export interface ActOptions {
  /** The server's clock (tests and the demo seed set it). */
  now?: Date;
}

/** Opens a manifest (state draft) as the construction site of the approval; returns its id. */
export async function createManifest(
  db: Db,
  principal: Principal,
  content: ManifestContent,
  options: ActOptions = {},
): Promise<number> {
  const now = options.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const approval = await lockApproval(trx, content.approvalId);
    if (!approval)
      throw invalid('approvalId', `disposal approval ${content.approvalId} does not exist`);
    const access = await accessOf(trx, principal, WASTE_MANIFESTS_WRITE);
    if (!actsFor(access, 'construction_site', approval.construction_site_id)) {
      throw forbidden('Only the construction site of the approval may open its manifests');
    }
    const checked = await checkContent(trx, content, approval, {
      day: beijingDay(now),
      volumeDelta: content.declaredVolumeM3,
    });
    await reserveVolume(trx, approval.id, checked.declaredVolumeM3);
    const manifestNo = await nextManifestNo(trx, approval.region_code, now);
    const row = await trx
      .insertInto('waste_manifests')
      .values({
        region_code: approval.region_code,
        manifest_no: manifestNo,
        construction_site_id: approval.construction_site_id,
        ...contentColumns(checked),
        status: 'draft',
        created_by: principal.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const manifest = { id: row.id, region_code: approval.region_code };
    await insertCurrentVersion(
      trx,
      manifest,
      {
        version: 1,
        kind: 'original',
        content: { ...checked },
        reason: null,
        userId: principal.userId,
      },
      now,
    );
    await startInstance(trx, {
      definition: manifestWorkflow,
      subjectType: MANIFEST_SUBJECT,
      subjectId: row.id,
      regionCode: approval.region_code,
      ownerUserId: principal.userId,
      actor: actorOf(principal),
      data: { manifestNo },
      now,
    });
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'waste.manifest.create',
      subjectType: MANIFEST_SUBJECT,
      subjectId: row.id,
      regionCode: approval.region_code,
      data: { manifestNo, content: checked },
    });
    return row.id;
  });
}

/**
 * Replaces the whole content before the first signature (DOMAIN.md: edits replace the whole
 * manifest); afterwards the answer is 409 and a correction is the way.
 */
export async function replaceManifest(
  db: Db,
  principal: Principal,
  id: number,
  content: ManifestContent,
  options: ActOptions = {},
): Promise<void> {
  const now = options.now ?? new Date();
  await inTransaction(db, async (trx) => {
    const current = await lockManifest(trx, id);
    if (!current || !canSeeManifest(await readAccessOf(trx, principal), current)) {
      throw notFound('manifest', id);
    }
    const access = await accessOf(trx, principal, WASTE_MANIFESTS_WRITE);
    if (!actsFor(access, 'construction_site', current.construction_site_id)) {
      throw forbidden('Only the construction site may edit its manifest');
    }
    if (current.is_locked || !['draft', 'pending'].includes(current.status)) {
      throw new AppError(
        'state_conflict',
        `Manifest ${current.manifest_no} has been signed: open a correction instead of editing it`,
        { state: current.status, reason: 'manifest_signed' },
      );
    }
    const sameApproval = content.approvalId === current.approval_id;
    const approval = await lockApproval(trx, content.approvalId);
    if (!approval || approval.construction_site_id !== current.construction_site_id) {
      throw invalid('approvalId', `approval ${content.approvalId} is not an approval of this site`);
    }
    if (!sameApproval) await reserveVolume(trx, current.approval_id, -current.declared_volume_m3);
    const delta = sameApproval
      ? content.declaredVolumeM3 - current.declared_volume_m3
      : content.declaredVolumeM3;
    const checked = await checkContent(trx, content, approval, {
      day: beijingDay(now),
      volumeDelta: delta,
    });
    await reserveVolume(trx, approval.id, delta);
    const version = (await lastVersionNumber(trx, id)) + 1;
    await trx
      .updateTable('waste_manifests')
      .set({ ...contentColumns(checked), version, updated_at: now })
      .where('id', '=', id)
      .execute();
    await insertCurrentVersion(
      trx,
      current,
      { version, kind: 'edit', content: { ...checked }, reason: null, userId: principal.userId },
      now,
    );
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'waste.manifest.edit',
      subjectType: MANIFEST_SUBJECT,
      subjectId: id,
      regionCode: current.region_code,
      data: { version, before: contentOfRow(current), after: checked },
    });
  });
}
