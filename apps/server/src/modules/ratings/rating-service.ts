// 好差评: rating a finished application (once, by its applicant), the public aggregate, the
// rater's own ratings and the staff's rectification queue.
import { sql, type SqlBool } from 'kysely';
import type {
  CreateRatingBody,
  RatingList,
  RatingSummary,
  RatingSummaryQuery,
  RatingView,
  RectificationList,
  RectificationListQuery,
} from '@citygov/contracts';
import { inTransaction, type Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { actorOf, scopesFor, type Principal } from '../../platform/auth/principal.ts';
import { regionPrefix } from '../../platform/auth/region.ts';
import { appendAudit } from '../../platform/audit/ledger.ts';
import { startInstance, statesWhereRoleActs } from '../../platform/workflow/index.ts';
import { findApplication, isApplicantOf } from '../services/index.ts';
import type { RatingTables } from './rating-tables.ts';
import { EXCLUDED_STATE, RECTIFICATION_SUBJECT, rectificationWorkflow } from './rating-workflow.ts';

export const SUBMIT_RATINGS = 'ratings:submit';
export const READ_RECTIFICATIONS = 'ratings:read';
export const ACT_ON_RECTIFICATIONS = 'ratings:act';
/** settings key: the rectification's overall limit in working days (localities use 5 to 15). */
export const RECTIFICATION_LIMIT_SETTING = 'ratings.rectification_limit_workdays';
const DEFAULT_LIMIT_WORKDAYS = 5;

/** Application states after which the service is over and may be rated. */
export const RATEABLE_STATES: readonly string[] = ['delivered', 'denied', 'not_accepted'];

const label = (zh: string, en: string) => ({ zh, en });
export const LEVEL_LABELS: Record<number, { zh: string; en: string }> = {
  5: label('非常满意', 'Very satisfied'),
  4: label('满意', 'Satisfied'),
  3: label('基本满意', 'Basically satisfied'),
  2: label('不满意', 'Dissatisfied'),
  1: label('非常不满意', 'Very dissatisfied'),
};
/** 不满意 or worse opens a rectification. */
const isBadLevel = (level: number) => level <= 2;

const ratingsDb = (db: Db) => db.withTables<RatingTables>();

/** The rectification limit in working days from settings (default 5). */
export async function readRectificationLimit(db: Db): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', RECTIFICATION_LIMIT_SETTING)
    .executeTakeFirst();
  const value = Number(row?.value);
  return Number.isInteger(value) && value >= 1 && value <= 60 ? value : DEFAULT_LIMIT_WORKDAYS;
}

function selectRatings(db: Db) {
  return ratingsDb(db)
    .selectFrom('service_ratings as r')
    .leftJoin('workflow_instances as i', (join) =>
      join
        .on('i.subject_type', '=', RECTIFICATION_SUBJECT)
        .on(sql<SqlBool>`i.subject_id = r.id::text`),
    )
    .selectAll('r')
    .select('i.state as rectification_state');
}
type RatingRow = Awaited<ReturnType<ReturnType<typeof selectRatings>['execute']>>[number];

