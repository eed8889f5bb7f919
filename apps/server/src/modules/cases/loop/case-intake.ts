// Case intake (受理): validate the report, route it (grid → district, category → department,
// urgency → step limits), offer an open case of the same class nearby instead of a duplicate,
// then write the case, its reporter, its photos and start its workflow in one transaction.
// The routing is read from memory (grid index, cached classification); the duplicate check and
// the number are one statement, the case with its rows and workflow start another
// (intake-write.ts).
import type { CaseChannel, CaseIntakeResult, CreateCaseBody, NearbyCase } from '@citygov/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/http/context.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { actorOf, can, type Principal } from '../../../platform/auth/principal.ts';
import { appendAudit, prepareAuditEntry } from '../../../platform/audit/ledger.ts';
import { notify } from '../../../platform/notify/notifier.ts';
import { maskPhone } from '../../../platform/crypto/identifiers.ts';
import { checkPhone } from '../../../platform/people/index.ts';
import { planStartInstance, rememberStarted } from '../../../platform/workflow/index.ts';
import { resolveCaseRoute } from '../routing.ts';
import { findMunicipalDepartment } from '../categories.ts';
import { distanceM, metresPerDegreeLon, METRES_PER_DEGREE_LAT } from '../geo.ts';
import { beijingDay } from '../stats/daily-stats.ts';
import { cellsCovering, openClassCellKeys, openClassCellKeySql } from './case-cells.ts';
import {
  claimCaseNumber,
  insertReportedCase,
  joinReportedCase,
  type NumberClaim,
} from './intake-write.ts';
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
import { CASE_SUBJECT, caseWorkflowFor, endStates } from './case-workflow.ts';

/** Filing for a caller (12319) needs this; call takers hold it. */
export const CASES_REPORT_FOR_CALLER = 'cases:report-for-caller';

export interface ReportOptions {
  /** Set by channel adapters (Open311, sensors); derived from the caller otherwise. */
  channel?: CaseChannel;
  /** Open311's answer token: stored by a new case's statement or a joined case's transaction. */
  open311Token?: { token: string; apiKeyId: number | null };
  now?: Date;
}

/** The duplicate box around a point: the radius each way, and the map cells it meets. */
function duplicateBox(point: { lat: number; lon: number }) {
  const { duplicateRadiusM: radius } = caseLoopSettings();
  const dLat = radius / METRES_PER_DEGREE_LAT;
  const dLon = radius / metresPerDegreeLon(point.lat);
  const box = {
    minLat: point.lat - dLat,
    maxLat: point.lat + dLat,
    minLon: point.lon - dLon,
    maxLon: point.lon + dLon,
  };
  // The radius is at most 5 km: in the city a box of at most 6 × 6 cells. Near a pole a degree
  // of longitude shrinks to nothing and the box spans the globe: no cells, so no neighbours.
  const cells = cellsCovering([box.minLon, box.minLat, box.maxLon, box.maxLat], 100) ?? [];
  return { box, cells };
}

