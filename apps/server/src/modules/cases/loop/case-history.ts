// Reads of a case's workflow history: who handled it, how often it was reworked or extended.
import type { Db } from '../../../platform/db/database.ts';

/** Whether the user performed `action` on the instance at some point. */
export async function hasActed(
  db: Db,
  instanceId: number,
  userId: number,
  action: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('workflow_history')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('action', '=', action)
    .where('actor_kind', '=', 'user')
    .where('actor_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many times each action was performed on the instance. */
export async function countActions(
  db: Db,
  instanceId: number,
  actions: string[],
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('workflow_history')
    .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('instance_id', '=', instanceId)
    .where('action', 'in', actions)
    .groupBy('action')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
}
