// Demo ratings (好差评) of finished applications: mostly good; a bad one's rectification is
// taken part or all of the way (核实 → 整改 → 反馈 → 回访 → 复核), or appealed and upheld.
import type { Random } from '../../../demo/index.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { performAction } from '../../../platform/workflow/index.ts';

const goodTags = ['办事效率高', '服务态度好', '一次办成', '材料精简', '全程网办'];
const badTags = ['等待时间长', '多次跑腿', '告知不清', '态度生硬'];
const goodTexts = ['窗口工作人员很耐心，一次就办好了。', '网上提交后很快就办结了，点赞。', null];
const badTexts = ['材料要求前后不一致，跑了两趟。', '等了很久没有人处理。'];

export interface DemoRating {
  applicationId: number;
  rater: Principal;
  reviewer: Principal;
  supervisor: Principal;
  finishedAt: Date;
  now: Date;
  random: Random;
}

/** Rates the application as its applicant; a bad rating's rectification moves on by chance. */
export async function rateDemoApplication(ctx: AppContext, r: DemoRating): Promise<void> {
  // Ratings build on services: loaded when used, so the two modules do not import each other.
  const { createRating } = await import('../../ratings/index.ts');
  const level = r.random.weighted([5, 4, 3, 2, 1], [55, 25, 10, 6, 4]);
  const isBad = level <= 2;
  const isNamed = r.random.chance(0.6);
  const text = r.random.pick(isBad ? badTexts : goodTexts);
  const rating = await createRating(ctx.db, r.rater, {
    applicationId: r.applicationId,
    level,
    tags: [r.random.pick(isBad ? badTags : goodTags)],
    ...(text !== null && { text }),
    isNamed,
  });
  // The rating was given some hours after the result (the platform dates it now).
  const ratedAt = new Date(
    Math.min(r.finishedAt.getTime() + (1 + r.random.int(30)) * 3_600_000, r.now.getTime() - 60_000),
  );
  await ctx.db
    .withTables<{ service_ratings: { id: number; created_at: Date } }>()
    .updateTable('service_ratings')
    .set({ created_at: ratedAt })
    .where('id', '=', rating.id)
    .execute();
  if (!isBad) return;
  const ref = { subjectType: 'rating', subjectId: String(rating.id) };
  let at = ratedAt;
  const act = async (
    by: Principal,
    action: string,
    body: { note?: string; data?: Record<string, unknown> },
  ) => {
    at = new Date(
      Math.min(at.getTime() + (2 + r.random.int(20)) * 3_600_000, r.now.getTime() - 30_000),
    );
    await performAction(ctx.db, {
      ref,
      action,
      principal: by,
      note: body.note ?? null,
      data: body.data ?? {},
      now: at,
    });
  };
  const path = r.random.weighted(
    ['closed', 'rectifying', 'appeal', 'untouched'] as const,
    [50, 25, 10, 15],
  );
  if (path === 'untouched') return;
  if (path === 'appeal') {
    await act(r.reviewer, 'appeal', {
      note: '经调取窗口录像，办理过程规范，评价与事实不符',
      data: { evidence: ['窗口录像', '办件记录'] },
    });
    await act(r.supervisor, 'uphold_appeal', { note: '经核查申诉成立，该评价不计入统计' });
    return;
  }
  await act(r.reviewer, 'verify', { note: '经核实，反映情况属实' });
  if (path === 'rectifying') return;
  await act(r.reviewer, 'rectify', {
    note: '已对窗口人员开展提醒谈话，并优化一次性告知清单',
    data: { measures: '优化告知清单' },
  });
  await act(r.reviewer, 'reply', { note: '已向评价人反馈整改情况' });
  if (isNamed)
    await act(r.reviewer, 'record_callback', {
      data: { callbackOutcome: '已电话回访，评价人表示满意' },
    });
  await act(r.supervisor, 'close', {});
}
