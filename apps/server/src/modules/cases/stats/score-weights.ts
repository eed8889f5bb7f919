// The composite score's weights: stored by a city-level administrator in settings, else the
// defaults from the environment (CASE_SCORE_WEIGHTS). A change is audited.
import type { CaseScoreWeights } from '@citygov/contracts';
import { sql } from 'kysely';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { actorOf, can, type Principal } from '../../../platform/auth/principal.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { caseLoopSettings } from '../loop/case-settings.ts';

export const CASES_CONFIGURE = 'cases:configure';
const SETTING_KEY = 'cases.score_weights';
const weightNames = [
  'closureRate',
  'onTimeRate',
  'reworkRate',
  'extensionRate',
  'satisfaction',
] as const;

function isWeights(value: unknown): value is CaseScoreWeights {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return weightNames.every((n) => typeof record[n] === 'number' && record[n] >= 0);
}

/** The weights in force. */
export async function readScoreWeights(db: Db): Promise<CaseScoreWeights> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTING_KEY)
    .executeTakeFirst();
  return isWeights(row?.value) ? row.value : { ...caseLoopSettings().scoreWeights };
}

/** Stores new weights (city-level cases:configure); at least one must be above zero. */
export async function writeScoreWeights(
  db: Db,
  principal: Principal,
  weights: CaseScoreWeights,
): Promise<CaseScoreWeights> {
  if (!can(principal, CASES_CONFIGURE, { regionCode: '500000' })) {
    throw new AppError('forbidden', 'Only a city-level administrator sets the score weights', {
      permission: CASES_CONFIGURE,
    });
  }
  if (weightNames.every((n) => weights[n] === 0)) {
    throw invalid('closureRate', 'At least one weight must be above zero');
  }
  const value = Object.fromEntries(weightNames.map((n) => [n, weights[n]])) as CaseScoreWeights;
  await inTransaction(db, async (trx) => {
    await sql`INSERT INTO settings (key, value) VALUES (${SETTING_KEY}, ${JSON.stringify(value)}::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(trx);
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'cases.score_weights_set',
      subjectType: 'setting',
      subjectId: SETTING_KEY,
      regionCode: '500000',
      data: value,
    });
  });
  return value;
}
