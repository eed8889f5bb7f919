// What GET /api/cases/:id answers: the workflow view (state, deadlines, history, the caller's
// actions) with the case as its subject: reporters (masked), departments, photos, counts.
import type { CaseSubject, WorkflowView } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { notFound } from '../../../platform/errors.ts';
import {
  findInstance,
  viewInstance,
  type TransitionResult,
  type WorkflowInstance,
} from '../../../platform/workflow/index.ts';
import { countActions, hasActed } from './case-history.ts';
import { canSeeCase } from './case-access.ts';
import { caseDepartments, findCaseSummary, loopDb } from './case-repository.ts';
import { CASE_SUBJECT, ensureCaseWorkflow, publicActionName } from './case-workflow.ts';
import { CASE_FILE_OWNER } from './case-photos.ts';

/** The instance of a visible case; 404 when it does not exist or the caller may not see it. */
export async function findVisibleCase(
  db: Db,
  principal: Principal,
  id: string,
): Promise<WorkflowInstance> {
  const instance = await findInstance(db, { subjectType: CASE_SUBJECT, subjectId: id });
  if (!instance || !(await canSeeCase(db, principal, Number(id), instance))) {
    throw notFound('case', id);
  }
  ensureCaseWorkflow(instance.definition_key);
  return instance;
}

async function caseSubject(
  db: Db,
  principal: Principal,
  caseId: number,
): Promise<CaseSubject | undefined> {
  const summary = await findCaseSummary(db, caseId);
  if (!summary) return undefined;
  const reporters = await loopDb(db)
    .selectFrom('case_reporters')
    .select([
      'user_id',
      'name',
      'phone_masked',
      'channel',
      'is_anonymous',
      'wants_callback',
      'joined_at',
    ])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  const photos = await db
    .selectFrom('file_refs')
    .innerJoin('files', 'files.sha256', 'file_refs.sha256')
    .select(['file_refs.sha256', 'file_refs.name', 'files.media_type', 'file_refs.created_at'])
    .where('file_refs.owner_type', '=', CASE_FILE_OWNER)
    .where('file_refs.owner_id', '=', String(caseId))
    .orderBy('file_refs.created_at')
    .execute();
  const departments = await caseDepartments(db, caseId);
  const instanceId = (
    await findInstance(db, { subjectType: CASE_SUBJECT, subjectId: String(caseId) })
  )?.id;
  const counts = instanceId
    ? await countActions(db, instanceId, ['verify_fail', 'approve_extension', 'return', 'reopen'])
    : {};
  const satisfaction = await loopDb(db)
    .selectFrom('cases')
    .select('satisfaction')
    .where('id', '=', caseId)
    .executeTakeFirst();
  return {
    ...summary,
    satisfaction: satisfaction?.satisfaction ?? null,
    // An anonymous reporter is hidden from everyone but themself.
    reporters: reporters.map((r) =>
      r.is_anonymous && r.user_id !== principal.userId
        ? { isAnonymous: true, channel: r.channel, joinedAt: r.joined_at.toISOString() }
        : {
            isAnonymous: r.is_anonymous,
            isYou: r.user_id !== null && r.user_id === principal.userId,
            name: r.name,
            phone: r.phone_masked,
            channel: r.channel,
            wantsCallback: r.wants_callback,
            joinedAt: r.joined_at.toISOString(),
          },
    ),
    departments: departments.map((d) => ({
      departmentId: d.department_id,
      name: d.name,
      isLead: d.is_lead,
    })),
    photos: photos.map((p) => ({
      sha256: p.sha256,
      stage: p.name,
      mediaType: p.media_type,
      at: p.created_at.toISOString(),
    })),
    reworkCount: counts.verify_fail ?? 0,
    extensionCount: counts.approve_extension ?? 0,
    returnCount: counts.return ?? 0,
    reopenCount: counts.reopen ?? 0,
  };
}

/** The case as the caller sees it; `history` replaces the stored history (after an action). */
export async function viewCase(
  db: Db,
  principal: Principal,
  instance: WorkflowInstance,
  history?: Array<TransitionResult['entry']>,
): Promise<WorkflowView> {
  const caseId = Number(instance.subject_id);
  const subject = await caseSubject(db, principal, caseId);
  const view = await viewInstance(db, instance, principal, {
    ...(history && { history }),
    ...(subject && { subject }),
  });
  // Whoever handled the case never verifies it (separation of duties).
  const hasHandled =
    principal.userId !== null && (await hasActed(db, instance.id, principal.userId, 'handle'));
  view.actions = view.actions
    .filter((a) => !(hasHandled && a.name.startsWith('verify_')))
    .map((a) => ({ ...a, name: publicActionName(a.name) }));
  view.history = view.history.map((h) => ({ ...h, action: publicActionName(h.action) }));
  return view;
}
