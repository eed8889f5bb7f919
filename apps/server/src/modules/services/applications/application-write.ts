// A submitted application as ONE statement (DR-10): the day's number from the item's counter,
// the row (with its workflow instance's id), the material files linked to it (a file used for
// two materials is linked once, by the first one's name, as linkFile did), its materials,
// the applicant's notice, and the workflow start with its intake step (startCtes: instance,
// history, events, timers, audit entries). The counter row and the audit chain head are held
// for that one statement only, not across round trips.
import type { Db } from '../../../platform/db/database.ts';
import { preparedStatement, runStatement } from '../../../platform/db/prepared.ts';
import { UPLOAD_OWNER_TYPE } from '../../../platform/files/file-access.ts';
import {
  INSTANCE_ID_RESERVATION,
  startCtes,
  startParamCount,
  startParams,
  type PlannedStart,
} from '../../../platform/workflow/index.ts';
import type { ResolvedMaterial } from './application-materials.ts';
import { APPLICATION_SUBJECT } from './application-workflows.ts';

/** The row of a new application as written (the number is the database's). */
export interface NewApplication {
  id: number;
  dayCode: string;
  day: string;
  regionCode: string;
  departmentId: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  typeCode: string;
  promisedLimitDays: number;
  applicantKind: 'person' | 'enterprise';
  applicantPersonId: number | null;
  applicantEnterpriseId: number | null;
  applicantName: string;
  applicantIdHint: string;
  ownerUserId: number | null;
  channel: string;
  submittedBy: string;
  submittedByApiKeyId: number | null;
  form: Record<string, unknown>;
  createdAt: Date;
}

/** The applicant's notice; its title carries the number, which only the statement knows. */
export interface SubmissionNotice {
  userId: number;
  titleBeforeNumber: string;
  titleAfterNumber: string;
  body: string;
  link: string;
}

// $1-$24 the application, $25-$29 its materials, $30-$35 the notice, then the workflow's.
const APPLICATION_PARAMS = 35;

const submitSql = `WITH numbered AS (
    INSERT INTO service_application_counters (item_id, day, region_code, last_seq)
    VALUES ($4::bigint, $2::date, $5::text, 1)
    ON CONFLICT (item_id, day) DO UPDATE SET last_seq = service_application_counters.last_seq + 1
    RETURNING $3::text || '-' || lpad(last_seq::text, greatest(6, length(last_seq::text)), '0')
      AS number
  ), application AS (
    INSERT INTO service_applications (id, number, region_code, department_id, item_id,
      item_code, item_name, type_code, promised_limit_days, instance_id, applicant_kind,
      applicant_person_id, applicant_enterprise_id, applicant_name, applicant_id_hint,
      owner_user_id, channel, submitted_by, submitted_by_api_key_id, form, created_at)
    SELECT $1::bigint, n.number, $5::text, $6::int, $4::bigint, $7::text, $8::text, $9::text,
      $10::int, $11::bigint, $12::text, $13::bigint, $14::bigint, $15::text, $16::text,
      $17::bigint, $18::text, $19::text, $20::bigint, $21::jsonb, $22::timestamptz
    FROM numbered n
    RETURNING id, number
  ), linked AS (
    INSERT INTO file_refs (sha256, owner_type, owner_id, region_code, name)
    SELECT DISTINCT ON (f.sha256) f.sha256, $23::text, $24::text, $5::text, f.name
    FROM unnest($25::text[], $26::text[]) WITH ORDINALITY AS f (sha256, name, n)
    WHERE f.sha256 IS NOT NULL
    ORDER BY f.sha256, f.n
    ON CONFLICT (sha256, owner_type, owner_id) DO NOTHING
  ), handed_in AS (
    INSERT INTO service_application_materials (application_id, region_code, material_seq,
      material_name, round, kind, file_sha256, licence_number, is_reused)
    SELECT a.id, $5::text, m.seq, m.name, 0,
      CASE WHEN m.sha256 IS NULL THEN 'licence' ELSE 'file' END, m.sha256, m.licence, m.is_reused
    FROM application a CROSS JOIN unnest($25::text[], $26::text[], $27::int2[], $28::text[],
      $29::boolean[]) WITH ORDINALITY AS m (sha256, name, seq, licence, is_reused, n)
    ORDER BY m.n
  ), noticed AS (
    INSERT INTO notifications (user_id, region_code, title, body, link, subject_type, subject_id)
    SELECT $30::bigint, $5::text, $31::text || a.number || $32::text, $33::text, $34::text,
      $23::text, $24::text
    FROM application a WHERE $35::boolean
  ), ${startCtes(APPLICATION_PARAMS + 1, 2)}
  SELECT a.number, w.version FROM application a CROSS JOIN wf_instance w`;

