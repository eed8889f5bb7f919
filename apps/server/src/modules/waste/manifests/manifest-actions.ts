// Acting on a manifest: the organisation acting is checked first (party-access), the engine
// performs the transition (state, role, input, guards, history, audit, outbox, timers), and in
// the same transaction the manifest's own effects follow: signatures at the server's time,
// the destination after a rejection, the measured volume and the discrepancy, the approval's
// volume given back, corrections applied or reverted.
import { Value } from 'typebox/value';
import { WasteType, type WorkflowActionBody } from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import { performAction } from '../../../platform/workflow/index.ts';
import { approvalBlockedError, approvalBlockOf, beijingDay } from '../registry/approval-rules.ts';
import {
  canSeeManifest,
  readAccessOf,
  requireActingParty,
  type ActingAs,
} from './manifest-access.ts';
import { lockApproval, reserveVolume } from './manifest-content.ts';
import { applyOpenCorrection, revertOpenCorrection } from './manifest-corrections.ts';
import {
  insertSignature,
  lockManifest,
  memberUserIds,
  type LockedManifest,
} from './manifest-repository.ts';
import { discrepancyColumns } from './discrepancy.ts';
import { actionsWithOwnEndpoint, MANIFEST_SUBJECT } from './manifest-workflow.ts';
import type { ActOptions } from './manifest-create.ts';

interface Effect {
  trx: Db;
  principal: Principal;
  manifest: LockedManifest;
  acting: ActingAs;
  note: string | null;
  data: Record<string, unknown>;
  now: Date;
}

const minutesOfDay = (at: Date) => {
  const beijing = new Date(at.getTime() + 8 * 3_600_000);
  return beijing.getUTCHours() * 60 + beijing.getUTCMinutes();
};

/** Whether `minute` lies in [start, end), wrapping past midnight when end < start. */
export const isWithinHours = (minute: number, start: number, end: number) =>
  start < end ? minute >= start && minute < end : minute >= start || minute < end;

const signer = (e: Effect) => ({
  signerUserId: e.principal.userId ?? 0,
  signerName: e.principal.displayName,
  version: e.manifest.version,
  note: e.note,
});

async function tellParty(
  e: Effect,
  kind: 'construction_site' | 'company' | 'disposal_site',
  partyId: number | null,
  title: string,
) {
  const userIds = await memberUserIds(e.trx, kind, partyId);
  if (userIds.length === 0) return;
  await notify(e.trx, {
    userIds,
    title,
    body: e.note ?? title,
    link: `/waste/manifests/${e.manifest.id}`,
    subjectType: MANIFEST_SUBJECT,
    subjectId: e.manifest.id,
    regionCode: e.manifest.region_code,
  });
}

/** The departure is inside the approval's validity and transport hours. */
async function checkDeparture(e: Effect) {
  const approval = await lockApproval(e.trx, e.manifest.approval_id);
  if (!approval) throw notFound('disposal approval', e.manifest.approval_id);
  const block = approvalBlockOf(approval, beijingDay(e.now));
  // The volume is already reserved: only status and dates can block a departure.
  if (block && block !== 'exhausted') throw approvalBlockedError(approval, block, 0);
  if (!isWithinHours(minutesOfDay(e.now), approval.hours_start, approval.hours_end)) {
    const clock = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    throw new AppError(
      'conflict',
      `Approval ${approval.approval_no} allows transport only ${clock(approval.hours_start)}–${clock(approval.hours_end)}`,
      { reason: 'outside_transport_hours' },
    );
  }
}

function receivedOf(e: Effect) {
  const volume = e.data.volumeM3;
  if (typeof volume !== 'number' || !Number.isFinite(volume) || volume <= 0 || volume > 100) {
    throw invalid('data.volumeM3', 'data.volumeM3 must be the measured volume in m³ (0–100)');
  }
  const type = e.data.wasteType ?? e.manifest.waste_type;
  if (!Value.Check(WasteType, type)) {
    throw invalid('data.wasteType', `data.wasteType must be one of the waste types`);
  }
  return { volumeM3: Math.round(volume * 10) / 10, wasteType: type };
}

/** Checks what the action needs before the engine moves the state. */
async function checkBefore(action: string, e: Effect) {
  if (action === 'sign_departure') await checkDeparture(e);
  if (action === 'sign_receipt') receivedOf(e);
}

