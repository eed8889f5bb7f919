// A new case in TWO statements (DR-9's thinking, applied to intake), neither in a transaction:
//
// 1. claimCaseNumber: the duplicate check, then (when nothing blocks) the next number of the
//    district and day, the case's id, its workflow instance's id (reserved here rather than by
//    a statement of its own beside this one) and its responsible department. The counter row
//    is held for this statement only. A case whose writing then fails leaves its number (and
//    its ids) unused: case numbers may have gaps, never repeats. The open cases nearby are
//    found by their class and open cell's key (cases_open_class_key_idx, migration 0032), which
//    says they are open.
//    Outside a transaction it commits without waiting for its WAL to reach disk
//    (synchronous_commit off for this statement only): the case's own statement comes after it
//    in the WAL and waits for the flush, so a case that is durable has a durable number, and a
//    crash can only lose claims whose cases were never answered. Without that wait the
//    district's counter row is held for the statement's work alone, not for a disk flush: the
//    claims of one district followed one another one flush at a time, and a slow flush (a
//    checkpoint's writes) stalled every lane that held a claim of that district.
// 2. insertReportedCase: the case, its first reporter, lead department, photos, count for the
//    indicators and workflow variant, an Open311 client's token, and its workflow start (startCtes: instance, history,
//    outbox event, timers, audit entry), together or not at all. The audit chain head is held
//    for this statement only.
// 3. joinReportedCase: a report that joins an open case instead (its reporter, an Open311
//    token, the audit entry), when nobody is to be notified and no photo linked: Open311's
//    joins, a few in a hundred requests, had taken a transaction of eight round trips.
//
// All are named prepared statements that run on the pipelined connections (runStatement).
import type { CaseChannel, Urgency } from '@citygov/contracts';
import { CITY_CODE } from '../../../platform/org/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import {
  auditAppendParams,
  auditAppendSql,
  type PreparedAuditEntry,
} from '../../../platform/audit/ledger.ts';
import { preparedStatement, runStatement } from '../../../platform/db/prepared.ts';
import {
  INSTANCE_ID_RESERVATION,
  startCtes,
  startParamCount,
  startParams,
  type PlannedStart,
} from '../../../platform/workflow/index.ts';
import { bareOpenClassCellKeySql, openClassCellKeys } from './case-cells.ts';
import { CASE_FILE_OWNER } from './case-photos.ts';

export interface NumberClaim {
  categoryCode: string;
  /** The grid's district. */
  regionCode: string;
  /** Beijing day, YYYYMMDD. */
  numberDay: string;
  /** The category's municipal department; its district counterpart takes the case if any. */
  municipalCode: string | null;
  /** Open cases of the class reported since, in this box and these map cells, block it. */
  duplicates: {
    since: Date;
    box: { minLat: number; maxLat: number; minLon: number; maxLon: number };
    cells: number[];
  } | null;
}

export interface ResponsibleDepartmentRow {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  isDistrictCounterpart: boolean;
}

export interface ClaimedNumber {
  caseId: number;
  caseNumber: string;
  /** The id reserved for the case's workflow instance (as reserveInstanceId would). */
  instanceId: number;
  department: ResponsibleDepartmentRow | null;
}

const claimStatement = preparedStatement(
  'case_intake_claim',
  `WITH nearby AS (
    SELECT 1 FROM cases
    WHERE $7::boolean AND ${bareOpenClassCellKeySql} = ANY($1::text[])
      AND created_at >= $8::timestamptz
      AND lat BETWEEN $9::float8 AND $10::float8 AND lon BETWEEN $11::float8 AND $12::float8
    LIMIT 1
  ), municipal AS (
    SELECT id, code, name FROM departments WHERE code = $4::text
  ), lead AS (
    SELECT id, code, name, region_code, true AS is_counterpart FROM departments
    WHERE city_department_id = (SELECT id FROM municipal) AND region_code = $5::text
    UNION ALL
    SELECT id, code, name, $6::text, false FROM municipal
    ORDER BY is_counterpart DESC, id
    LIMIT 1
  ), numbered AS (
    INSERT INTO case_number_counters AS n (region_code, day, last)
    SELECT $2::text, $3::text, 1 WHERE NOT EXISTS (SELECT 1 FROM nearby)
      AND ($13::boolean IS NOT TRUE OR set_config('synchronous_commit', 'off', true) = 'off')
    ON CONFLICT (region_code, day) DO UPDATE SET last = n.last + 1
    RETURNING last
  )
  SELECT nextval('cases_id_seq') AS case_id, ${INSTANCE_ID_RESERVATION} AS instance_id,
    $2::text || '-' || $3::text || '-' || lpad(n.last::text, greatest(5, length(n.last::text)), '0')
      AS case_number,
    l.id AS department_id, l.code AS department_code, l.name AS department_name,
    l.region_code AS department_region, l.is_counterpart
  FROM numbered n LEFT JOIN lead l ON true`,
);

interface ClaimRow {
  case_id: number | string;
  instance_id: number | string;
  case_number: string;
  department_id: number | null;
  department_code: string | null;
  department_name: string | null;
  department_region: string | null;
  is_counterpart: boolean | null;
}