/** Open cases of a class near a point reported within the window, nearest first. */
export async function findNearbyOpenCases(
  db: Db,
  point: { lat: number; lon: number },
  categoryCode: string,
  now = new Date(),
): Promise<NearbyCase[]> {
  const { duplicateRadiusM: radius, duplicateWindowHours: hours } = caseLoopSettings();
  const { box, cells } = duplicateBox(point);
  if (cells.length === 0) return [];
  // The same test as the intake statement's (intake-write.ts), through the same index.
  const rows = await selectCases(db)
    .select(summaryColumns)
    .where(openClassCellKeySql, 'in', openClassCellKeys(categoryCode, cells)) // open cases only
    .where('c.created_at', '>=', new Date(now.getTime() - hours * 3600_000))
    .where('c.lat', '>=', box.minLat)
    .where('c.lat', '<=', box.maxLat)
    .where('c.lon', '>=', box.minLon)
    .where('c.lon', '<=', box.maxLon)
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

const closedStates: string[] = [...endStates, 'closed'];

/** Refuses to join a case that is no longer open or is of another class. */
function checkJoinable(
  target: { caseNumber: string; categoryCode: string; state: string; isClosed: boolean },
  categoryCode: string,
): void {
  if (target.isClosed || closedStates.includes(target.state)) {
    throw invalid('joinCaseId', `case ${target.caseNumber} is no longer open`);
  }
  if (target.categoryCode !== categoryCode) {
    throw invalid(
      'joinCaseId',
      `case ${target.caseNumber} is of another class (${target.categoryCode})`,
    );
  }
}

/** Joins an open case: the reporter is added (and kept informed), photos are linked. */
async function joinCase(
  ctx: AppContext,
  principal: Principal,
  caseId: number,
  categoryCode: string,
  regionCode: string,
  reporter: Reporter,
  description: string,
  photos: string[],
  open311Token: ReportOptions['open311Token'],
): Promise<CaseIntakeResult> {
  const joined = () => findCaseSummary(ctx.db, caseId).then((c) => ({ case: c!, isJoined: true }));
  const audit = (caseRegion: string) => ({
    actor: actorOf(principal),
    action: 'case.joined',
    subjectType: CASE_SUBJECT,
    subjectId: caseId,
    regionCode: caseRegion,
    data: { channel: reporter.channel },
  });
  if (reporter.userId === null && photos.length === 0) {
    // Nobody to notify, no photos (Open311, a caller): one statement, which takes the case to
    // lie in the report's district as it nearly always does (DR-10).
    const values = reporterRow(ctx, reporter);
    const target = await joinReportedCase(ctx.db, {
      caseId,
      categoryCode,
      regionCode,
      endStates: closedStates,
      reporter: {
        userId: null,
        name: values.name,
        phoneEnc: values.phone_enc,
        phoneHash: values.phone_hash,
        phoneMasked: values.phone_masked,
        channel: reporter.channel,
        isAnonymous: reporter.isAnonymous,
        wantsCallback: reporter.wantsCallback,
      },
      description,
      open311Token: open311Token ?? null,
      audit: prepareAuditEntry(audit(regionCode)),
    });
    if (!target) throw notFound('case', caseId);
    if (target.isJoined) return joined();
    checkJoinable(target, categoryCode);
    // Joinable, in another district: the transaction below names the case's.
  }
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
    checkJoinable(
      {
        caseNumber: target.case_number,
        categoryCode: target.category_code,
        state: target.state,
        isClosed: target.closed_at !== null,
      },
      categoryCode,
    );
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
    if (open311Token) {
      await sql`INSERT INTO open311_tokens (token, case_id, api_key_id, region_code)
        VALUES (${open311Token.token}, ${target.id}, ${open311Token.apiKeyId}, ${target.region_code})`.execute(
        trx,
      );
    }
    await appendAudit(trx, audit(target.region_code));
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
  return joined();
}

// Workflow variants this process has stored (case_workflow_variants), per database: the
// intake statement stores a variant only the first time.
const knownVariants = new WeakMap<Db, Set<string>>();

function knownVariantsOf(db: Db): Set<string> {
  let known = knownVariants.get(db);
  if (!known) {
    known = new Set();
    knownVariants.set(db, known);
  }
  return known;
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
  const route = await resolveCaseRoute(ctx.db, {
    categoryCode: body.categoryCode,
    ...(body.location && { location: body.location }),
    ...(body.componentId !== undefined && { componentId: body.componentId }),
    ...(body.urgency !== undefined && { urgency: body.urgency }),
  });
  const reporter = reporterOf(principal, body, route.category.isAnonymousAllowed, options);
  const photos = await checkPhotos(ctx.db, principal, body.photos, 'photos');
  const { category, location } = route;

  if (body.joinCaseId !== undefined) {
    return joinCase(
      ctx,
      principal,
      body.joinCaseId,
      category.code,
      route.regionCode,
      reporter,
      description,
      photos,
      options.open311Token,
    );
  }
  const definition = caseWorkflowFor(route.stepLimits);
  const statsDay = beijingDay(now);
  const { duplicateWindowHours: hours } = caseLoopSettings();
  const claim: NumberClaim = {
    categoryCode: category.code,
    regionCode: route.regionCode,
    numberDay: statsDay.replaceAll('-', ''),
    // Categories whose department was not found when they were seeded: by name (rare).
    municipalCode:
      category.departmentCode ??
      (await findMunicipalDepartment(ctx.db, category.departmentKey))?.code ??
      null,
    duplicates:
      body.forceNew === true
        ? null
        : { since: new Date(now.getTime() - hours * 3600_000), ...duplicateBox(location) },
  };
  let numbered = await claimCaseNumber(ctx.db, claim);
  if (!numbered) {
    // An open case of the class lies in the box around the point: offer those within the
    // radius (a box corner is outside it; then nothing nearby blocks the report after all).
    const candidates = await findNearbyOpenCases(ctx.db, location, category.code, now);
    if (candidates.length) {
      throw new AppError(
        'conflict',
        `An open ${category.nameZh} case was reported ${candidates[0]!.distanceM} m away (${candidates[0]!.caseNumber}); join it with joinCaseId, or send forceNew: true`,
        { reason: 'possible_duplicate', candidates },
      );
    }
    numbered = (await claimCaseNumber(ctx.db, { ...claim, duplicates: null }))!;
  }
  const departmentId = numbered.department?.id ?? null;
  const workflow = await planStartInstance(
    ctx.db,
    {
      definition,
      subjectType: CASE_SUBJECT,
      subjectId: numbered.caseId,
      regionCode: route.regionCode,
      departmentId,
      // The citizen who reported in the app follows and rates the case as its owner.
      ownerUserId: reporter.channel === 'app' ? reporter.userId : null,
      actor: actorOf(principal),
      data: {
        caseNumber: numbered.caseNumber,
        categoryCode: category.code,
        urgency: route.urgency,
      },
      now,
    },
    numbered.instanceId,
  );
  const reporterValues = reporterRow(ctx, reporter);
  const known = knownVariantsOf(ctx.db);
  const address = body.address?.trim() || null;
  const version = await insertReportedCase(
    ctx.db,
    {
      id: numbered.caseId,
      caseNumber: numbered.caseNumber,
      regionCode: route.regionCode,
      gridCode: route.grid.grid.code,
      categoryCode: category.code,
      componentId: route.componentId,
      lat: location.lat,
      lon: location.lon,
      address,
      description,
      urgency: route.urgency,
      channel: reporter.channel,
      isAnonymous: reporter.isAnonymous,
      reporter: {
        userId: reporter.userId,
        name: reporter.name,
        phoneEnc: reporterValues.phone_enc,
        phoneHash: reporterValues.phone_hash,
        phoneMasked: reporterValues.phone_masked,
        wantsCallback: reporter.wantsCallback,
      },
      departmentId,
      workflowKey: definition.key,
      createdBy: principal.userId,
      createdAt: now,
      statsDay,
      variantLimits: known.has(definition.key) ? null : JSON.stringify(route.stepLimits),
      photos,
      open311Token: options.open311Token ?? null,
    },
    workflow,
  );
  known.add(definition.key);
  rememberStarted(ctx.db, workflow, version);
  const instance = workflow.instance;
  // The new case as listed, from what was just written (no read back on the intake path).
  const summary = toCaseSummary(
    asSummaryRow({
      id: numbered.caseId,
      case_number: numbered.caseNumber,
      region_code: route.regionCode,
      grid_code: route.grid.grid.code,
      category_code: category.code,
      category_name: category.nameZh,
      component_id: route.componentId,
      lat: location.lat,
      lon: location.lon,
      address,
      description,
      urgency: route.urgency,
      channel: reporter.channel,
      department_id: departmentId,
      reporter_count: 1,
      duplicate_of: null,
      created_at: now,
      workflow_key: definition.key,
      state: instance.state,
      state_deadline_at: instance.state_deadline_at,
      is_overdue: instance.is_overdue,
      escalation_level: instance.escalation_level,
      closed_at: instance.closed_at,
      paused_at: instance.paused_at,
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
