// Opening the city-management case of a violation, through the cases module's public face:
// category 渣土车违规运输 (E0307), the violation's place, channel "sensor", filed by the
// monitoring itself. One ongoing violation opens one case (its row is written once and the
// case linked to it); a new violation of the same truck and rule while that case is still open
// and recent joins it instead of filing another.
import type { WasteViolationRule } from '@citygov/contracts';
import { sql } from 'kysely';
import { anonymous, type Principal } from '../../../platform/auth/principal.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { endStates, reportCase, selectCases } from '../../cases/index.ts';
import { monitoringDb } from './monitoring-tables.ts';

/** 施工管理 › 渣土车违规运输 in the city-management classification. */
export const MUCK_TRUCK_CATEGORY = 'E0307';

/** The monitoring files cases as a system source (no user, channel "sensor"). */
const monitoringPrincipal: Principal = {
  ...anonymous,
  username: 'waste-monitoring',
  displayName: '渣土运输监控',
};

export const ruleLabelsZh: Record<WasteViolationRule, string> = {
  off_route: '偏离核准路线',
  unapproved_dumping: '疑似乱倒乱卸（核准消纳场外长时间停车）',
  night_ban: '禁行时段行驶',
  overspeed: '超速行驶',
  cover_open: '未密闭运输（车厢盖开启）',
  no_manifest: '无联单出场',
  manifest_not_arrived: '联单车辆未按时到达消纳场',
  checkpoint_no_manifest: '卡口抓拍无联单',
};

export interface CaseSubject {
  id: number;
  rule: WasteViolationRule;
  truckId: number | null;
  plate: string;
  companyName: string | null;
  manifestNo: string | null;
  startedAt: Date;
  lat: number;
  lon: number;
}

// One formatter for every description: building an Intl.DateTimeFormat per case showed in
// profiles of the position path.
const beijingFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'medium',
});
const beijingTime = (at: Date) => beijingFormat.format(at);

export function describeViolation(subject: CaseSubject): string {
  const who = subject.companyName ? `${subject.plate}（${subject.companyName}）` : subject.plate;
  const manifest = subject.manifestNo ? `，联单 ${subject.manifestNo}` : '';
  return `渣土车 ${who}${ruleLabelsZh[subject.rule]}，${beijingTime(subject.startedAt)} 起${manifest}。系统监测自动立案，违规记录 #${subject.id}，证据见渣土监管违规详情。`;
}

/** A recent violation of the same truck and rule whose case is still open: its case id. */
async function findOpenCaseToJoin(
  ctx: AppContext,
  subject: CaseSubject,
  joinMinutes: number,
): Promise<number | null> {
  if (subject.truckId === null || joinMinutes <= 0) return null;
  const since = new Date(subject.startedAt.getTime() - joinMinutes * 60_000);
  const recent = await monitoringDb(ctx.db)
    .selectFrom('waste_violations')
    .select('case_id')
    .where('truck_id', '=', subject.truckId)
    .where('rule', '=', subject.rule)
    .where('id', '<>', subject.id)
    .where('case_id', 'is not', null)
    .where(sql<boolean>`coalesce(ended_at, now()) >= ${since}`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!recent?.case_id) return null;
  const open = await selectCases(ctx.db)
    .select('c.id')
    .where('c.id', '=', recent.case_id)
    .where('i.closed_at', 'is', null)
    .where('i.state', 'not in', [...endStates, 'closed'])
    .executeTakeFirst();
  return open ? Number(open.id) : null;
}

/**
 * Files (or joins) the case of a violation and links it; a violation that cannot be routed
 * (outside every unit grid) keeps the reason in case_error. Never throws for routing reasons.
 */
export async function openViolationCase(
  ctx: AppContext,
  subject: CaseSubject,
  joinMinutes: number,
): Promise<{ caseId: number | null; error: string | null }> {
  const violations = monitoringDb(ctx.db);
  // Another process (or an earlier attempt) may have linked it already.
  const current = await violations
    .selectFrom('waste_violations')
    .select('case_id')
    .where('id', '=', subject.id)
    .executeTakeFirst();
  if (current?.case_id) return { caseId: current.case_id, error: null };
  let caseId = await findOpenCaseToJoin(ctx, subject, joinMinutes);
  let error: string | null = null;
  if (caseId === null) {
    try {
      const result = await reportCase(
        ctx,
        monitoringPrincipal,
        {
          categoryCode: MUCK_TRUCK_CATEGORY,
          location: { lat: subject.lat, lon: subject.lon },
          description: describeViolation(subject),
          forceNew: true,
        },
        { channel: 'sensor', now: new Date() },
      );
      caseId = result.case.id;
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      error = `${caught.code}: ${caught.message}`;
    }
  }
  await violations
    .updateTable('waste_violations')
    .set({ case_id: caseId, case_error: error, updated_at: new Date() })
    .where('id', '=', subject.id)
    .where('case_id', 'is', null)
    .execute();
  return { caseId, error };
}
