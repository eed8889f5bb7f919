// Reading a bundle's parent record: its members' states from their workflows. The parent is
// in progress until every member has reached a final state; a refused member shows its reason.
import { sql } from 'kysely';
import type {
  BundleApplicationList,
  BundleApplicationMember,
  BundleApplicationState,
  BundleApplicationView,
} from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { definitionOf } from '../../../platform/workflow/index.ts';
import { canSeeApplication } from '../applications/application-access.ts';
import { bundlesDb } from './bundle-repository.ts';

export const BUNDLE_APPLICATION_SUBJECT = 'service_bundle_application';

/** Final states that refuse the applicant (不予受理, 不予批准, 撤回). */
const REFUSED_STATES = new Set(['not_accepted', 'denied', 'withdrawn']);

type ParentRow = Awaited<ReturnType<typeof findParent>>;

function findParent(db: Db, id: number) {
  return bundlesDb(db)
    .selectFrom('service_bundle_applications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

const isOwnParent = (principal: Principal, row: NonNullable<ParentRow>) =>
  principal.kind === 'user' &&
  ((row.owner_user_id !== null && row.owner_user_id === principal.userId) ||
    (row.applicant_person_id !== null && row.applicant_person_id === principal.personId) ||
    (row.applicant_enterprise_id !== null &&
      row.applicant_enterprise_id === principal.enterpriseId));

interface MemberRow {
  bundle_application_id: number;
  seq: number;
  id: number;
  number: string;
  item_code: string;
  item_name: string;
  department_id: number;
  department_name: string;
  region_code: string;
  owner_user_id: number | null;
  applicant_person_id: number | null;
  applicant_enterprise_id: number | null;
  submitted_by_api_key_id: number | null;
  licence_number: string | null;
  state: string;
  definition_key: string;
  definition_version: number;
  deadline_at: Date | null;
  is_overdue: boolean;
  paused_at: Date | null;
  closed_at: Date | null;
  instance_id: number;
}

async function memberRows(db: Db, parentIds: readonly number[]): Promise<MemberRow[]> {
  if (parentIds.length === 0) return [];
  const { rows } = await sql<MemberRow>`
    SELECT m.bundle_application_id, m.seq, a.id, a.number, a.item_code, a.item_name,
           a.department_id, d.name AS department_name, a.region_code, a.owner_user_id,
           a.applicant_person_id, a.applicant_enterprise_id, a.submitted_by_api_key_id,
           a.licence_number, wi.state, wi.definition_key, wi.definition_version, wi.deadline_at,
           wi.is_overdue, wi.paused_at, wi.closed_at, wi.id AS instance_id
      FROM service_bundle_application_members m
      JOIN service_applications a ON a.id = m.application_id
      JOIN departments d ON d.id = a.department_id
      JOIN workflow_instances wi ON wi.id = a.instance_id
     WHERE m.bundle_application_id IN (${sql.join(parentIds)})
     ORDER BY m.bundle_application_id, m.seq`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), instance_id: Number(r.instance_id) }));
}

/** The note of the step that refused each refused instance (its reasons). */
async function refusalReasons(db: Db, rows: readonly MemberRow[]): Promise<Map<number, string>> {
  const refused = rows.filter((r) => REFUSED_STATES.has(r.state)).map((r) => r.instance_id);
  if (refused.length === 0) return new Map();
  const notes = await db
    .selectFrom('workflow_history')
    .select(['instance_id', 'note', 'action'])
    .where('instance_id', 'in', refused)
    .where('to_state', 'in', [...REFUSED_STATES])
    .orderBy('seq', 'desc')
    .execute();
  const out = new Map<number, string>();
  for (const n of notes) {
    if (out.has(Number(n.instance_id))) continue;
    out.set(Number(n.instance_id), n.note ?? (n.action === 'withdraw' ? '申请人已撤回' : ''));
  }
  return out;
}

function toMember(r: MemberRow, reasons: Map<number, string>): BundleApplicationMember {
  const state = definitionOf(r.definition_key, r.definition_version).states[r.state]!;
  const isRefused = REFUSED_STATES.has(r.state);
  return {
    applicationId: r.id,
    number: r.number,
    itemCode: r.item_code,
    itemName: r.item_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    state: r.state,
    stateLabel: state.label,
    isFinal: state.isFinal === true,
    isRefused,
    refusalReason: isRefused ? (reasons.get(r.instance_id) ?? null) : null,
    deadlineAt: r.deadline_at?.toISOString() ?? null,
    isOverdue: r.is_overdue,
    isPaused: r.paused_at !== null,
    licenceNumber: r.licence_number,
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

function stateOf(members: readonly BundleApplicationMember[]): {
  state: BundleApplicationState;
  finishedAt: string | null;
} {
  if (members.some((m) => !m.isFinal)) return { state: 'in_progress', finishedAt: null };
  const finishedAt =
    members
      .map((m) => m.closedAt!)
      .sort()
      .at(-1) ?? null;
  return {
    state: members.some((m) => m.isRefused) ? 'done_with_refusals' : 'done',
    finishedAt,
  };
}

function toView(
  row: NonNullable<ParentRow>,
  members: BundleApplicationMember[],
): BundleApplicationView {
  return {
    id: Number(row.id),
    number: row.number,
    bundleCode: row.bundle_code,
    bundleName: row.bundle_name,
    applicantName: row.applicant_name,
    channel: row.channel,
    ...stateOf(members),
    memberCount: members.length,
    finishedMembers: members.filter((m) => m.isFinal).length,
    refusedMembers: members.filter((m) => m.isRefused).length,
    members,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * The parent with its members, or undefined when it does not exist or is out of the caller's
 * sight (the applicant, or staff who may read one of its member applications).
 */
export async function viewBundleApplication(
  db: Db,
  principal: Principal,
  id: number,
): Promise<BundleApplicationView | undefined> {
  const row = await findParent(db, id);
  if (!row) return undefined;
  const rows = await memberRows(db, [Number(row.id)]);
  if (!isOwnParent(principal, row) && !rows.some((r) => canSeeApplication(principal, r))) {
    return undefined;
  }
  const reasons = await refusalReasons(db, rows);
  return toView(
    row,
    rows.map((r) => toMember(r, reasons)),
  );
}

/** The caller's own bundle applications, newest first. */
export async function listMyBundleApplications(
  db: Db,
  principal: Principal,
): Promise<BundleApplicationList> {
  if (principal.kind !== 'user' || principal.userId === null) return { items: [] };
  const parents = await bundlesDb(db)
    .selectFrom('service_bundle_applications')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('owner_user_id', '=', principal.userId),
        ...(principal.personId !== null
          ? [eb('applicant_person_id', '=', principal.personId)]
          : []),
        ...(principal.enterpriseId !== null
          ? [eb('applicant_enterprise_id', '=', principal.enterpriseId)]
          : []),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  const rows = await memberRows(
    db,
    parents.map((p) => Number(p.id)),
  );
  const reasons = await refusalReasons(db, rows);
  return {
    items: parents.map((p) => {
      const { members, ...rest } = toView(
        p,
        rows
          .filter((r) => Number(r.bundle_application_id) === Number(p.id))
          .map((r) => toMember(r, reasons)),
      );
      void members;
      return rest;
    }),
  };
}