const submitStatement = preparedStatement('services_application_submit', submitSql);

const iso = (at: Date) => at.toISOString();

/**
 * Writes the application, its materials, notice and started workflow (planned with its two
 * steps: start and intake); answers the number and the instance row's version.
 */
export async function insertSubmittedApplication(
  db: Db,
  row: NewApplication,
  materials: readonly ResolvedMaterial[],
  notice: SubmissionNotice | null,
  workflow: PlannedStart,
): Promise<{ number: string; version: string }> {
  const params: unknown[] = [
    row.id,
    row.day,
    row.dayCode,
    row.itemId,
    row.regionCode,
    row.departmentId,
    row.itemCode,
    row.itemName,
    row.typeCode,
    row.promisedLimitDays,
    workflow.instance.id,
    row.applicantKind,
    row.applicantPersonId,
    row.applicantEnterpriseId,
    row.applicantName,
    row.applicantIdHint,
    row.ownerUserId,
    row.channel,
    row.submittedBy,
    row.submittedByApiKeyId,
    JSON.stringify(row.form),
    iso(row.createdAt),
    APPLICATION_SUBJECT,
    String(row.id),
    materials.map((m) => m.file),
    materials.map((m) => m.name),
    materials.map((m) => m.materialId),
    materials.map((m) => m.licence?.number ?? null),
    materials.map((m) => m.isReused),
    notice?.userId ?? null,
    notice?.titleBeforeNumber ?? '',
    notice?.titleAfterNumber ?? '',
    notice?.body ?? '',
    notice?.link ?? '',
    notice !== null,
  ];
  if (params.length !== APPLICATION_PARAMS) throw new Error('application: parameter count');
  params.push(...startParams(workflow));
  if (params.length !== APPLICATION_PARAMS + startParamCount(2)) {
    throw new Error('application: workflow parameter count');
  }
  const rows = await runStatement<{ number: string; version: string }>(db, submitStatement, params);
  return rows[0]!;
}

const factsStatement = preparedStatement(
  'services_submission_facts',
  `SELECT nextval('service_applications_id_seq') AS application_id,
      ${INSTANCE_ID_RESERVATION} AS instance_id,
      ARRAY(SELECT sha256 FROM file_refs WHERE sha256 = ANY($1::text[])
        AND owner_type = $2::text AND owner_id = $3::text) AS uploaded`,
);

/** What a submission's write needs from the database, in one round trip. */
export interface SubmissionFacts {
  /** Ids reserved for the application and its workflow instance. */
  applicationId: number;
  instanceId: number;
  /** Which of the given files the caller uploaded (the others go through the access rules). */
  uploaded: Set<string>;
}

export async function findSubmissionFacts(
  db: Db,
  uploaderIdentity: string,
  files: readonly string[],
): Promise<SubmissionFacts> {
  const [row] = await runStatement<{
    application_id: number | string;
    instance_id: number | string;
    uploaded: string[];
  }>(db, factsStatement, [files, UPLOAD_OWNER_TYPE, uploaderIdentity]);
  return {
    applicationId: Number(row!.application_id),
    instanceId: Number(row!.instance_id),
    uploaded: new Set(row!.uploaded),
  };
}