/** Numbers a new case; null when an open case of the class lies in the duplicate box. */
export async function claimCaseNumber(db: Db, claim: NumberClaim): Promise<ClaimedNumber | null> {
  const { duplicates } = claim;
  const box = duplicates?.box;
  const rows = await runStatement<ClaimRow>(db, claimStatement, [
    duplicates ? openClassCellKeys(claim.categoryCode, duplicates.cells) : [],
    claim.regionCode,
    claim.numberDay,
    claim.municipalCode,
    claim.regionCode.slice(0, 6),
    CITY_CODE,
    duplicates !== null,
    duplicates?.since.toISOString() ?? null,
    box?.minLat ?? null,
    box?.maxLat ?? null,
    box?.minLon ?? null,
    box?.maxLon ?? null,
    // Its own transaction (see above); in a caller's transaction the caller's commit decides.
    !db.isTransaction,
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    caseId: Number(row.case_id),
    caseNumber: row.case_number,
    instanceId: Number(row.instance_id),
    department:
      row.department_id === null
        ? null
        : {
            id: row.department_id,
            code: row.department_code!,
            name: row.department_name!,
            regionCode: row.department_region!,
            isDistrictCounterpart: row.is_counterpart === true,
          },
  };
}

/** A reporter as stored with a case (the phone encrypted, its blind index and mask). */
export interface StoredReporter {
  userId: number | null;
  name: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  wantsCallback: boolean;
}

/** A numbered case as written. */
export interface ReportedCase {
  id: number;
  caseNumber: string;
  regionCode: string;
  gridCode: string;
  categoryCode: string;
  componentId: string | null;
  lat: number;
  lon: number;
  address: string | null;
  description: string;
  urgency: Urgency;
  channel: CaseChannel;
  isAnonymous: boolean;
  reporter: StoredReporter;
  departmentId: number | null;
  workflowKey: string;
  createdBy: number | null;
  createdAt: Date;
  /** Beijing day, YYYY-MM-DD (the indicators' day). */
  statsDay: string;
  /** The variant's step limits (JSON) when this process has not stored it yet, else null. */
  variantLimits: string | null;
  /** Checked photos (sha256) linked to the case. */
  photos: readonly string[];
  /** The token an Open311 client is answered with (open311_tokens), written with the case. */
  open311Token: { token: string; apiKeyId: number | null } | null;
}

// $1-$29 the case and its rows, then the workflow start's.
const CASE_PARAMS = 29;

const insertStatement = preparedStatement(
  'case_intake_insert',
  `WITH created AS (
    INSERT INTO cases (id, case_number, region_code, grid_code, category_code, component_id,
      lat, lon, address, description, urgency, channel, is_anonymous, reporter_user_id,
      reporter_name, reporter_phone_enc, reporter_phone_hash, reporter_phone_masked,
      wants_callback, department_id, workflow_key, created_by, created_at)
    VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::float8,
      $8::float8, $9::text, $10::text, $11::text, $12::text, $13::boolean, $14::bigint,
      $15::text, $16::text, $17::text, $18::text, $19::boolean, $20::int, $21::text,
      $22::bigint, $23::timestamptz)
    RETURNING id
  ), reported AS (
    INSERT INTO case_reporters (case_id, region_code, user_id, name, phone_enc, phone_hash,
      phone_masked, channel, is_anonymous, wants_callback, description, joined_at)
    SELECT id, $3::text, $14::bigint, $15::text, $16::text, $17::text, $18::text, $12::text,
      $13::boolean, $19::boolean, NULL, $23::timestamptz
    FROM created
  ), led AS (
    INSERT INTO case_departments (case_id, region_code, department_id, is_lead, assigned_at)
    SELECT id, $3::text, $20::int, true, $23::timestamptz FROM created
    WHERE $20::int IS NOT NULL
  ), counted AS (
    INSERT INTO case_stat_deltas (day, region_code, department_id, intake)
    SELECT $24::date, $3::text, coalesce($20::int, 0), 1 FROM created
  ), remembered AS (
    INSERT INTO case_workflow_variants (key, step_limits)
    SELECT $21::text, $25::jsonb FROM created WHERE $25::jsonb IS NOT NULL
    ON CONFLICT (key) DO NOTHING
  ), linked AS (
    INSERT INTO file_refs (sha256, owner_type, owner_id, region_code, name)
    SELECT p.sha256, '${CASE_FILE_OWNER}', $27::text, $3::text, 'report'
    FROM created CROSS JOIN unnest($26::text[]) AS p (sha256)
    ON CONFLICT (sha256, owner_type, owner_id) DO NOTHING
  ), tokened AS (
    INSERT INTO open311_tokens (token, case_id, api_key_id, region_code)
    SELECT $28::text, id, $29::bigint, $3::text FROM created WHERE $28::text IS NOT NULL
  ), ${startCtes(CASE_PARAMS + 1, 1)}
  SELECT w.version FROM created CROSS JOIN wf_instance w`,
);

/** Writes the case, its rows and its started workflow; answers the instance row's version. */
export async function insertReportedCase(
  db: Db,
  row: ReportedCase,
  workflow: PlannedStart,
): Promise<string> {
  const { reporter } = row;
  const params: unknown[] = [
    row.id,
    row.caseNumber,
    row.regionCode,
    row.gridCode,
    row.categoryCode,
    row.componentId,
    row.lat,
    row.lon,
    row.address,
    row.description,
    row.urgency,
    row.channel,
    row.isAnonymous,
    reporter.userId,
    reporter.name,
    reporter.phoneEnc,
    reporter.phoneHash,
    reporter.phoneMasked,
    reporter.wantsCallback,
    row.departmentId,
    row.workflowKey,
    row.createdBy,
    row.createdAt.toISOString(),
    row.statsDay,
    row.variantLimits,
    row.photos,
    String(row.id),
    row.open311Token?.token ?? null,
    row.open311Token?.apiKeyId ?? null,
  ];
  if (params.length !== CASE_PARAMS) throw new Error('case intake: parameter count');
  params.push(...startParams(workflow));
  if (params.length !== CASE_PARAMS + startParamCount(1)) {
    throw new Error('case intake: workflow parameter count');
  }
  const rows = await runStatement<{ version: string }>(db, insertStatement, params);
  return rows[0]!.version;
}

/** A report joining an open case: its reporter, and an Open311 client's token. */
export interface JoiningReport {
  caseId: number;
  categoryCode: string;
  /** The district the case is taken to be in (the report's); the audit entry names it. */
  regionCode: string;
  /** States in which a case takes no more reports. */
  endStates: readonly string[];
  reporter: StoredReporter & { channel: CaseChannel; isAnonymous: boolean };
  description: string;
  open311Token: { token: string; apiKeyId: number | null } | null;
  audit: PreparedAuditEntry;
}

export interface JoinTarget {
  caseNumber: string;
  regionCode: string;
  categoryCode: string;
  state: string;
  isClosed: boolean;
  isJoined: boolean;
}

// $1-$15 the case, the checks and the rows, then the audit entry's.
const JOIN_PARAMS = 15;

// The case row is locked for this statement only; nothing is written unless the case is open,
// of the class and in the district the audit entry names (the caller falls back otherwise).
const joinStatement = preparedStatement(
  'case_intake_join',
  `WITH target AS (
    SELECT c.id, c.case_number, c.region_code, c.category_code, i.state,
      i.closed_at IS NOT NULL AS is_closed
    FROM cases c
    JOIN workflow_instances i ON i.subject_type = 'case' AND i.subject_id = c.id::text
    WHERE c.id = $1::bigint
    FOR UPDATE OF c
  ), joined AS (
    SELECT id, region_code FROM target
    WHERE NOT is_closed AND state <> ALL($2::text[]) AND category_code = $3::text
      AND region_code = $4::text
  ), reported AS (
    INSERT INTO case_reporters (case_id, region_code, user_id, name, phone_enc, phone_hash,
      phone_masked, channel, is_anonymous, wants_callback, description)
    SELECT id, region_code, $5::bigint, $6::text, $7::text, $8::text, $9::text, $10::text,
      $11::boolean, $12::boolean, $13::text
    FROM joined
  ), counted AS (
    UPDATE cases SET reporter_count = reporter_count + 1 WHERE id = (SELECT id FROM joined)
  ), tokened AS (
    INSERT INTO open311_tokens (token, case_id, api_key_id, region_code)
    SELECT $14::text, id, $15::bigint, region_code FROM joined WHERE $14::text IS NOT NULL
  ), ${auditAppendSql(JOIN_PARAMS + 1, 'joined')}
  SELECT t.case_number, t.region_code, t.category_code, t.state, t.is_closed,
    EXISTS (SELECT 1 FROM joined) AS is_joined
  FROM target t`,
);

interface JoinRow {
  case_number: string;
  region_code: string;
  category_code: string;
  state: string;
  is_closed: boolean;
  is_joined: boolean;
}

/**
 * Adds a reporter (and an Open311 token) to an open case with its audit entry, in one
 * statement; answers what it found of the case (isJoined: written), undefined when none.
 */
export async function joinReportedCase(
  db: Db,
  join: JoiningReport,
): Promise<JoinTarget | undefined> {
  const { reporter } = join;
  const params: unknown[] = [
    join.caseId,
    join.endStates,
    join.categoryCode,
    join.regionCode,
    reporter.userId,
    reporter.name,
    reporter.phoneEnc,
    reporter.phoneHash,
    reporter.phoneMasked,
    reporter.channel,
    reporter.isAnonymous,
    reporter.wantsCallback,
    join.description,
    join.open311Token?.token ?? null,
    join.open311Token?.apiKeyId ?? null,
  ];
  if (params.length !== JOIN_PARAMS) throw new Error('case join: parameter count');
  params.push(...auditAppendParams(join.audit));
  const rows = await runStatement<JoinRow>(db, joinStatement, params);
  const row = rows[0];
  if (!row) return undefined;
  return {
    caseNumber: row.case_number,
    regionCode: row.region_code,
    categoryCode: row.category_code,
    state: row.state,
    isClosed: row.is_closed,
    isJoined: row.is_joined,
  };
}
