// The rater hears the agency's reply (反馈) to a bad rating: a reaction to the workflow's
// outbox event, so it runs once, after the reply has committed.
import type { OutboxEvent } from '../../platform/events/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { notify } from '../../platform/notify/notifier.ts';
import type { RatingTables } from './rating-tables.ts';
import { RECTIFICATION_SUBJECT } from './rating-workflow.ts';

export const REPLY_TOPIC = 'rating.rectification.reply';

export async function notifyRaterOfReply(event: OutboxEvent, { db }: { db: Db }): Promise<void> {
  const ratingId = Number(event.payload.subjectId);
  if (!Number.isSafeInteger(ratingId)) return;
  const rating = await db
    .withTables<RatingTables>()
    .selectFrom('service_ratings')
    .select(['id', 'rater_user_id', 'item_name', 'region_code'])
    .where('id', '=', ratingId)
    .executeTakeFirst();
  if (!rating || rating.rater_user_id === null) return;
  const reply = await db
    .selectFrom('workflow_history')
    .select('note')
    .where('instance_id', '=', Number(event.payload.instanceId))
    .where('action', '=', 'reply')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  await notify(db, {
    userIds: [Number(rating.rater_user_id)],
    title: `您对“${rating.item_name}”的评价已有整改反馈`,
    body: reply?.note ?? '部门已对您的评价作出整改反馈。',
    link: `/ratings/mine`,
    subjectType: RECTIFICATION_SUBJECT,
    subjectId: rating.id,
    regionCode: rating.region_code,
  });
}
