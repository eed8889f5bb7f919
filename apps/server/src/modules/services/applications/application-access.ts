// Reading applications: the row, who may see it, and the subject shown in its workflow view.
import type { ApplicationSubject } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { can, type Principal } from '../../../platform/auth/principal.ts';
import type { ApplicationTables } from './application-tables.ts';

export const READ_APPLICATIONS = 'applications:read';
export const ACT_ON_APPLICATIONS = 'applications:act';
export const SUBMIT_APPLICATIONS = 'applications:submit';

export const applicationsDb = (db: Db) => db.withTables<ApplicationTables>();

export async function findApplication(db: Db, id: number) {
  return applicationsDb(db)
    .selectFrom('service_applications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

type Visible = Pick<
  ApplicationRow,
  | 'owner_user_id'
  | 'applicant_person_id'
  | 'applicant_enterprise_id'
  | 'submitted_by_api_key_id'
  | 'region_code'
  | 'department_id'
>;

/** The applicant (by account, person or enterprise) and the submitting channel key. */
export function isApplicantOf(principal: Principal, row: Visible): boolean {
  if (principal.kind === 'api_key') return principal.apiKey?.id === row.submitted_by_api_key_id;
  if (principal.kind !== 'user') return false;
  return (
    (row.owner_user_id !== null && row.owner_user_id === principal.userId) ||
    (row.applicant_person_id !== null && row.applicant_person_id === principal.personId) ||
    (row.applicant_enterprise_id !== null && row.applicant_enterprise_id === principal.enterpriseId)
  );
}

/** The applicant, or staff who may read applications of its region and department. */
export function canSeeApplication(principal: Principal, row: Visible): boolean {
  return (
    isApplicantOf(principal, row) ||
    can(principal, READ_APPLICATIONS, {
      regionCode: row.region_code,
      departmentId: row.department_id,
    })
  );
}

/** The application as its workflow view shows it (the applicant's identifier masked). */
export async function loadApplicationSubject(
  db: Db,
  row: ApplicationRow,
): Promise<ApplicationSubject> {
  const materials = await applicationsDb(db)
    .selectFrom('service_application_materials')
    .selectAll()
    .where('application_id', '=', row.id)
    .orderBy('round')
    .orderBy('material_seq')
    .orderBy('id')
    .execute();
  return {
    id: row.id,
    number: row.number,
    itemCode: row.item_code,
    itemName: row.item_name,
    typeCode: row.type_code,
    departmentId: row.department_id,
    regionCode: row.region_code,
    applicantKind: row.applicant_kind,
    applicantName: row.applicant_name,
    applicantIdHint: row.applicant_id_hint,
    channel: row.channel,
    form: row.form,
    materials: materials.map((m) => ({
      materialId: m.material_seq,
      name: m.material_name,
      round: m.round,
      kind: m.kind,
      fileSha256: m.file_sha256,
      licenceNumber: m.licence_number,
      isReused: m.is_reused,
    })),
    licenceNumber: row.licence_number,
    promisedLimitDays: row.promised_limit_days,
    createdAt: row.created_at.toISOString(),
  };
}
