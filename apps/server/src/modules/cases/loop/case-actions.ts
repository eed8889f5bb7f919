// Acting on a case: the engine performs the transition (state, role, input, guards, history,
// audit, outbox, timers) and, in the same transaction, the case's own effects follow: the
// departments of a dispatch, photos of handling and verification, separation of duties,
// satisfaction, merging, and the notices to reporters and staff.
import type { WorkflowActionBody, WorkflowView } from '@citygov/contracts';
import { sql, type SqlBool } from 'kysely';
import type { AppContext } from '../../../platform/http/context.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { isWithinRegion } from '../../../platform/auth/region.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import {
  performAction,
  type TransitionResult,
  type WorkflowInstance,
} from '../../../platform/workflow/index.ts';
import { canActOnCase, canSeeCase } from './case-access.ts';
import { hasActed } from './case-history.ts';
import { checkPhotos, linkPhotos } from './case-photos.ts';
import { loopDb, reporterUserIds } from './case-repository.ts';
import { findVisibleCase, viewCase } from './case-view.ts';
import { CASE_SUBJECT, endStates, engineActionName, runAtTime } from './case-workflow.ts';
import { recordCaseStep } from '../stats/record-step.ts';
import type { Satisfaction } from './case-loop-tables.ts';

const satisfactions = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

interface Effect {
  ctx: AppContext;
  trx: Db;
  principal: Principal;
  instance: WorkflowInstance;
  caseId: number;
  caseNumber: string;
  note: string | null;
  data: Record<string, unknown>;
}

const link = (caseId: number) => `/cases/${caseId}`;

async function tellReporters(e: Effect, title: string, body: string) {
  const userIds = await reporterUserIds(e.trx, e.caseId);
  if (!userIds.length) return;
  await notify(e.trx, {
    userIds,
    title,
    body,
    link: link(e.caseId),
    subjectType: CASE_SUBJECT,
    subjectId: e.caseId,
    regionCode: e.instance.region_code,
  });
}

async function tellRole(e: Effect, role: string, title: string, departmentId?: number | null) {
  await notify(e.trx, {
    role: { role, regionCode: e.instance.region_code, departmentId: departmentId ?? null },
    title,
    body: e.note ?? title,
    link: link(e.caseId),
    subjectType: CASE_SUBJECT,
    subjectId: e.caseId,
    regionCode: e.instance.region_code,
  });
}

function integerList(value: unknown, field: string): number[] {
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    value.length > 10 ||
    !value.every((v) => Number.isSafeInteger(v) && v > 0)
  ) {
    throw invalid(field, `${field} must be a list of at most 10 department ids`);
  }
  return [...new Set(value as number[])];
}

/** 派遣: the lead department (routed, or the dispatcher's choice) and assistants (一键联动). */
async function dispatchTo(e: Effect) {
  const chosen = e.data.departmentId;
  if (chosen !== undefined && (!Number.isSafeInteger(chosen) || (chosen as number) <= 0)) {
    throw invalid('data.departmentId', 'data.departmentId must be a department id');
  }
  const current = await loopDb(e.trx)
    .selectFrom('cases')
    .select('department_id')
    .where('id', '=', e.caseId)
    .executeTakeFirstOrThrow();
  const lead = (chosen as number | undefined) ?? current.department_id;
  if (lead === null) {
    throw invalid('data.departmentId', 'No department is known for this category here: choose one');
  }
  const assists = integerList(e.data.assistDepartmentIds, 'data.assistDepartmentIds').filter(
    (id) => id !== lead,
  );
  const ids = [lead, ...assists];
  const found = await e.trx
    .selectFrom('departments')
    .select(['id', 'region_code', 'name'])
    .where('id', 'in', ids)
    .execute();
  for (const [i, id] of ids.entries()) {
    const field = i === 0 ? 'data.departmentId' : `data.assistDepartmentIds`;
    const d = found.find((f) => f.id === id);
    // A district case goes to that district's bodies or to a city-wide one.
    if (!d || !isWithinRegion(e.instance.region_code, d.region_code)) {
      throw invalid(
        field,
        `department ${id} is unknown or does not serve ${e.instance.region_code}`,
      );
    }
  }
  await loopDb(e.trx).deleteFrom('case_departments').where('case_id', '=', e.caseId).execute();
  await loopDb(e.trx)
    .insertInto('case_departments')
    .values(
      ids.map((id, i) => ({
        case_id: e.caseId,
        region_code: e.instance.region_code,
        department_id: id,
        is_lead: i === 0,
      })),
    )
    .execute();
  await loopDb(e.trx)
    .updateTable('cases')
    .set({ department_id: lead })
    .where('id', '=', e.caseId)
    .execute();
  // The engine has no reassignment yet: the instance's department decides whose handlers may
  // act, so it follows the dispatch here, under the lock performAction holds.
  await e.trx
    .updateTable('workflow_instances')
    .set({ department_id: lead })
    .where('id', '=', e.instance.id)
    .execute();
  e.instance.department_id = lead;
  for (const [i, id] of ids.entries()) {
    await tellRole(e, 'handler', `${i === 0 ? '派遣' : '协办'}：案件 ${e.caseNumber}`, id);
  }
}

