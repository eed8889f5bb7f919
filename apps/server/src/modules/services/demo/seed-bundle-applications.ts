// Demo 一件事 applications: the demo citizens (and enterprise) apply for a few bundles; some
// members are then handled by their departments, one is refused, so a parent shows every state.
import type { DemoSeedContext } from '../../../demo/index.ts';
import { residentIdOf } from '../../../demo/index.ts';
import type { BundleFieldSpec } from '../bundles/index.ts';
import { loadBundles, submitBundle } from '../bundles/index.ts';
import { awaitedMaterialsOf, mergeMaterials } from '../bundles/bundle-merge.ts';
import { applyApplicationAction } from '../applications/application-actions.ts';
import { applicationWorkflowFor } from '../applications/application-workflows.ts';
import { localDateOf, startOfLocalDay, workingCalendar } from '../../../platform/calendar/index.ts';
import { addCalendarDays } from '../../../platform/calendar/working-calendar.ts';
import type { DemoActors } from './demo-actors.ts';

/** Which account applies for which bundle, and how many days ago. */
const plans: Array<{
  bundle: string;
  username: string;
  age: number;
  handled: number;
  refuse?: number;
}> = [
  { bundle: 'newborn', username: 'citizen1', age: 20, handled: 4 },
  { bundle: 'newborn', username: 'citizen2', age: 3, handled: 1 },
  { bundle: 'retirement', username: 'citizen3', age: 12, handled: 2, refuse: 3 },
  { bundle: 'marriage', username: 'citizen4', age: 8, handled: 3 },
  { bundle: 'medical', username: 'citizen5', age: 5, handled: 1 },
  { bundle: 'after-death', username: 'citizen6', age: 15, handled: 5 },
  { bundle: 'school-entry', username: 'citizen7', age: 2, handled: 0 },
  { bundle: 'disability', username: 'citizen8', age: 10, handled: 1, refuse: 2 },
  { bundle: 'enterprise-opening', username: 'enterprise1', age: 6, handled: 5 },
];

/** A plausible value for a field of the merged form. */
function valueOf(field: BundleFieldSpec, i: number, now: Date): string | number | boolean {
  const daysAgo = (n: number) =>
    new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10);
  switch (field.type) {
    case 'phone':
      return `1380023${String(4000 + i).padStart(4, '0')}`;
    case 'date':
      return field.key === 'expectedBirth' ? daysAgo(-120) : daysAgo(10 + i);
    case 'number':
      return field.key === 'price' ? 1_280_000 : field.key === 'amount' ? 3_260 : 2 + (i % 5);
    case 'boolean':
      return true;
    case 'select':
      return field.options![0]!.value;
    case 'id_number':
      return residentIdOf(900_000 + i * 13 + field.key.length, '500103').idNumber;
    case 'text':
    case 'textarea':
      return `${field.label.zh}（演示）`;
    default: {
      const unknown: never = field.type;
      return String(unknown);
    }
  }
}

/** Submits the demo bundles and handles their members part of the way; answers how many. */
export async function seedDemoBundleApplications(
  seed: DemoSeedContext,
  actors: DemoActors,
  now: Date,
): Promise<number> {
  let count = 0;
  for (const [i, plan] of plans.entries()) {
    const [bundle] = await loadBundles(seed.ctx.db, plan.bundle);
    const principal = await actors.byUsername(plan.username);
    if (!bundle?.isComplete || !principal) continue;
    const scan = await actors.scanOf(principal);
    const merged = mergeMaterials(bundle.members, awaitedMaterialsOf(bundle.members));
    const form = Object.fromEntries(bundle.spec.fields.map((f) => [f.key, valueOf(f, i, now)]));
    // Submitted in the morning of a working day `age` days back; handled in office hours after.
    const calendar = workingCalendar();
    const back = addCalendarDays(localDateOf(now), -plan.age);
    const day = calendar.isWorkday(back) ? back : calendar.nthWorkingDay(back, 1);
    let submittedAt = new Date(startOfLocalDay(day).getTime() + (9 * 60 + 20 + i * 7) * 60_000);
    if (submittedAt >= now) submittedAt = new Date(now.getTime() - 3 * 3_600_000);
    const nextDay = startOfLocalDay(calendar.nthWorkingDay(day, 1)).getTime();
    const parent = await submitBundle(
      seed.ctx,
      principal,
      bundle.spec.code,
      {
        form,
        materials: merged
          .filter((m) => m.requirement === 'required')
          .map((m) => ({ key: m.key, fileSha256: scan })),
      },
      submittedAt,
    );
    count++;
    for (const [j, member] of parent.members.entries()) {
      if (j >= plan.handled && j + 1 !== plan.refuse) continue;
      const item = bundle.members[j]!.item;
      const reviewer = await actors.staffOf('reviewer', item.department.code);
      const approver = await actors.staffOf('approver', item.department.code);
      // Same day for 受理, the next working day (from 09:30) for the rest, a few minutes apart.
      const sameDay = (minutes: number) => new Date(submittedAt.getTime() + minutes * 60_000);
      const next = (minutes: number) => new Date(nextDay + (9 * 60 + 30 + minutes) * 60_000);
      if (j + 1 === plan.refuse) {
        await applyApplicationAction(
          seed.ctx,
          reviewer,
          member.applicationId,
          'not_accept',
          { note: '申请人不符合受理条件：相关待遇已在外省领取' },
          next(j * 10),
        );
        continue;
      }
      await applyApplicationAction(
        seed.ctx,
        reviewer,
        member.applicationId,
        'accept',
        {},
        sameDay(60 + j * 25),
      );
      // Older bundles are further along: decided and delivered; newer ones only accepted.
      if (plan.age < 5) continue;
      if ('review' in applicationWorkflowFor(item.guide.workflowKey)!.actions) {
        await applyApplicationAction(
          seed.ctx,
          reviewer,
          member.applicationId,
          'review',
          {},
          next(j * 20),
        );
      }
      await applyApplicationAction(
        seed.ctx,
        approver,
        member.applicationId,
        'approve',
        {},
        next(60 + j * 20),
      );
      await applyApplicationAction(
        seed.ctx,
        reviewer,
        member.applicationId,
        'deliver',
        {},
        next(240 + j * 20),
      );
    }
  }
  return count;
}
