// Corrections after signing (DOMAIN.md): each is a new version of the whole manifest, one open
// at a time; accepting it makes it current (content, received figures, discrepancy and the
// approval's volume follow), reverting it leaves the manifest as it was.
import type { ManifestCorrectionBody } from '@citygov/contracts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { performAction } from '../../../platform/workflow/index.ts';
import { beijingDay } from '../registry/approval-rules.ts';
import { canSeeManifest, readAccessOf, requireActingParty } from './manifest-access.ts';
import {
  checkContent,
  contentColumns,
  contentOfRow,
  lockApproval,
  reserveVolume,
  type CheckedContent,
} from './manifest-content.ts';
import { lastVersionNumber, lockManifest, type LockedManifest } from './manifest-repository.ts';
import { discrepancyColumns } from './discrepancy.ts';
import { MANIFEST_SUBJECT } from './manifest-workflow.ts';
import type { ActOptions } from './manifest-create.ts';

interface CorrectionContent extends CheckedContent {
  receivedVolumeM3: number | null;
  receivedWasteType: string | null;
}

/** Opens a correction: a new version with the whole corrected content, pending acceptance. */
export async function startCorrection(
  db: Db,
  principal: Principal,
  id: number,
  body: ManifestCorrectionBody,
  options: ActOptions = {},
): Promise<void> {
  const now = options.now ?? new Date();
  await inTransaction(db, async (trx) => {
    const m = await lockManifest(trx, id);
    if (!m || !canSeeManifest(await readAccessOf(trx, principal), m))
      throw notFound('manifest', id);
    await requireActingParty(trx, principal, 'start_correction', m);
    if (body.content.approvalId !== m.approval_id) {
      throw invalid('content.approvalId', 'A correction keeps the manifest under its approval');
    }
    const approval = await lockApproval(trx, m.approval_id);
    if (!approval) throw notFound('disposal approval', m.approval_id);
    // After the fact: the approval's dates no longer matter, its volume still does.
    const checked = await checkContent(trx, body.content, approval, {
      day: beijingDay(now),
      volumeDelta: body.content.declaredVolumeM3 - m.declared_volume_m3,
      ignoreValidity: true,
    });
    const content: CorrectionContent = {
      ...checked,
      receivedVolumeM3: body.receivedVolumeM3 ?? m.received_volume_m3,
      receivedWasteType: body.receivedWasteType ?? m.received_waste_type,
    };
    const version = (await lastVersionNumber(trx, id)) + 1;
    // The engine refuses a second correction (state under_correction) before anything is written.
    await performAction(trx, {
      ref: { subjectType: MANIFEST_SUBJECT, subjectId: String(id) },
      action: 'start_correction',
      principal,
      note: body.reason,
      now,
    });
    await trx
      .insertInto('waste_manifest_versions')
      .values({
        manifest_id: id,
        version,
        region_code: m.region_code,
        kind: 'correction',
        status: 'open',
        content: JSON.stringify(content),
        reason: body.reason.trim(),
        created_by: principal.userId,
        created_at: now,
      })
      .execute();
    await trx
      .updateTable('waste_manifests')
      .set({ status: 'under_correction', updated_at: now })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'waste.manifest.correction_open',
      subjectType: MANIFEST_SUBJECT,
      subjectId: id,
      regionCode: m.region_code,
      data: { version, reason: body.reason.trim(), before: contentOfRow(m), after: content },
    });
  });
}

async function openCorrection(trx: Db, manifestId: number) {
  const row = await trx
    .selectFrom('waste_manifest_versions')
    .select(['version', 'content'])
    .where('manifest_id', '=', manifestId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (!row) {
    throw new AppError('state_conflict', 'The manifest has no open correction', {
      reason: 'no_open_correction',
    });
  }
  return { version: row.version, content: row.content as unknown as CorrectionContent };
}

/** Makes the open correction current; returns the manifest columns it changes. */
export async function applyOpenCorrection(
  trx: Db,
  principal: Principal,
  m: LockedManifest,
  now: Date,
): Promise<Record<string, unknown>> {
  const open = await openCorrection(trx, m.id);
  const c = open.content;
  const approval = await lockApproval(trx, m.approval_id);
  if (!approval) throw notFound('disposal approval', m.approval_id);
  // Checked again: the registry or the approval may have changed while it was open.
  const checked = await checkContent(trx, c, approval, {
    day: beijingDay(now),
    volumeDelta: c.declaredVolumeM3 - m.declared_volume_m3,
    ignoreValidity: true,
  });
  await reserveVolume(trx, m.approval_id, c.declaredVolumeM3 - m.declared_volume_m3);
  await trx
    .updateTable('waste_manifest_versions')
    .set({ status: 'superseded', closed_at: now })
    .where('manifest_id', '=', m.id)
    .where('status', '=', 'current')
    .execute();
  await trx
    .updateTable('waste_manifest_versions')
    .set({ status: 'current', closed_at: null })
    .where('manifest_id', '=', m.id)
    .where('version', '=', open.version)
    .execute();
  await appendAudit(trx, {
    actor: actorOf(principal),
    action: 'waste.manifest.correction_accept',
    subjectType: MANIFEST_SUBJECT,
    subjectId: m.id,
    regionCode: m.region_code,
    data: { version: open.version },
  });
  // The destination is where the load went, which a correction of the content does not move.
  const columns: Partial<ReturnType<typeof contentColumns>> = contentColumns(checked);
  delete columns.destination_site_id;
  const receivedType = c.receivedWasteType ?? checked.wasteType;
  // The discrepancy is judged again only when a compared figure changed (a resolution stays).
  const isCompared =
    c.receivedVolumeM3 !== null &&
    m.received_volume_m3 !== null &&
    (c.receivedVolumeM3 !== m.received_volume_m3 ||
      receivedType !== m.received_waste_type ||
      checked.declaredVolumeM3 !== m.declared_volume_m3 ||
      checked.wasteType !== m.waste_type);
  const received =
    isCompared && c.receivedVolumeM3 !== null
      ? await discrepancyColumns(
          trx,
          { volumeM3: checked.declaredVolumeM3, wasteType: checked.wasteType },
          { volumeM3: c.receivedVolumeM3, wasteType: receivedType },
        )
      : null;
  return {
    ...columns,
    version: open.version,
    ...(received
      ? {
          received_volume_m3: c.receivedVolumeM3,
          received_waste_type: receivedType,
          ...received.columns,
        }
      : {}),
  };
}

/** Withdraws the open correction; the manifest stays as it was. */
export async function revertOpenCorrection(trx: Db, m: LockedManifest, now: Date) {
  const open = await openCorrection(trx, m.id);
  await trx
    .updateTable('waste_manifest_versions')
    .set({ status: 'reverted', closed_at: now })
    .where('manifest_id', '=', m.id)
    .where('version', '=', open.version)
    .execute();
}
