// Accounts: staff administration (scoped to the admin's regions, audited) and citizens'
// self-registration with validated real-name data.
import { forgetCachedSessions } from '../auth/sessions.ts';
import type {
  CreateStaffBody,
  RegisterCitizenBody,
  RegisteredCitizen,
  RoleGrantBody,
  UserListQuery,
  UserRoleView,
  UserView,
} from '@citygov/contracts';
import type { AppContext } from '../http/context.ts';
import type { Principal } from '../auth/principal.ts';
import { can } from '../auth/principal.ts';
import { isKnownRole, staffRoles, type StaffRole } from '../auth/permissions.ts';
import { hashPassword } from '../auth/passwords.ts';
import { districtOf, regionPrefix } from '../auth/region.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { appendAudit, systemActor } from '../audit/ledger.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { likeText } from '../org/org-service.ts';
import { checkPersonInput, checkRegion, insertPerson } from './people-service.ts';
import { actingGrant, auditActor, prefixesFor, withinPrefixes } from './scope.ts';

const MANAGE = 'users:manage';

const isStaffRole = (role: string): role is StaffRole =>
  isKnownRole(role) && (staffRoles as readonly string[]).includes(role);

function userQuery(db: Db) {
  return db
    .selectFrom('users as u')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .select([
      'u.id',
      'u.username',
      'u.kind',
      'u.display_name',
      'u.region_code',
      'u.department_id',
      'u.person_id',
      'u.enterprise_id',
      'u.is_demo',
      'u.is_disabled',
      'u.last_login_at',
      'u.created_at',
      'd.name as department_name',
    ]);
}

async function rolesOf(db: Db, userIds: number[]): Promise<Map<number, UserRoleView[]>> {
  const byUser = new Map<number, UserRoleView[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('user_roles')
    .selectAll()
    .where('user_id', 'in', userIds)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ id: r.id, role: r.role, regionCode: r.region_code, departmentId: r.department_id });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

const toUserView = (u: UserRow, roles: UserRoleView[]): UserView => ({
  id: u.id,
  username: u.username,
  kind: u.kind,
  displayName: u.display_name,
  regionCode: u.region_code,
  departmentId: u.department_id,
  departmentName: u.department_name,
  personId: u.person_id,
  enterpriseId: u.enterprise_id,
  isDemo: u.is_demo,
  isDisabled: u.is_disabled,
  lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
  createdAt: u.created_at.toISOString(),
  roles,
});

/** Users within the regions the caller manages, with their roles. */
export async function listUsers(
  ctx: AppContext,
  principal: Principal,
  query: UserListQuery,
): Promise<UserView[]> {
  const prefixes = prefixesFor(principal, MANAGE);
  let q = userQuery(ctx.db).where((eb) => withinPrefixes(eb, 'u.region_code', prefixes));
  if (query.kind) q = q.where('u.kind', '=', query.kind);
  if (query.region) q = q.where('u.region_code', 'like', `${regionPrefix(query.region)}%`);
  if (query.departmentId) q = q.where('u.department_id', '=', query.departmentId);
  if (query.isDemo !== undefined) q = q.where('u.is_demo', '=', query.isDemo);
  if (query.isDisabled !== undefined) q = q.where('u.is_disabled', '=', query.isDisabled);
  if (query.q) {
    const text = likeText(query.q);
    q = q.where((eb) =>
      eb.or([eb('u.username', 'like', text), eb('u.display_name', 'like', text)]),
    );
  }
  if (query.role) {
    const role = query.role;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as r')
          .select('r.id')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role', '=', role),
      ),
    );
  }
  const rows = await q
    .orderBy('u.id')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  const roles = await rolesOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUserView(r, roles.get(r.id) ?? []));
}

/** A user within the caller's managed regions; 404 otherwise. */
async function findManagedUser(db: Db, principal: Principal, id: number) {
  const user = await userQuery(db).where('u.id', '=', id).executeTakeFirst();
  if (!user || !can(principal, MANAGE, { regionCode: user.region_code }))
    throw notFound('user', id);
  return user;
}

export async function getUser(
  ctx: AppContext,
  principal: Principal,
  id: number,
): Promise<UserView> {
  const user = await findManagedUser(ctx.db, principal, id);
  const roles = await rolesOf(ctx.db, [id]);
  return toUserView(user, roles.get(id) ?? []);
}

