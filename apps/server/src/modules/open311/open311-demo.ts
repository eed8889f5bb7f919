// The demo Open311 key: secret `demo-open311`, owned by the demo call taker, filing reports only.
import type { AppContext } from '../../platform/http/context.ts';
import { sha256 } from '../../platform/auth/sessions.ts';
import { CASES_REPORT } from '../cases/index.ts';

export const DEMO_OPEN311_SECRET = 'demo-open311';

/** Creates the key once; false when it exists already (or the owner is missing). */
export async function seedDemoOpen311Key(
  ctx: AppContext,
  ownerUsername = 'calltaker',
): Promise<boolean> {
  const prefix = DEMO_OPEN311_SECRET.slice(0, 12);
  const existing = await ctx.db
    .selectFrom('api_keys')
    .select('id')
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  if (existing) return false;
  const owner = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', ownerUsername)
    .executeTakeFirst();
  if (!owner) throw new Error(`the demo Open311 key needs the user ${ownerUsername}`);
  await ctx.db
    .insertInto('api_keys')
    .values({
      prefix,
      key_hash: sha256(DEMO_OPEN311_SECRET),
      name: 'Open311 demo',
      owner_user_id: owner.id,
      channel: 'open311',
      device_id: null,
      permissions: [CASES_REPORT],
      region_code: '500000',
      is_demo: true,
    })
    .execute();
  return true;
}