/** 合并: the reporters move to the open case this one duplicates. */
async function mergeInto(e: Effect) {
  const targetId = e.data.duplicateOf;
  if (!Number.isSafeInteger(targetId) || (targetId as number) === e.caseId) {
    throw invalid('data.duplicateOf', 'data.duplicateOf must be the id of another open case');
  }
  const target = await loopDb(e.trx)
    .selectFrom('cases as c')
    .innerJoin('workflow_instances as i', (join) =>
      join.on('i.subject_type', '=', CASE_SUBJECT).on(sql<SqlBool>`i.subject_id = c.id::text`),
    )
    .select([
      'c.id',
      'c.category_code',
      'c.region_code',
      'c.case_number',
      'i.state',
      'i.closed_at',
      'i.department_id',
      'i.owner_user_id',
    ])
    .where('c.id', '=', targetId as number)
    .executeTakeFirst();
  if (
    !target ||
    !(await canSeeCase(e.trx, e.principal, target.id, target)) ||
    target.closed_at !== null ||
    ([...endStates, 'closed'] as string[]).includes(target.state)
  ) {
    throw invalid('data.duplicateOf', `case ${String(targetId)} is not an open case you can see`);
  }
  const reporters = await loopDb(e.trx)
    .selectFrom('case_reporters')
    .selectAll()
    .where('case_id', '=', e.caseId)
    .execute();
  if (reporters.length) {
    await loopDb(e.trx)
      .insertInto('case_reporters')
      .values(
        reporters.map(({ id: _id, case_id: _c, joined_at: _j, ...rest }) => ({
          ...rest,
          case_id: target.id,
          region_code: target.region_code,
        })),
      )
      .execute();
  }
  await loopDb(e.trx)
    .updateTable('cases')
    .set({ reporter_count: sql`reporter_count + ${reporters.length}` })
    .where('id', '=', target.id)
    .execute();
  await loopDb(e.trx)
    .updateTable('cases')
    .set({ duplicate_of: target.id })
    .where('id', '=', e.caseId)
    .execute();
  await tellReporters(
    e,
    `您反映的问题已并入案件 ${target.case_number}`,
    '同一问题已在办理中，进展会通知您。',
  );
}

async function photosOf(e: Effect, field: string, stage: string, isRequired: boolean) {
  const photos = await checkPhotos(e.trx, e.principal, e.data[field], `data.${field}`);
  if (isRequired && photos.length === 0) {
    throw invalid(`data.${field}`, `data.${field} needs at least one photo`);
  }
  await linkPhotos(e.trx, e.principal, e.caseId, e.instance.region_code, photos, stage);
}

