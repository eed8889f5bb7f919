// Demo accounts: staff (scoped roles), citizens citizen1 … citizen9, enterprise1. All share one
// argon2id hash of the password `demo` (hashed once: argon2 is slow on purpose) and are marked
// is_demo, so `npm run seed -- --disable-demo` can find them.
import type { Db } from '../platform/db/database.ts';
import { districtOf } from '../platform/auth/region.ts';
import type { StaffSpec } from './staff.ts';

export const DEMO_PASSWORD = 'demo';
export const DEMO_CITIZENS = 9;

const BATCH = 500;

/** Inserts the staff accounts and their roles; returns how many accounts were created. */
export async function insertDemoStaff(
  trx: Db,
  specs: readonly StaffSpec[],
  passwordHash: string,
): Promise<number> {
  const departments = await trx.selectFrom('departments').select(['id', 'code']).execute();
  const departmentId = new Map(departments.map((d) => [d.code, d.id]));
  const idOf = (code: string | null) => {
    if (code === null) return null;
    const id = departmentId.get(code);
    if (id === undefined) throw new Error(`demo staff refer to unknown department ${code}`);
    return id;
  };
  let created = 0;
  for (let i = 0; i < specs.length; i += BATCH) {
    const batch = specs.slice(i, i + BATCH);
    const users = await trx
      .insertInto('users')
      .values(
        batch.map((s) => ({
          username: s.username,
          kind: 'staff' as const,
          display_name: s.displayName,
          password_hash: passwordHash,
          region_code: s.regionCode,
          department_id: idOf(s.departmentCode),
          person_id: null,
          enterprise_id: null,
          is_demo: true,
        })),
      )
      .onConflict((oc) => oc.column('username').doNothing())
      .returning(['id', 'username'])
      .execute();
    const bySpec = new Map(batch.map((s) => [s.username, s]));
    if (users.length > 0) {
      await trx
        .insertInto('user_roles')
        .values(
          users.map((u) => {
            const s = bySpec.get(u.username)!;
            return {
              user_id: u.id,
              role: s.role,
              region_code: s.regionCode,
              department_id: s.isDepartmentBound ? idOf(s.departmentCode) : null,
            };
          }),
        )
        .execute();
    }
    created += users.length;
  }
  return created;
}

/** citizen1 … citizenN, for the persons whose ID numbers have these blind-index hashes. */
export async function insertDemoCitizens(
  trx: Db,
  passwordHash: string,
  idNumberHashes: readonly string[],
): Promise<number> {
  if (idNumberHashes.length === 0) return 0;
  const found = await trx
    .selectFrom('persons')
    .select(['id', 'name', 'region_code', 'id_number_hash'])
    .where('id_number_hash', 'in', idNumberHashes)
    .execute();
  const byHash = new Map(found.map((p) => [p.id_number_hash, p]));
  const persons = idNumberHashes.flatMap((hash, i) => {
    const p = byHash.get(hash);
    return p ? [{ ...p, username: `citizen${i + 1}` }] : [];
  });
  const rows = await trx
    .insertInto('users')
    .values(
      persons.map((p) => ({
        username: p.username,
        kind: 'citizen' as const,
        display_name: p.name,
        password_hash: passwordHash,
        region_code: districtOf(p.region_code),
        department_id: null,
        person_id: p.id,
        enterprise_id: null,
        is_demo: true,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** enterprise1, for the enterprise with this unified social credit code. */
export async function insertDemoEnterpriseAccount(
  trx: Db,
  passwordHash: string,
  uscc: string,
): Promise<number> {
  const enterprise = await trx
    .selectFrom('enterprises')
    .select(['id', 'name', 'region_code'])
    .where('uscc', '=', uscc)
    .executeTakeFirst();
  if (!enterprise) return 0;
  const rows = await trx
    .insertInto('users')
    .values({
      username: 'enterprise1',
      kind: 'enterprise',
      display_name: enterprise.name,
      password_hash: passwordHash,
      region_code: enterprise.region_code,
      department_id: null,
      person_id: null,
      enterprise_id: enterprise.id,
      is_demo: true,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return rows.length;
}