/** Checks a role grant: a staff role, in a region the caller manages, with a real department. */
async function checkRoleGrant(db: Db, principal: Principal, grant: RoleGrantBody, field: string) {
  if (!isStaffRole(grant.role)) {
    throw invalid(`${field}.role`, `${grant.role} is not a staff role (${staffRoles.join(', ')})`);
  }
  if (!can(principal, MANAGE, { regionCode: grant.regionCode })) {
    throw forbidden(`You cannot grant roles in region ${grant.regionCode}`);
  }
  await checkRegion(db, grant.regionCode, `${field}.regionCode`);
  if (grant.departmentId) await checkDepartment(db, grant.departmentId, `${field}.departmentId`);
}

async function checkDepartment(db: Db, id: number, field: string) {
  const dept = await db
    .selectFrom('departments')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!dept) throw invalid(field, `${field} ${id} is not a department`);
}

async function checkUsernameFree(db: Db, username: string) {
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (taken)
    throw new AppError('conflict', `The username ${username} is taken`, { field: 'username' });
}

/** Creates a staff account with scoped roles; audited. */
export async function createStaff(
  ctx: AppContext,
  principal: Principal,
  body: CreateStaffBody,
): Promise<UserView> {
  const grant = actingGrant(principal, MANAGE, body.regionCode);
  if (!grant) throw forbidden(`You cannot create accounts in region ${body.regionCode}`);
  await checkRegion(ctx.db, body.regionCode);
  if (body.departmentId) await checkDepartment(ctx.db, body.departmentId, 'departmentId');
  for (const [i, r] of body.roles.entries())
    await checkRoleGrant(ctx.db, principal, r, `roles.${i}`);
  await checkUsernameFree(ctx.db, body.username);
  const passwordHash = await hashPassword(body.password);
  const id = await inTransaction(ctx.db, async (trx) => {
    const { id: userId } = await trx
      .insertInto('users')
      .values({
        username: body.username,
        kind: 'staff',
        display_name: body.displayName.trim(),
        password_hash: passwordHash,
        region_code: body.regionCode,
        department_id: body.departmentId ?? null,
        person_id: null,
        enterprise_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('user_roles')
      .values(
        body.roles.map((r) => ({
          user_id: userId,
          role: r.role,
          region_code: r.regionCode,
          department_id: r.departmentId ?? null,
        })),
      )
      .execute();
    const who = auditActor(principal, grant);
    await appendAudit(trx, {
      actor: who.actor,
      action: 'users.create',
      subjectType: 'user',
      subjectId: userId,
      regionCode: body.regionCode,
      departmentId: who.departmentId,
      data: { username: body.username, roles: body.roles },
    });
    return userId;
  });
  return getUser(ctx, principal, id);
}

/** Disables (or re-enables) an account; disabling ends its sessions. Audited. */
export async function setUserDisabled(
  ctx: AppContext,
  principal: Principal,
  id: number,
  isDisabled: boolean,
): Promise<UserView> {
  const user = await findManagedUser(ctx.db, principal, id);
  if (isDisabled && id === principal.userId) {
    throw new AppError('conflict', 'You cannot disable your own account');
  }
  await inTransaction(ctx.db, async (trx) => {
    await trx.updateTable('users').set({ is_disabled: isDisabled }).where('id', '=', id).execute();
    if (isDisabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const who = auditActor(principal, actingGrant(principal, MANAGE, user.region_code));
    await appendAudit(trx, {
      actor: who.actor,
      action: isDisabled ? 'users.disable' : 'users.enable',
      subjectType: 'user',
      subjectId: id,
      regionCode: user.region_code,
      departmentId: who.departmentId,
      data: { username: user.username },
    });
  });
  forgetCachedSessions(id); // the change applies to their next request
  return getUser(ctx, principal, id);
}

/** Grants a scoped role to a staff account. Audited. */
export async function grantRole(
  ctx: AppContext,
  principal: Principal,
  id: number,
  body: RoleGrantBody,
): Promise<UserView> {
  const user = await findManagedUser(ctx.db, principal, id);
  if (user.kind !== 'staff') throw new AppError('conflict', 'Only staff accounts hold staff roles');
  await checkRoleGrant(ctx.db, principal, body, 'body');
  await inTransaction(ctx.db, async (trx) => {
    const { id: roleId } = await trx
      .insertInto('user_roles')
      .values({
        user_id: id,
        role: body.role,
        region_code: body.regionCode,
        department_id: body.departmentId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const who = auditActor(principal, actingGrant(principal, MANAGE, body.regionCode));
    await appendAudit(trx, {
      actor: who.actor,
      action: 'users.grant_role',
      subjectType: 'user',
      subjectId: id,
      regionCode: user.region_code,
      departmentId: who.departmentId,
      data: { roleId, ...body },
    });
  });
  forgetCachedSessions(id); // the change applies to their next request
  return getUser(ctx, principal, id);
}

/** Revokes one role of an account (the caller must manage the role's region too). Audited. */
export async function revokeRole(
  ctx: AppContext,
  principal: Principal,
  id: number,
  roleId: number,
): Promise<UserView> {
  const user = await findManagedUser(ctx.db, principal, id);
  const role = await ctx.db
    .selectFrom('user_roles')
    .selectAll()
    .where('id', '=', roleId)
    .where('user_id', '=', id)
    .executeTakeFirst();
  if (!role) throw notFound('role', roleId);
  if (!can(principal, MANAGE, { regionCode: role.region_code })) {
    throw forbidden(`You cannot revoke roles in region ${role.region_code}`);
  }
  await inTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('user_roles').where('id', '=', roleId).execute();
    const who = auditActor(principal, actingGrant(principal, MANAGE, role.region_code));
    await appendAudit(trx, {
      actor: who.actor,
      action: 'users.revoke_role',
      subjectType: 'user',
      subjectId: id,
      regionCode: user.region_code,
      departmentId: who.departmentId,
      data: {
        roleId,
        role: role.role,
        regionCode: role.region_code,
        departmentId: role.department_id,
      },
    });
  });
  forgetCachedSessions(id); // the change applies to their next request
  return getUser(ctx, principal, id);
}

/**
 * A citizen registers themselves: real-name data validated (ID check character, phone, name);
 * a person already on file is linked when the name matches and it has no account yet.
 */
export async function registerCitizen(
  ctx: AppContext,
  body: RegisterCitizenBody,
): Promise<RegisteredCitizen> {
  const input = checkPersonInput(body);
  if (!input.regionCode.startsWith('50')) {
    throw invalid('regionCode', 'regionCode must be a division of the city');
  }
  await checkRegion(ctx.db, input.regionCode);
  await checkUsernameFree(ctx.db, body.username);
  const passwordHash = await hashPassword(body.password);
  return inTransaction(ctx.db, async (trx) => {
    const existing = await trx
      .selectFrom('persons as p')
      .leftJoin('users as u', 'u.person_id', 'p.id')
      .select(['p.id', 'p.name', 'u.id as user_id'])
      .where('p.id_number_hash', '=', ctx.cipher.blindIndex(input.idNumber))
      .executeTakeFirst();
    if (existing?.user_id) {
      throw new AppError('conflict', 'An account already exists for this ID number');
    }
    if (existing && existing.name !== input.name) {
      throw invalid('name', 'The name does not match the ID number on file');
    }
    const personId = existing?.id ?? (await insertPerson(ctx, trx, input));
    const inserted = await trx
      .insertInto('users')
      .values({
        username: body.username,
        kind: 'citizen',
        display_name: input.name,
        password_hash: passwordHash,
        region_code: districtOf(input.regionCode),
        department_id: null,
        person_id: personId,
        enterprise_id: null,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('conflict', `The username ${body.username} is taken`);
    await appendAudit(trx, {
      actor: { ...systemActor, name: `self-registration:${body.username}` },
      action: 'users.register',
      subjectType: 'user',
      subjectId: inserted.id,
      regionCode: input.regionCode,
      personId,
      data: { username: body.username, isExistingPerson: Boolean(existing) },
    });
    return { userId: inserted.id, username: body.username, personId };
  });
}

/** Disables every demo account and revokes demo API keys; returns how many accounts. */
export async function disableDemoAccounts(db: Db): Promise<number> {
  return inTransaction(db, async (trx) => {
    const disabled = await trx
      .updateTable('users')
      .set({ is_disabled: true })
      .where('is_demo', '=', true)
      .where('is_disabled', '=', false)
      .returning('id')
      .execute();
    const ids = disabled.map((u) => u.id);
    if (ids.length > 0) await trx.deleteFrom('sessions').where('user_id', 'in', ids).execute();
    await trx
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('is_demo', '=', true)
      .where('revoked_at', 'is', null)
      .execute();
    await appendAudit(trx, {
      actor: systemActor,
      action: 'users.disable_demo',
      subjectType: 'system',
      subjectId: 'demo-accounts',
      regionCode: '500000',
      data: { count: ids.length },
    });
    return ids.length;
  });
}