/** The manifest's own effects of each action, after the engine's transition. */
async function applyEffects(action: string, e: Effect): Promise<Record<string, unknown>> {
  const m = e.manifest;
  const partyId = e.acting.partyId ?? 0;
  switch (action) {
    case 'submit':
      return {};
    case 'sign_departure':
      await insertSignature(
        e.trx,
        m,
        { role: 'generator', partyKind: 'construction_site', partyId, ...signer(e) },
        e.now,
      );
      return { departed_at: e.now, is_locked: true };
    case 'sign_pickup':
      await insertSignature(
        e.trx,
        m,
        { role: 'transporter', partyKind: 'company', partyId, driverId: m.driver_id, ...signer(e) },
        e.now,
      );
      return { picked_up_at: e.now };
    case 'arrive':
      return { arrived_at: e.now };
    case 'sign_receipt': {
      const received = receivedOf(e);
      const discrepancy = await discrepancyColumns(
        e.trx,
        { volumeM3: m.declared_volume_m3, wasteType: m.waste_type },
        received,
      );
      await insertSignature(
        e.trx,
        m,
        {
          role: 'receiver',
          partyKind: 'disposal_site',
          partyId: m.destination_site_id ?? partyId,
          volumeM3: received.volumeM3,
          wasteType: received.wasteType,
          ...signer(e),
        },
        e.now,
      );
      if (discrepancy.found.hasDiscrepancy) {
        await notify(e.trx, {
          role: { role: 'waste_officer', regionCode: m.region_code },
          title: `联单 ${m.manifest_no} 签收差异`,
          body: `申报 ${m.declared_volume_m3} m³，实收 ${received.volumeM3} m³（${discrepancy.found.kinds.join('、')}）`,
          link: `/waste/manifests/${m.id}`,
          subjectType: MANIFEST_SUBJECT,
          subjectId: m.id,
          regionCode: m.region_code,
        });
      }
      return {
        received_volume_m3: received.volumeM3,
        received_waste_type: received.wasteType,
        received_site_id: m.destination_site_id,
        received_at: e.now,
        ...discrepancy.columns,
      };
    }
    case 'reject_to_alternate':
    case 'reject_return': {
      await insertSignature(
        e.trx,
        m,
        {
          role: 'rejection',
          partyKind: 'disposal_site',
          partyId: m.destination_site_id ?? partyId,
          ...signer(e),
        },
        e.now,
      );
      const toAlternate = action === 'reject_to_alternate';
      await tellParty(
        e,
        'construction_site',
        m.construction_site_id,
        `联单 ${m.manifest_no} 被拒收`,
      );
      await tellParty(e, 'company', m.company_id, `联单 ${m.manifest_no} 被拒收`);
      if (toAlternate) {
        await tellParty(
          e,
          'disposal_site',
          m.alternate_site_id,
          `联单 ${m.manifest_no} 转运至本场`,
        );
      }
      return {
        destination_site_id: toAlternate ? m.alternate_site_id : null,
        arrived_at: null,
        rejection_count: (await rejectionCount(e)) + 1,
        rejection_reason: e.note,
      };
    }
    case 'sign_return':
      await insertSignature(
        e.trx,
        m,
        { role: 'return', partyKind: 'construction_site', partyId, ...signer(e) },
        e.now,
      );
      // The load is back on the site: the approval's volume is free again.
      await reserveVolume(e.trx, m.approval_id, -m.declared_volume_m3);
      return { returned_at: e.now };
    case 'cancel':
      await reserveVolume(e.trx, m.approval_id, -m.declared_volume_m3);
      return {};
    case 'accept_correction':
      return applyOpenCorrection(e.trx, e.principal, m, e.now);
    case 'revert_correction':
    case 'revert_to_corrected':
      await revertOpenCorrection(e.trx, m, e.now);
      return {};
    default:
      throw new Error(`manifest action ${action} has no effect defined`);
  }
}

async function rejectionCount(e: Effect) {
  const row = await e.trx
    .selectFrom('waste_manifests')
    .select('rejection_count')
    .where('id', '=', e.manifest.id)
    .executeTakeFirstOrThrow();
  return row.rejection_count;
}

/** Performs `action` on manifest `id` for the caller; 404 when the caller cannot see it. */
export async function actOnManifest(
  db: Db,
  principal: Principal,
  id: number,
  action: string,
  body: WorkflowActionBody,
  options: ActOptions = {},
): Promise<void> {
  if (actionsWithOwnEndpoint.has(action)) {
    throw new AppError('bad_request', `"${action}" is taken through its own endpoint`, {
      field: 'action',
    });
  }
  const now = options.now ?? new Date();
  await inTransaction(db, async (trx) => {
    const manifest = await lockManifest(trx, id);
    if (!manifest || !canSeeManifest(await readAccessOf(trx, principal), manifest)) {
      throw notFound('manifest', id);
    }
    const acting = await requireActingParty(trx, principal, action, manifest);
    const effect: Effect = {
      trx,
      principal,
      manifest,
      acting,
      note: body.note?.trim() || null,
      data: body.data ?? {},
      now,
    };
    await checkBefore(action, effect);
    const result = await performAction(trx, {
      ref: { subjectType: MANIFEST_SUBJECT, subjectId: String(id) },
      action,
      principal,
      note: body.note ?? null,
      data: body.data,
      now,
    });
    const changes = await applyEffects(action, effect);
    await trx
      .updateTable('waste_manifests')
      .set({
        ...changes,
        status: result.instance.state as LockedManifest['status'],
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  });
}
