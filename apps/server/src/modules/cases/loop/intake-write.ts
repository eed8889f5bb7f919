// A new case's own rows as ONE statement (DR-9's thinking, applied to intake): the duplicate
// check, the responsible department, the case number, the case, its first reporter, its lead
// department, its workflow variant and its count for the indicators are CTEs of one named
// prepared statement, in the intake's transaction. When an open case of the class lies in the
// duplicate box, nothing is written and the statement says so.
import { CITY_CODE } from '../../../platform/org/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { preparedStatement, runStatement } from '../../../platform/db/prepared.ts';
import type { CaseChannel, Urgency } from '@citygov/contracts';
import { bareCellKeySql } from './case-cells.ts';

export interface IntakeWrite {
  categoryCode: string;
  /** The grid's district. */
  regionCode: string;
  gridCode: string;
  componentId: string | null;
  lat: number;
  lon: number;
  address: string | null;
  description: string;
  urgency: Urgency;
  channel: CaseChannel;
  isAnonymous: boolean;
  reporter: {
    userId: number | null;
    name: string | null;
    phoneEnc: string | null;
    phoneHash: string | null;
    phoneMasked: string | null;
    wantsCallback: boolean;
  };
  workflowKey: string;
  createdBy: number | null;
  createdAt: Date;
  /** Case-number day (YYYYMMDD) and indicator day (YYYY-MM-DD), both Beijing time. */
  numberDay: string;
  statsDay: string;
  /** The category's municipal department; its district counterpart takes the case if any. */
  municipalCode: string | null;
  /** Open cases of the class reported since, in this box and these map cells, block it. */
  duplicates: {
    since: Date;
    box: { minLat: number; maxLat: number; minLon: number; maxLon: number };
    cells: number[];
  } | null;
  /** The variant's step limits when this process has not stored it yet, else null. */
  variantLimits: string | null;
}

export interface WrittenIntake {
  id: number;
  caseNumber: string;
  department: {
    id: number;
    code: string;
    name: string;
    regionCode: string;
    isDistrictCounterpart: boolean;
  } | null;
}

const intakeSql = preparedStatement(
  'case_intake',
  `WITH nearby AS (
    SELECT 1 FROM cases
    WHERE $27::boolean AND ${bareCellKeySql} = ANY($28::int[])
      AND created_at >= $29::timestamptz
      AND lat BETWEEN $30::float8 AND $31::float8 AND lon BETWEEN $32::float8 AND $33::float8
      AND category_code = $1::text AND is_open
    LIMIT 1
  ), municipal AS (
    SELECT id, code, name FROM departments WHERE code = $24::text
  ), lead AS (
    SELECT id, code, name, region_code, true AS is_counterpart FROM departments
    WHERE city_department_id = (SELECT id FROM municipal) AND region_code = $25::text
    UNION ALL
    SELECT id, code, name, $26::text, false FROM municipal
    ORDER BY is_counterpart DESC, id
    LIMIT 1
  ), numbered AS (
    INSERT INTO case_number_counters AS n (region_code, day, last)
    SELECT $2::text, $21::text, 1 WHERE NOT EXISTS (SELECT 1 FROM nearby)
    ON CONFLICT (region_code, day) DO UPDATE SET last = n.last + 1
    RETURNING last
  ), created AS (
    INSERT INTO cases (case_number, region_code, grid_code, category_code, component_id, lat, lon,
      address, description, urgency, channel, is_anonymous, reporter_user_id, reporter_name,
      reporter_phone_enc, reporter_phone_hash, reporter_phone_masked, wants_callback,
      department_id, workflow_key, created_by, created_at)
    SELECT $2::text || '-' || $21::text || '-' || lpad(last::text, greatest(5, length(last::text)), '0'),
      $2::text, $3::text, $1::text, $4::text, $5::float8, $6::float8, $7::text, $8::text,
      $9::text, $10::text, $11::boolean, $12::bigint, $13::text, $14::text, $15::text, $16::text,
      $17::boolean, (SELECT id FROM lead), $18::text, $19::bigint, $20::timestamptz
    FROM numbered
    RETURNING id, case_number, department_id
  ), reported AS (
    INSERT INTO case_reporters (case_id, region_code, user_id, name, phone_enc, phone_hash,
      phone_masked, channel, is_anonymous, wants_callback, description, joined_at)
    SELECT id, $2::text, $12::bigint, $13::text, $14::text, $15::text, $16::text, $10::text,
      $11::boolean, $17::boolean, NULL, $20::timestamptz
    FROM created
  ), led AS (
    INSERT INTO case_departments (case_id, region_code, department_id, is_lead, assigned_at)
    SELECT id, $2::text, department_id, true, $20::timestamptz FROM created
    WHERE department_id IS NOT NULL
  ), counted AS (
    INSERT INTO case_stat_deltas (day, region_code, department_id, intake)
    SELECT $22::date, $2::text, coalesce(department_id, 0), 1 FROM created
  ), remembered AS (
    INSERT INTO case_workflow_variants (key, step_limits)
    SELECT $18::text, $23::jsonb FROM created WHERE $23::jsonb IS NOT NULL
    ON CONFLICT (key) DO NOTHING
  )
  SELECT c.id, c.case_number, l.id AS department_id, l.code AS department_code,
    l.name AS department_name, l.region_code AS department_region,
    l.is_counterpart, EXISTS (SELECT 1 FROM nearby) AS is_blocked
  FROM (SELECT 1) AS one
    LEFT JOIN created c ON true
    LEFT JOIN lead l ON c.department_id = l.id`,
);

interface IntakeRow {
  id: string | number | null;
  case_number: string | null;
  department_id: number | null;
  department_code: string | null;
  department_name: string | null;
  department_region: string | null;
  is_counterpart: boolean | null;
  is_blocked: boolean;
}

/**
 * Writes the case's rows (in the caller's transaction); null when an open case of the class
 * lies in the duplicate box (nothing written then).
 */
export async function writeIntake(trx: Db, write: IntakeWrite): Promise<WrittenIntake | null> {
  const { reporter, duplicates } = write;
  const box = duplicates?.box;
  const rows = await runStatement<IntakeRow>(trx, intakeSql, [
    write.categoryCode,
    write.regionCode,
    write.gridCode,
    write.componentId,
    write.lat,
    write.lon,
    write.address,
    write.description,
    write.urgency,
    write.channel,
    write.isAnonymous,
    reporter.userId,
    reporter.name,
    reporter.phoneEnc,
    reporter.phoneHash,
    reporter.phoneMasked,
    reporter.wantsCallback,
    write.workflowKey,
    write.createdBy,
    write.createdAt.toISOString(),
    write.numberDay,
    write.statsDay,
    write.variantLimits,
    write.municipalCode,
    write.regionCode.slice(0, 6),
    CITY_CODE,
    duplicates !== null,
    duplicates?.cells ?? [],
    duplicates?.since.toISOString() ?? null,
    box?.minLat ?? null,
    box?.maxLat ?? null,
    box?.minLon ?? null,
    box?.maxLon ?? null,
  ]);
  const row = rows[0]!;
  if (row.is_blocked || row.id === null) return null;
  return {
    id: Number(row.id),
    caseNumber: row.case_number!,
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
