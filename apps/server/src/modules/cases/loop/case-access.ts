// Who may see and act on a case: staff with the permission in the case's district and lead
// department, staff of an assisting department (一键联动), the reporters, the owner.
import type { Db } from '../../../platform/db/database.ts';
import { can, type Principal } from '../../../platform/auth/principal.ts';
import { isWithinRegion } from '../../../platform/auth/region.ts';
import type { WorkflowInstance } from '../../../platform/workflow/index.ts';
import { loopDb } from './case-repository.ts';

export const CASES_READ = 'cases:read';
export const CASES_ACT = 'cases:act';
export const CASES_REPORT = 'cases:report';
export const CASES_LOOKUP_PHONE = 'cases:lookup-phone';
export const CASES_INDICATORS = 'cases:indicators';

type InstanceScope = Pick<WorkflowInstance, 'region_code' | 'department_id' | 'owner_user_id'>;

export const isCaseOwner = (principal: Principal, instance: InstanceScope) =>
  principal.kind === 'user' &&
  principal.userId !== null &&
  principal.userId === instance.owner_user_id;

/** Staff whose read scope covers the case's district and lead department. */
export const canReadInScope = (principal: Principal, instance: InstanceScope) =>
  can(principal, CASES_READ, {
    regionCode: instance.region_code,
    departmentId: instance.department_id,
  });

/** Whether the principal may see the case at all (else it is answered as not found). */
export async function canSeeCase(
  db: Db,
  principal: Principal,
  caseId: number,
  instance: InstanceScope,
): Promise<boolean> {
  if (isCaseOwner(principal, instance) || canReadInScope(principal, instance)) return true;
  const departmentIds = principal.grants
    .filter(
      (g) =>
        g.departmentId !== null &&
        g.permissions.has(CASES_READ) &&
        isWithinRegion(instance.region_code, g.regionCode),
    )
    .map((g) => g.departmentId!);
  if (departmentIds.length) {
    const assisting = await loopDb(db)
      .selectFrom('case_departments')
      .select('department_id')
      .where('case_id', '=', caseId)
      .where('department_id', 'in', departmentIds)
      .executeTakeFirst();
    if (assisting) return true;
  }
  if (principal.kind === 'user' && principal.userId !== null) {
    const reporter = await loopDb(db)
      .selectFrom('case_reporters')
      .select('id')
      .where('case_id', '=', caseId)
      .where('user_id', '=', principal.userId)
      .executeTakeFirst();
    if (reporter) return true;
  }
  return false;
}

/** Whether the principal may act on the case (the workflow then checks the role per action). */
export const canActOnCase = (principal: Principal, instance: InstanceScope) =>
  isCaseOwner(principal, instance) ||
  can(principal, CASES_ACT, {
    regionCode: instance.region_code,
    departmentId: instance.department_id,
  });
