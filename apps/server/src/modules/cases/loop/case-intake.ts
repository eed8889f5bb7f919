// Case intake (受理): validate the report, route it (grid → district, category → department,
// urgency → step limits), offer an open case of the same class nearby instead of a duplicate,
// then write the case, its reporter, its photos and start its workflow in one transaction.
import type { CaseChannel, CaseIntakeResult, CreateCaseBody, NearbyCase } from '@citygov/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/http/context.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { actorOf, can, type Principal } from '../../../platform/auth/principal.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import { maskPhone } from '../../../platform/crypto/identifiers.ts';
import { checkPhone } from '../../../platform/people/index.ts';
import { startInstance } from '../../../platform/workflow/index.ts';
import { resolveCaseRouting } from '../routing.ts';
import { distanceM, metresPerDegreeLon, METRES_PER_DEGREE_LAT } from '../geo.ts';
import { caseLoopSettings } from './case-settings.ts';
import { checkPhotos, linkPhotos } from './case-photos.ts';
import {
  asSummaryRow,
  findCaseSummary,
  loopDb,
  selectCases,
  stateLabelOf,
  summaryColumns,
  toCaseSummary,
} from './case-repository.ts';
import { CASE_SUBJECT, caseWorkflowFor, endStates, rememberCaseWorkflow } from './case-workflow.ts';
import { recordIntake } from '../stats/record-step.ts';

/** Filing for a caller (12319) needs this; call takers hold it. */
export const CASES_REPORT_FOR_CALLER = 'cases:report-for-caller';

export interface ReportOptions {
  /** Set by channel adapters (Open311, sensors); derived from the caller otherwise. */
  channel?: CaseChannel;
  now?: Date;
}

const shanghaiDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at).replaceAll('-', '');

