// Discrepancies (DOMAIN.md): a received volume more than the configured share (10%) off the
// declared one, or another waste type. Unresolved after the configured days (15) it goes to
// the regulator: the waste officers of the region are told and the manifest is marked.
import type { DiscrepancyKind } from '@citygov/contracts';
import { appendAudit, systemActor } from '../../../platform/audit/ledger.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, forbidden, notFound } from '../../../platform/errors.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import { accessOf, actsFor, isInRegions } from '../party-access.ts';
import { WASTE_DISCREPANCY_RESOLVE, WASTE_MANIFESTS_SIGN } from '../waste-permissions.ts';
import { readManifestSettings } from '../waste-settings.ts';
import { canSeeManifest, readAccessOf } from './manifest-access.ts';
import { lockManifest } from './manifest-repository.ts';
import { MANIFEST_SUBJECT } from './manifest-workflow.ts';

export interface Discrepancy {
  hasDiscrepancy: boolean;
  kinds: DiscrepancyKind[];
  /** (received − declared) / declared. */
  ratio: number;
}

/** Compares what was received with what was declared. */
export function findDiscrepancy(
  declared: { volumeM3: number; wasteType: string },
  received: { volumeM3: number; wasteType: string },
  thresholdPercent: number,
): Discrepancy {
  const ratio = (received.volumeM3 - declared.volumeM3) / declared.volumeM3;
  const kinds: DiscrepancyKind[] = [];
  // Rounded to the 0.01% so 10.000000001% from float noise does not count as over 10%.
  if (Math.round(Math.abs(ratio) * 10000) > Math.round(thresholdPercent * 100)) {
    kinds.push('quantity');
  }
  if (received.wasteType !== declared.wasteType) kinds.push('type');
  return { hasDiscrepancy: kinds.length > 0, kinds, ratio: Math.round(ratio * 10000) / 10000 };
}

/** The discrepancy columns of a manifest after a receipt or a correction. */
export async function discrepancyColumns(
  db: Db,
  declared: { volumeM3: number; wasteType: string },
  received: { volumeM3: number; wasteType: string },
) {
  const settings = await readManifestSettings(db);
  const d = findDiscrepancy(declared, received, settings.discrepancyPercent);
  return {
    found: d,
    columns: {
      has_discrepancy: d.hasDiscrepancy,
      discrepancy_kinds: d.kinds,
      discrepancy_ratio: d.ratio,
      discrepancy_resolved_at: null,
      discrepancy_resolution: null,
      discrepancy_escalated_at: null,
    },
  };
}

/** Whether the caller may resolve a manifest's discrepancy (its site, its receiver, an officer). */
export async function canResolveDiscrepancy(
  db: Db,
  principal: Principal,
  m: { region_code: string; construction_site_id: number; received_site_id: number | null },
) {
  const officer = await accessOf(db, principal, WASTE_DISCREPANCY_RESOLVE);
  if (isInRegions(officer.staffPrefixes, m.region_code)) return true;
  const party = await accessOf(db, principal, WASTE_MANIFESTS_SIGN);
  return (
    actsFor(party, 'construction_site', m.construction_site_id) ||
    actsFor(party, 'disposal_site', m.received_site_id)
  );
}

/** Records how an open discrepancy was resolved (audited). */
export async function resolveDiscrepancy(
  db: Db,
  principal: Principal,
  id: number,
  resolution: string,
  now = new Date(),
) {
  await inTransaction(db, async (trx) => {
    const m = await lockManifest(trx, id);
    if (!m || !canSeeManifest(await readAccessOf(trx, principal), m))
      throw notFound('manifest', id);
    if (!(await canResolveDiscrepancy(trx, principal, m))) {
      throw forbidden(
        'Only the construction site, the receiving site or a waste officer may resolve it',
      );
    }
    if (!m.has_discrepancy || m.discrepancy_resolved_at !== null) {
      throw new AppError('state_conflict', `Manifest ${m.manifest_no} has no open discrepancy`, {
        reason: 'no_open_discrepancy',
      });
    }
    await trx
      .updateTable('waste_manifests')
      .set({
        discrepancy_resolved_at: now,
        discrepancy_resolution: resolution.trim(),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'waste.manifest.discrepancy_resolve',
      subjectType: MANIFEST_SUBJECT,
      subjectId: id,
      regionCode: m.region_code,
      data: { resolution: resolution.trim() },
    });
  });
}

/** Sends unresolved discrepancies older than the limit to the regulator; returns how many. */
export async function escalateDiscrepancies(db: Db, now = new Date()): Promise<number> {
  const settings = await readManifestSettings(db);
  const cutoff = new Date(now.getTime() - settings.discrepancyEscalationDays * 86_400_000);
  const due = await db
    .selectFrom('waste_manifests')
    .select(['id', 'manifest_no', 'region_code'])
    .where('has_discrepancy', '=', true)
    .where('discrepancy_resolved_at', 'is', null)
    .where('discrepancy_escalated_at', 'is', null)
    .where('received_at', '<', cutoff)
    .orderBy('id')
    .limit(500)
    .execute();
  for (const m of due) {
    await inTransaction(db, async (trx) => {
      const marked = await trx
        .updateTable('waste_manifests')
        .set({ discrepancy_escalated_at: now })
        .where('id', '=', m.id)
        .where('discrepancy_escalated_at', 'is', null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) === 0) return; // another process took it
      await notify(trx, {
        role: { role: 'waste_officer', regionCode: m.region_code },
        title: `联单 ${m.manifest_no} 差异逾期未解决`,
        body: `联单 ${m.manifest_no} 的数量或类别差异超过 ${settings.discrepancyEscalationDays} 天未解决，已报送监管部门。`,
        link: `/waste/manifests/${m.id}`,
        subjectType: MANIFEST_SUBJECT,
        subjectId: m.id,
        regionCode: m.region_code,
      });
      await appendAudit(trx, {
        actor: systemActor,
        action: 'waste.manifest.discrepancy_escalate',
        subjectType: MANIFEST_SUBJECT,
        subjectId: m.id,
        regionCode: m.region_code,
        data: { days: settings.discrepancyEscalationDays },
      });
    });
  }
  return due.length;
}