function toView(r: RatingRow): RatingView {
  return {
    id: Number(r.id),
    applicationId: Number(r.application_id),
    itemCode: r.item_code,
    itemName: r.item_name,
    departmentId: r.department_id,
    regionCode: r.region_code,
    channel: r.channel as RatingView['channel'],
    staff: r.staff,
    level: r.level,
    levelLabel: LEVEL_LABELS[r.level]!,
    tags: r.tags,
    text: r.text,
    isNamed: r.is_named,
    rectificationState: r.rectification_state,
    isExcluded: r.rectification_state === EXCLUDED_STATE,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * Rates a finished application as its applicant, once. The rating records the item, the agency,
 * the staff who acted (from the workflow history) and the channel; a bad one opens a
 * rectification on the workflow engine in the same transaction.
 */
export async function createRating(
  db: Db,
  principal: Principal,
  body: CreateRatingBody,
): Promise<RatingView> {
  const application = await findApplication(db, body.applicationId);
  // Someone else's application is not revealed.
  if (!application || principal.kind !== 'user' || !isApplicantOf(principal, application)) {
    throw notFound('application', body.applicationId);
  }
  const instance =
    application.instance_id === null
      ? undefined
      : await db
          .selectFrom('workflow_instances')
          .select(['state'])
          .where('id', '=', application.instance_id)
          .executeTakeFirst();
  if (!instance || !RATEABLE_STATES.includes(instance.state)) {
    throw new AppError('state_conflict', 'The application can be rated once it is finished', {
      state: instance?.state ?? null,
      rateableStates: RATEABLE_STATES,
    });
  }
  const existing = await ratingsDb(db)
    .selectFrom('service_ratings')
    .select('id')
    .where('application_id', '=', application.id)
    .executeTakeFirst();
  if (existing) {
    throw new AppError('conflict', 'This application has already been rated (一事一评)', {
      ratingId: Number(existing.id),
    });
  }
  const staff = await db
    .selectFrom('workflow_history')
    .select(['actor_id', sql<string>`min(actor_name)`.as('name')])
    .where('instance_id', '=', application.instance_id!)
    .where('actor_kind', '=', 'user')
    .where('actor_id', 'is not', null)
    .where('actor_id', '!=', application.owner_user_id ?? -1)
    .groupBy('actor_id')
    .orderBy('actor_id')
    .execute();
  const tags = [...new Set(body.tags.map((t) => t.trim()).filter(Boolean))];
  const text = body.text?.trim() || null;
  const limit = isBadLevel(body.level) ? await readRectificationLimit(db) : 0;
  const actor = actorOf(principal);

  const id = await inTransaction(db, async (trx) => {
    const row = await ratingsDb(trx)
      .insertInto('service_ratings')
      .values({
        application_id: application.id,
        region_code: application.region_code,
        department_id: application.department_id,
        item_code: application.item_code,
        item_name: application.item_name,
        channel: application.channel,
        staff: JSON.stringify(staff.map((s) => ({ id: Number(s.actor_id), name: s.name }))),
        level: body.level,
        tags: JSON.stringify(tags),
        text,
        is_named: body.isNamed,
        rater_user_id: principal.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor,
      action: 'rating.create',
      subjectType: RECTIFICATION_SUBJECT,
      subjectId: row.id,
      regionCode: application.region_code,
      departmentId: application.department_id,
      data: { applicationId: application.id, level: body.level, isNamed: body.isNamed },
    });
    if (isBadLevel(body.level)) {
      await startInstance(trx, {
        definition: rectificationWorkflow,
        subjectType: RECTIFICATION_SUBJECT,
        subjectId: row.id,
        regionCode: application.region_code,
        departmentId: application.department_id,
        ownerUserId: principal.userId,
        actor,
        data: { isNamed: body.isNamed, level: body.level },
        limit: { amount: limit, unit: 'workdays' },
      });
    }
    return Number(row.id);
  });
  return (await findRating(db, id))!;
}

export async function findRating(db: Db, id: number): Promise<RatingView | undefined> {
  const row = await selectRatings(db).where('r.id', '=', id).executeTakeFirst();
  return row && toView(row);
}

/** The caller's own ratings, newest first. */
export async function listMyRatings(db: Db, principal: Principal): Promise<RatingList> {
  if (principal.userId === null) return { items: [] };
  const rows = await selectRatings(db)
    .where('r.rater_user_id', '=', principal.userId)
    .orderBy('r.id', 'desc')
    .limit(200)
    .execute();
  return { items: rows.map(toView) };
}

/** Public aggregate per item and/or agency; ratings excluded after an appeal do not count. */
export async function summarizeRatings(db: Db, query: RatingSummaryQuery): Promise<RatingSummary> {
  let q = ratingsDb(db)
    .selectFrom('service_ratings as r')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('workflow_instances as i')
            .select('i.id')
            .where('i.subject_type', '=', RECTIFICATION_SUBJECT)
            .where(sql<SqlBool>`i.subject_id = r.id::text`)
            .where('i.state', '=', EXCLUDED_STATE),
        ),
      ),
    );
  if (query.itemCode !== undefined) q = q.where('r.item_code', '=', query.itemCode);
  if (query.departmentId !== undefined) q = q.where('r.department_id', '=', query.departmentId);
  const rows = await q
    .select(['r.level', sql<number>`count(*)::int`.as('n')])
    .groupBy('r.level')
    .execute();
  const counts = new Map(rows.map((r) => [Number(r.level), Number(r.n)]));
  const levels = [5, 4, 3, 2, 1].map((level) => ({
    level,
    label: LEVEL_LABELS[level]!,
    count: counts.get(level) ?? 0,
  }));
  const total = levels.reduce((sum, l) => sum + l.count, 0);
  const satisfied = levels.filter((l) => l.level >= 4).reduce((sum, l) => sum + l.count, 0);
  return {
    itemCode: query.itemCode ?? null,
    departmentId: query.departmentId ?? null,
    total,
    levels,
    satisfaction: total === 0 ? null : satisfied / total,
  };
}

