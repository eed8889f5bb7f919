// The hot read: an applicant's own applications without filters, newest first. One prepared
// statement finds them and writes the whole answer (an ApplicationList) as JSON text, which the
// route sends as it is: no rows to decode, no objects to build, no serializer to run.
import type { ApplicationList } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { preparedStatement, runStatement } from '../../../platform/db/prepared.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { JsonText } from '../../../platform/http/json-text.ts';
import { definitionOf } from '../../../platform/workflow/index.ts';

// Mine: the applicant's account, person, enterprise or channel key (a null matches nothing).
// One index range per column, where an OR across the columns would scan them together; each
// branch leaves out what an earlier one found ("= … IS NOT TRUE"), so the rows need neither
// de-duplicating nor fetching again. One aggregate row answers any page: the count covers
// every row, the items only the page's (a page past the end has none and the same total).
//
// A state's label and finality live in its workflow definition, in this process: the statement
// leaves a marker where they go (U+0001, the definition's key, version and state, U+0001)
// and stateFields puts them in. No other text the statement writes holds a U+0001: to_json
// writes control characters as \u0001, the rest is digits, booleans, instants and the
// definition's key and state names (a name holding one would fail loudly: no such state).
const isoFormat = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${isoFormat})`;
const mineColumns = `id, number, item_code, item_name, department_id, region_code,
  applicant_name, channel, created_at, instance_id`;
const mineJsonStatement = preparedStatement(
  'services_applications_mine',
  `WITH mine AS (
      SELECT ${mineColumns} FROM service_applications WHERE owner_user_id = $1::bigint
      UNION ALL SELECT ${mineColumns} FROM service_applications
        WHERE applicant_person_id = $2::bigint AND (owner_user_id = $1::bigint) IS NOT TRUE
      UNION ALL SELECT ${mineColumns} FROM service_applications
        WHERE applicant_enterprise_id = $3::bigint AND (owner_user_id = $1::bigint) IS NOT TRUE
          AND (applicant_person_id = $2::bigint) IS NOT TRUE
      UNION ALL SELECT ${mineColumns} FROM service_applications
        WHERE submitted_by_api_key_id = $4::bigint AND (owner_user_id = $1::bigint) IS NOT TRUE
          AND (applicant_person_id = $2::bigint) IS NOT TRUE
          AND (applicant_enterprise_id = $3::bigint) IS NOT TRUE
    ), listed AS (
      SELECT a.*, wi.state, wi.definition_key, wi.definition_version, wi.deadline_at,
        wi.is_overdue, wi.paused_at, row_number() OVER (ORDER BY a.id DESC) AS n
      FROM mine a JOIN workflow_instances wi ON wi.id = a.instance_id
    )
    SELECT '{"items":[' || coalesce(string_agg(
        '{"id":' || id || ',"number":' || to_json(number) || ',"itemCode":' || to_json(item_code)
        || ',"itemName":' || to_json(item_name) || ',"departmentId":' || department_id
        || ',"regionCode":' || to_json(region_code)
        || ',"applicantName":' || to_json(applicant_name) || ',"channel":' || to_json(channel)
        || ',"state":' || to_json(state)
        || chr(1) || definition_key || ' ' || definition_version || ' ' || state || chr(1)
        || ',"deadlineAt":' || coalesce('"' || ${iso('deadline_at')} || '"', 'null')
        || ',"isOverdue":' || is_overdue::text || ',"isPaused":' || (paused_at IS NOT NULL)::text
        || ',"createdAt":"' || ${iso('created_at')} || '"}',
        ',' ORDER BY id DESC) FILTER (WHERE n > $6::int AND n <= $6::int + $5::int), '')
      || '],"total":' || count(*) || ',"page":' || $7::int || ',"pageSize":' || $5::int || '}'
      AS answer
    FROM listed`,
);

const MARK = '\u0001';
const stateFieldsByMarker = new Map<string, string>();

/** `,"stateLabel":…,"isFinal":…` for a marker's "<definition key> <version> <state>". */
function stateFields(marked: string): string {
  let fields = stateFieldsByMarker.get(marked);
  if (fields === undefined) {
    // The key and version hold no space (the key's pattern, a number); the state may.
    const [key, version] = marked.split(' ', 2) as [string, string];
    const name = marked.slice(key.length + version.length + 2);
    const state = definitionOf(key, Number(version)).states[name];
    if (!state) throw new Error(`workflow definition "${key}" v${version} has no state ${name}`);
    const { zh, en } = state.label;
    fields =
      `,"stateLabel":{"zh":${JSON.stringify(zh)},"en":${JSON.stringify(en)}}` +
      `,"isFinal":${state.isFinal === true}`;
    stateFieldsByMarker.set(marked, fields);
  }
  return fields;
}

/** A page of the caller's own applications (newest first) as the JSON of an ApplicationList. */
export async function listMineAsJson(
  db: Db,
  principal: Principal,
  page: number,
  pageSize: number,
): Promise<JsonText<ApplicationList>> {
  const [row] = await runStatement<{ answer: string }>(db, mineJsonStatement, [
    principal.userId,
    principal.personId,
    principal.enterpriseId,
    principal.kind === 'api_key' ? principal.apiKey!.id : null,
    pageSize,
    (page - 1) * pageSize,
    page,
  ]);
  // Between the marks: text, marker, text, marker, …, text.
  const parts = row!.answer.split(MARK);
  for (let i = 1; i < parts.length; i += 2) parts[i] = stateFields(parts[i]!);
  return parts.join('');
}