/** The next case number of a district and day: 500105-20260915-00012. */
async function nextCaseNumber(trx: Db, regionCode: string, at: Date): Promise<string> {
  const day = shanghaiDay(at);
  const row = await loopDb(trx)
    .insertInto('case_number_counters')
    .values({ region_code: regionCode, day, last: 1 })
    .onConflict((oc) =>
      oc.columns(['region_code', 'day']).doUpdateSet({ last: sql`case_number_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${regionCode}-${day}-${String(row.last).padStart(5, '0')}`;
}

/** Open cases of a class near a point reported within the window, nearest first. */
export async function findNearbyOpenCases(
  db: Db,
  point: { lat: number; lon: number },
  categoryCode: string,
  now = new Date(),
): Promise<NearbyCase[]> {
  const { duplicateRadiusM: radius, duplicateWindowHours: hours } = caseLoopSettings();
  const dLat = radius / METRES_PER_DEGREE_LAT;
  const dLon = radius / metresPerDegreeLon(point.lat);
  const rows = await selectCases(db)
    .select(summaryColumns)
    .where('c.category_code', '=', categoryCode)
    .where('c.created_at', '>=', new Date(now.getTime() - hours * 3600_000))
    .where('c.lat', '>=', point.lat - dLat)
    .where('c.lat', '<=', point.lat + dLat)
    .where('c.lon', '>=', point.lon - dLon)
    .where('c.lon', '<=', point.lon + dLon)
    .where('i.closed_at', 'is', null)
    .where('i.state', 'not in', [...endStates, 'closed'])
    .limit(50)
    .execute();
  return rows
    .map((r) => ({ r, d: distanceM(point.lon, point.lat, r.lon, r.lat) }))
    .filter(({ d }) => d <= radius)
    .sort((a, b) => a.d - b.d)
    .map(({ r, d }) => ({
      id: r.id,
      caseNumber: r.case_number,
      categoryCode: r.category_code,
      categoryName: r.category_name ?? r.category_code,
      state: r.state,
      stateLabel: stateLabelOf(r.workflow_key, r.state),
      distanceM: Math.round(d * 10) / 10,
      lat: r.lat,
      lon: r.lon,
      description: r.description.slice(0, 200),
      reporterCount: r.reporter_count,
      createdAt: r.created_at.toISOString(),
    }));
}

interface Reporter {
  userId: number | null;
  name: string | null;
  phone: string | null;
  channel: CaseChannel;
  isAnonymous: boolean;
  wantsCallback: boolean;
}

function reporterOf(
  principal: Principal,
  body: CreateCaseBody,
  isAnonymousAllowed: boolean,
  options: ReportOptions,
): Reporter {
  const isAnonymous = body.isAnonymous === true;
  if (isAnonymous && !isAnonymousAllowed) {
    throw invalid('isAnonymous', 'This category does not take anonymous reports');
  }
  if (body.caller) {
    if (!can(principal, CASES_REPORT_FOR_CALLER)) {
      throw new AppError('forbidden', 'Only 12319 call takers file cases on behalf of a caller', {
        field: 'caller',
      });
    }
    return {
      userId: null,
      name: body.caller.name?.trim() || null,
      phone: checkPhone(body.caller.phone, 'caller.phone'),
      channel: options.channel ?? 'hotline',
      isAnonymous,
      wantsCallback: body.caller.wantsCallback && !isAnonymous,
    };
  }
  const channel =
    options.channel ??
    (principal.kind === 'api_key'
      ? 'open311'
      : principal.userKind === 'citizen'
        ? 'app'
        : 'inspector');
  return {
    userId: principal.kind === 'user' ? principal.userId : null,
    name: null,
    phone: null,
    channel,
    isAnonymous,
    // Citizens reporting in the app are called back unless anonymous; staff reports are not.
    wantsCallback: channel === 'app' && !isAnonymous,
  };
}

function reporterRow(ctx: AppContext, reporter: Reporter) {
  return {
    user_id: reporter.userId,
    name: reporter.name,
    phone_enc: reporter.phone ? ctx.cipher.encrypt(reporter.phone) : null,
    phone_hash: reporter.phone ? ctx.cipher.blindIndex(reporter.phone) : null,
    phone_masked: reporter.phone ? maskPhone(reporter.phone) : null,
    channel: reporter.channel,
    is_anonymous: reporter.isAnonymous,
    wants_callback: reporter.wantsCallback,
  };
}

/** Joins an open case: the reporter is added (and kept informed), photos are linked. */
async function joinCase(
  ctx: AppContext,
  principal: Principal,
  caseId: number,
  categoryCode: string,
  reporter: Reporter,
  description: string,
  photos: string[],
): Promise<CaseIntakeResult> {
  await inTransaction(ctx.db, async (trx) => {
    const target = await selectCases(trx)
      .select([
        'c.id',
        'c.region_code',
        'c.category_code',
        'c.case_number',
        'i.state',
        'i.closed_at',
      ])
      .where('c.id', '=', caseId)
      .forUpdate('c')
      .executeTakeFirst();
    if (!target) throw notFound('case', caseId);
    const isOpen =
      target.closed_at === null && !([...endStates, 'closed'] as string[]).includes(target.state);
    if (!isOpen) throw invalid('joinCaseId', `case ${target.case_number} is no longer open`);
    if (target.category_code !== categoryCode) {
      throw invalid(
        'joinCaseId',
        `case ${target.case_number} is of another class (${target.category_code})`,
      );
    }
    await loopDb(trx)
      .insertInto('case_reporters')
      .values({
        case_id: target.id,
        region_code: target.region_code,
        description,
        ...reporterRow(ctx, reporter),
      })
      .execute();
    await loopDb(trx)
      .updateTable('cases')
      .set({ reporter_count: sql`reporter_count + 1` })
      .where('id', '=', target.id)
      .execute();
    await linkPhotos(trx, principal, target.id, target.region_code, photos, 'report');
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'case.joined',
      subjectType: CASE_SUBJECT,
      subjectId: target.id,
      regionCode: target.region_code,
      data: { channel: reporter.channel },
    });
    if (reporter.userId !== null) {
      await notify(trx, {
        userIds: [reporter.userId],
        title: `您的反映已并入案件 ${target.case_number}`,
        body: '同一位置已有相同问题在办理中，办理进展会同时通知您。',
        link: `/cases/${target.id}`,
        subjectType: CASE_SUBJECT,
        subjectId: target.id,
        regionCode: target.region_code,
      });
    }
  });
  return { case: (await findCaseSummary(ctx.db, caseId))!, isJoined: true };
}

/** Takes a report in: a new case (201) or the open case it joined; 409 offering a duplicate. */
export async function reportCase(
  ctx: AppContext,
  principal: Principal,
  body: CreateCaseBody,
  options: ReportOptions = {},
): Promise<CaseIntakeResult> {
  const now = options.now ?? new Date();
  const description = body.description.trim();
  if (!description) throw invalid('description', 'description must not be blank');
  const routing = await resolveCaseRouting(ctx.db, {
    categoryCode: body.categoryCode,
    ...(body.location && { location: body.location }),
    ...(body.componentId !== undefined && { componentId: body.componentId }),
    ...(body.urgency !== undefined && { urgency: body.urgency }),
  });
  const reporter = reporterOf(principal, body, routing.category.isAnonymousAllowed, options);
  const photos = await checkPhotos(ctx.db, principal, body.photos, 'photos');
  const location =
    body.location ??
    (await ctx.db
      .selectFrom('components')
      .select(['lat', 'lon'])
      .where('id', '=', body.componentId!)
      .executeTakeFirstOrThrow());

  if (body.joinCaseId !== undefined) {
    return joinCase(
      ctx,
      principal,
      body.joinCaseId,
      routing.category.code,
      reporter,
      description,
      photos,
    );
  }
  if (body.forceNew !== true) {
    const candidates = await findNearbyOpenCases(ctx.db, location, routing.category.code, now);
    if (candidates.length) {
      throw new AppError(
        'conflict',
        `An open ${routing.category.nameZh} case was reported ${candidates[0]!.distanceM} m away (${candidates[0]!.caseNumber}); join it with joinCaseId, or send forceNew: true`,
        { reason: 'possible_duplicate', candidates },
      );
    }
  }

  const definition = caseWorkflowFor(routing.stepLimits);
  const actor = actorOf(principal);
  const written = await inTransaction(ctx.db, async (trx) => {
    const caseNumber = await nextCaseNumber(trx, routing.regionCode, now);
    const reporterValues = reporterRow(ctx, reporter);
    const { id } = await loopDb(trx)
      .insertInto('cases')
      .values({
        case_number: caseNumber,
        region_code: routing.regionCode,
        grid_code: routing.grid.grid.code,
        category_code: routing.category.code,
        component_id: routing.componentId,
        lat: location.lat,
        lon: location.lon,
        address: body.address?.trim() || null,
        description,
        urgency: routing.urgency,
        channel: reporter.channel,
        is_anonymous: reporter.isAnonymous,
        reporter_user_id: reporter.userId,
        reporter_name: reporter.name,
        reporter_phone_enc: reporterValues.phone_enc,
        reporter_phone_hash: reporterValues.phone_hash,
        reporter_phone_masked: reporterValues.phone_masked,
        wants_callback: reporter.wantsCallback,
        department_id: routing.department?.id ?? null,
        workflow_key: definition.key,
        duplicate_of: null,
        satisfaction: null,
        created_by: principal.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await loopDb(trx)
      .insertInto('case_reporters')
      .values({
        case_id: id,
        region_code: routing.regionCode,
        description: null,
        ...reporterValues,
      })
      .execute();
    if (routing.department) {
      await loopDb(trx)
        .insertInto('case_departments')
        .values({
          case_id: id,
          region_code: routing.regionCode,
          department_id: routing.department.id,
          is_lead: true,
        })
        .execute();
    }
    await rememberCaseWorkflow(trx, routing.stepLimits);
    const started = await startInstance(trx, {
      definition,
      subjectType: CASE_SUBJECT,
      subjectId: id,
      regionCode: routing.regionCode,
      departmentId: routing.department?.id ?? null,
      // The citizen who reported in the app follows and rates the case as its owner.
      ownerUserId: reporter.channel === 'app' ? reporter.userId : null,
      actor,
      data: { caseNumber, categoryCode: routing.category.code, urgency: routing.urgency },
      now,
    });
    await linkPhotos(trx, principal, id, routing.regionCode, photos, 'report');
    await recordIntake(trx, now, routing.regionCode, routing.department?.id ?? null);
    return { id, caseNumber, instance: started.instance };
  });
  // The new case as listed, from what was just written (no read back on the intake path).
  const summary = toCaseSummary(
    asSummaryRow({
      id: written.id,
      case_number: written.caseNumber,
      region_code: routing.regionCode,
      grid_code: routing.grid.grid.code,
      category_code: routing.category.code,
      category_name: routing.category.nameZh,
      component_id: routing.componentId,
      lat: location.lat,
      lon: location.lon,
      address: body.address?.trim() || null,
      description,
      urgency: routing.urgency,
      channel: reporter.channel,
      department_id: routing.department?.id ?? null,
      reporter_count: 1,
      duplicate_of: null,
      created_at: now,
      workflow_key: definition.key,
      state: written.instance.state,
      state_deadline_at: written.instance.state_deadline_at,
      is_overdue: written.instance.is_overdue,
      escalation_level: written.instance.escalation_level,
      closed_at: written.instance.closed_at,
      paused_at: written.instance.paused_at,
    }),
  );
  return { case: summary, isJoined: false };
}

/** The open cases near a point of a class (for the report form). */
export async function listNearbyCases(
  db: Db,
  query: { lat: number; lon: number; categoryCode: string },
) {
  const settings = caseLoopSettings();
  return {
    radiusM: settings.duplicateRadiusM,
    windowHours: settings.duplicateWindowHours,
    items: await findNearbyOpenCases(db, query, query.categoryCode),
  };
}