async function applyEffects(e: Effect, action: string) {
  switch (action) {
    case 'file':
      await tellReporters(e, `您反映的问题已立案：${e.caseNumber}`, '我们将尽快派遣责任单位处置。');
      break;
    case 'decline':
      await tellReporters(e, `您反映的问题未予立案：${e.caseNumber}`, e.note ?? '');
      break;
    case 'merge':
      await mergeInto(e);
      break;
    case 'dispatch':
      await dispatchTo(e);
      break;
    case 'handle':
      await photosOf(e, 'beforePhotos', 'before', false);
      await photosOf(e, 'afterPhotos', 'after', true);
      await tellRole(e, 'inspector', `待核查：案件 ${e.caseNumber}`);
      break;
    case 'return':
      await tellRole(e, 'dispatcher', `退单：案件 ${e.caseNumber}`);
      break;
    case 'request_extension': {
      const days = e.data.extensionWorkdays;
      if (!Number.isSafeInteger(days) || (days as number) < 1 || (days as number) > 30) {
        throw invalid('data.extensionWorkdays', 'data.extensionWorkdays must be 1–30 working days');
      }
      await tellRole(e, 'dispatcher', `延期申请：案件 ${e.caseNumber}`);
      break;
    }
    case 'approve_extension':
    case 'reject_extension':
      await tellRole(
        e,
        'handler',
        `${action === 'approve_extension' ? '延期已批准' : '延期被驳回'}：案件 ${e.caseNumber}`,
        e.instance.department_id,
      );
      break;
    case 'verify_pass':
    case 'verify_fail':
      // Whoever handled the case never verifies it (separation of duties).
      if (
        e.principal.userId !== null &&
        (await hasActed(e.trx, e.instance.id, e.principal.userId, 'handle'))
      ) {
        throw new AppError('forbidden', 'You handled this case, so someone else must verify it', {
          action,
          reason: 'separation_of_duties',
        });
      }
      await photosOf(e, 'photos', 'verification', true);
      if (action === 'verify_fail') {
        await tellRole(
          e,
          'handler',
          `返工：案件 ${e.caseNumber} 核查未通过`,
          e.instance.department_id,
        );
      }
      break;
    case 'close':
      await tellReporters(
        e,
        `您反映的问题已办结：${e.caseNumber}`,
        '我们将在下一个工作日回访，请对办理结果评价。',
      );
      break;
    case 'callback': {
      const satisfaction = e.data.satisfaction;
      if (!satisfactions.includes(satisfaction as (typeof satisfactions)[number])) {
        throw invalid(
          'data.satisfaction',
          `data.satisfaction must be one of ${satisfactions.join(', ')}`,
        );
      }
      await loopDb(e.trx)
        .updateTable('cases')
        .set({ satisfaction: satisfaction as (typeof satisfactions)[number] })
        .where('id', '=', e.caseId)
        .execute();
      await tellReporters(e, `回访已记录：${e.caseNumber}`, '感谢您对城市管理工作的监督。');
      break;
    }
    case 'reopen':
      await loopDb(e.trx)
        .updateTable('cases')
        .set({ satisfaction: 'dissatisfied' })
        .where('id', '=', e.caseId)
        .execute();
      await tellRole(
        e,
        'handler',
        `重办：案件 ${e.caseNumber} 回访不满意`,
        e.instance.department_id,
      );
      break;
    case 'supervise':
      await tellRole(e, 'handler', `督办：案件 ${e.caseNumber}`, e.instance.department_id);
      await tellRole(e, 'dispatcher', `督办：案件 ${e.caseNumber}`);
      break;
    default:
      break;
  }
}

/** POST /api/cases/:id/actions/:action; answers the case as the caller now sees it. */
export async function actOnCase(
  ctx: AppContext,
  principal: Principal,
  id: string,
  action: string,
  body: WorkflowActionBody,
  options: { now?: Date } = {},
): Promise<WorkflowView> {
  const result = await performCaseAction(ctx, principal, id, action, body, options);
  return viewCase(ctx.db, principal, result.instance, [result.entry]);
}

/** The step and its case effects, without the view (demo data drives many steps). */
export async function performCaseAction(
  ctx: AppContext,
  principal: Principal,
  id: string,
  action: string,
  body: WorkflowActionBody,
  options: { now?: Date } = {},
): Promise<TransitionResult> {
  const before = await findVisibleCase(ctx.db, principal, id);
  // supervise_<state> are the engine's names of 督办; callers say "supervise".
  if (/^supervise_/.test(action)) {
    throw new AppError('not_found', `A case has no action "${action}"`, {
      field: 'action',
      action,
    });
  }
  const caseRow = await loopDb(ctx.db)
    .selectFrom('cases')
    .select('case_number')
    .where('id', '=', Number(id))
    .executeTakeFirst();
  if (!caseRow) throw notFound('case', id);
  return runAtTime(options.now, () =>
    inTransaction(ctx.db, async (trx) => {
      const done = await performAction(trx, {
        ref: { subjectType: CASE_SUBJECT, subjectId: id },
        action: engineActionName(action, before.state),
        principal,
        note: body.note ?? null,
        data: body.data ?? {},
        ...(options.now && { now: options.now }),
        authorize(instance) {
          if (!canActOnCase(principal, instance)) {
            throw new AppError('forbidden', 'You may not act on cases here', {
              permission: 'cases:act',
            });
          }
        },
      });
      await applyEffects(
        {
          ctx,
          trx,
          principal,
          instance: done.instance,
          caseId: Number(id),
          caseNumber: caseRow.case_number,
          note: done.entry.note,
          data: body.data ?? {},
        },
        action,
      );
      await recordCaseStep(trx, {
        action,
        fromState: done.entry.from_state ?? before.state,
        toState: done.entry.to_state,
        instanceId: done.instance.id,
        caseId: Number(id),
        regionCode: done.instance.region_code,
        departmentId: done.instance.department_id,
        at: done.entry.at,
        ...(action === 'callback' && { satisfaction: body.data?.satisfaction as Satisfaction }),
      });
      return done;
    }),
  );
}
