// The way a demo application went: 受理 or not, a 补正 round, the decision (on time or late),
// delivery, a withdrawal, each step at a working-day time after the one before, through the
// same action code as the API (so the history, audit, licences and notices are the real ones).
import type { Random } from '../../../demo/index.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { localDateOf, startOfLocalDay, workingCalendar } from '../../../platform/calendar/index.ts';
import { applyApplicationAction } from '../applications/application-actions.ts';
import { applicationWorkflowFor } from '../applications/application-workflows.ts';

export type DemoOutcome =
  | 'submitted'
  | 'under_review'
  | 'supplement_requested'
  | 'approved'
  | 'delivered'
  | 'denied'
  | 'not_accepted'
  | 'withdrawn';

export interface DemoApplication {
  id: number;
  workflowKey: string;
  promisedLimitDays: number;
  /** The first material the applicant handed in (what a 补正 asks again), if any. */
  supplementMaterialId: number | null;
  applicant: Principal;
  /** Who acts for the applicant (the owner online; the clerk for a window application). */
  applicantSide: Principal;
  reviewer: Principal;
  approver: Principal;
  scan: string;
}

export interface DemoPlan {
  outcome: DemoOutcome;
  withSupplement: boolean;
  /** Working days from 受理 to the decision (may exceed the promise: a late one). */
  decisionDays: number;
}

const notAcceptReasons = [
  '申请事项不属于本部门职权范围，请向属地区县部门申请',
  '申请人不符合受理条件：户籍不在本市',
  '同一事项已有在办申请，请勿重复提交',
];
const denyReasons = [
  '经审查，申请材料与实际情况不符，不予批准',
  '现场核查不符合规定条件，不予批准',
  '申请人不符合政策规定的享受条件',
];
const supplementReasons = ['复印件不清晰', '缺少签字页', '证明已过有效期'];

/** The time `days` working days after `from` (0: the same day), in office hours, never earlier. */
function workingTime(from: Date, days: number, random: Random): Date {
  const day = workingCalendar().nthWorkingDay(localDateOf(from), days);
  const minutes = 9 * 60 + random.int(7 * 60 + 30);
  const at = new Date(startOfLocalDay(day).getTime() + minutes * 60_000);
  return at > from ? at : new Date(from.getTime() + (30 + random.int(120)) * 60_000);
}

/** Walks the application along the plan until `now`; answers the state it stopped in. */
export async function walkApplication(
  ctx: AppContext,
  app: DemoApplication,
  plan: DemoPlan,
  createdAt: Date,
  now: Date,
  random: Random,
): Promise<{ state: string; finishedAt: Date | null }> {
  const actions = applicationWorkflowFor(app.workflowKey)!.actions;
  let state = 'submitted';
  let at = createdAt;
  const step = async (
    by: Principal,
    action: string,
    when: Date,
    body: { note?: string; data?: Record<string, unknown> } = {},
  ) => {
    if (when >= now) return false;
    const { result } = await applyApplicationAction(ctx, by, app.id, action, body, when);
    state = result.instance.state;
    at = when;
    return true;
  };
  const done = () => ({
    state,
    finishedAt: ['delivered', 'denied', 'not_accepted', 'withdrawn'].includes(state) ? at : null,
  });

  if (plan.outcome === 'submitted') return done();
  if (plan.outcome === 'withdrawn' && random.chance(0.5)) {
    await step(app.applicantSide, 'withdraw', workingTime(at, 0, random));
    return done();
  }
  if (plan.outcome === 'not_accepted') {
    await step(app.reviewer, 'not_accept', workingTime(at, random.int(2), random), {
      note: random.pick(notAcceptReasons),
    });
    return done();
  }
  if (!(await step(app.reviewer, 'accept', workingTime(at, random.int(2), random)))) return done();
  const acceptedAt = at;
  if (plan.withSupplement && app.supplementMaterialId !== null) {
    const asked = await step(
      app.reviewer,
      'request_supplement',
      workingTime(at, random.int(2), random),
      {
        data: {
          missing: [
            { materialId: app.supplementMaterialId, reason: random.pick(supplementReasons) },
          ],
        },
      },
    );
    if (!asked || plan.outcome === 'supplement_requested') return done();
    const supplied = await step(
      app.applicantSide,
      'supply',
      workingTime(at, 1 + random.int(3), random),
      {
        data: { materials: [{ materialId: app.supplementMaterialId, fileSha256: app.scan }] },
      },
    );
    if (!supplied) return done();
  }
  if (plan.outcome === 'withdrawn') {
    await step(app.applicantSide, 'withdraw', workingTime(at, 1, random));
    return done();
  }
  if (plan.outcome === 'under_review' || plan.outcome === 'supplement_requested') return done();
  // The decision falls `decisionDays` working days after 受理, plus the days 补正 took.
  const paused = workingCalendar().workingDaysBetween(acceptedAt, at);
  const decideAt = workingTime(acceptedAt, plan.decisionDays + paused, random);
  if ('review' in actions) {
    const reviewed = await step(
      app.reviewer,
      'review',
      new Date(decideAt.getTime() - 90 * 60_000),
      {
        note: '材料齐全，符合法定条件，建议准予',
      },
    );
    if (!reviewed) return done();
  }
  if (plan.outcome === 'denied') {
    await step(app.approver, 'deny', decideAt, { note: random.pick(denyReasons) });
    return done();
  }
  if (!(await step(app.approver, 'approve', decideAt))) return done();
  if (plan.outcome === 'approved') return done();
  await step(app.reviewer, 'deliver', new Date(at.getTime() + (60 + random.int(180)) * 60_000), {
    data: { method: random.pick(['electronic', 'window', 'post']) },
  });
  return done();
}