/**
 * Rectifications in the caller's scope: by default those where one of the caller's roles has
 * the next step, soonest deadline first; with ?state= every one in that state.
 */
export async function listRectifications(
  db: Db,
  principal: Principal,
  query: RectificationListQuery,
  now = new Date(),
): Promise<RectificationList> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const scopes = scopesFor(principal, READ_RECTIFICATIONS);
  let base = ratingsDb(db)
    .selectFrom('service_ratings as r')
    .innerJoin('workflow_instances as i', (join) =>
      join
        .on('i.subject_type', '=', RECTIFICATION_SUBJECT)
        .on(sql<SqlBool>`i.subject_id = r.id::text`),
    )
    .where((eb) => {
      const inScope = (prefix: string, departmentId: number | null) =>
        departmentId === null
          ? eb('r.region_code', 'like', `${prefix}%`)
          : eb.and([
              eb('r.region_code', 'like', `${prefix}%`),
              eb('r.department_id', '=', departmentId),
            ]);
      const readable = eb.or(scopes.map((s) => inScope(s.prefix, s.departmentId)));
      if (query.state) return eb.and([readable, eb('i.state', '=', query.state)]);
      const todo = principal.grants.flatMap((g) => {
        const states = statesWhereRoleActs(rectificationWorkflow, g.role);
        return states.length
          ? [
              eb.and([
                eb('i.state', 'in', states),
                inScope(regionPrefix(g.regionCode), g.departmentId),
              ]),
            ]
          : [];
      });
      return eb.and([readable, eb.or(todo)]);
    });
  if (query.applicationId !== undefined) {
    base = base.where('r.application_id', '=', query.applicationId);
  }
  const [rows, count] = await Promise.all([
    base
      .select([
        'r.id',
        'r.level',
        'r.item_code',
        'r.item_name',
        'r.department_id',
        'r.region_code',
        'r.is_named',
        'r.created_at',
        'i.state',
        'i.deadline_at',
        'i.is_overdue',
        'i.paused_at',
        'i.closed_at',
      ])
      .orderBy(sql`i.deadline_at ASC NULLS LAST`)
      .orderBy('r.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      ratingId: Number(r.id),
      level: r.level,
      itemCode: r.item_code,
      itemName: r.item_name,
      departmentId: r.department_id,
      regionCode: r.region_code,
      isNamed: r.is_named,
      state: r.state,
      stateLabel: rectificationWorkflow.states[r.state]?.label ?? label(r.state, r.state),
      deadlineAt: r.deadline_at?.toISOString() ?? null,
      isOverdue:
        r.is_overdue ||
        (r.deadline_at !== null &&
          r.closed_at === null &&
          r.paused_at === null &&
          r.deadline_at < now),
      createdAt: r.created_at.toISOString(),
    })),
    total: Number(count.n),
    page,
    pageSize,
  };
}

/** The rating shown as `subject` in a rectification's workflow view (the rater is not named). */
export async function loadRectificationSubject(
  db: Db,
  instance: { subject_id: string },
): Promise<Record<string, unknown> | undefined> {
  if (!/^[1-9][0-9]{0,15}$/.test(instance.subject_id)) return undefined;
  return findRating(db, Number(instance.subject_id));
}
