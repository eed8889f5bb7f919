// The workflows applications run on, one per item type (service_type_workflows names them).
// All share state and action names, so queues and indicators read the same everywhere:
//   received → submit → submitted (clock stopped: the promised limit runs from 受理)
//   submitted → accept (受理, clock starts) → under_review | not_accept (不予受理) → not_accepted
//   under_review → request_supplement (补正, clock stopped) → supplement_requested → supply → under_review
//   under_review → start_special_step (特殊环节, clock stopped) → special_step → finish_special_step
//   under_review → review → reviewed → approve (准予) → approved → deliver (送达) → delivered
//                                     | deny (不予, reasons) → denied
//   withdraw (by the applicant) from any state before the decision → withdrawn
import type { WorkflowDefinition } from '@citygov/contracts';
import {
  OWNER,
  registerDefinition,
  registerWorkflowGuard,
} from '../../../platform/workflow/index.ts';
import type { ApplicationTables } from './application-tables.ts';

const label = (zh: string, en: string) => ({ zh, en });
const state = (zh: string, en: string) => ({ label: label(zh, en) });
const final = (zh: string, en: string) => ({ label: label(zh, en), isFinal: true });

export const APPLICATION_SUBJECT = 'service_application';
export const SUPPLEMENT_ONCE_GUARD = 'services.supplement-once';

// 一次性告知: the request for missing materials lists everything at once, so it is made once.
registerWorkflowGuard(SUPPLEMENT_ONCE_GUARD, async ({ db, instance }) => {
  const row = await db
    .withTables<ApplicationTables>()
    .selectFrom('service_applications')
    .select('supplement_count')
    .where('id', '=', Number(instance.subject_id))
    .executeTakeFirst();
  return row && row.supplement_count > 0
    ? 'Missing materials were already requested once (一次性告知): everything must be listed in that one request'
    : null;
});

interface Variant {
  key: string;
  label: { zh: string; en: string };
  /** A separate review step before the decision (审查 → 决定). */
  hasReview: boolean;
  /** 特殊环节 (expert review, public notice, hearing ...) excluded from the limit. */
  hasSpecialSteps: boolean;
  /** Who decides (准予 / 不予). */
  deciders: string[];
  approvedLabel: { zh: string; en: string };
}

const undecided = ['submitted', 'under_review', 'supplement_requested', 'special_step', 'reviewed'];

/** A definition of the shared shape, with or without the review and special steps. */
export function buildApplicationWorkflow(v: Variant): WorkflowDefinition {
  const exists = (s: string) =>
    (s !== 'special_step' || v.hasSpecialSteps) && (s !== 'reviewed' || v.hasReview);
  const decideFrom = v.hasReview ? ['reviewed'] : ['under_review'];
  const def: WorkflowDefinition = {
    key: v.key,
    version: 1,
    label: v.label,
    initialState: 'received',
    // The amount is each item's promised limit (承诺办结时限); this sets what happens around it.
    timeLimit: {
      limit: { amount: 20, unit: 'workdays' },
      remindBefore: [{ amount: 2, unit: 'workdays' }],
      flagOverdue: true,
      escalate: [{ role: 'supervisor' }],
    },
    states: {
      received: state('已提交', 'Received'),
      submitted: state('待受理', 'Awaiting acceptance'),
      under_review: state('审查中', 'Under review'),
      supplement_requested: state('待补正', 'Missing materials requested'),
      ...(v.hasSpecialSteps && { special_step: state('特殊环节', 'Special step') }),
      ...(v.hasReview && { reviewed: state('待决定', 'Reviewed, awaiting decision') }),
      approved: { label: v.approvedLabel },
      delivered: final('已送达', 'Delivered'),
      not_accepted: final('不予受理', 'Not accepted'),
      denied: final('不予批准', 'Denied'),
      withdrawn: final('已撤回', 'Withdrawn'),
    },
    actions: {
      submit: {
        label: label('提交申请', 'Submit'),
        from: ['received'],
        to: 'submitted',
        roles: [OWNER, 'clerk'],
        clock: 'pause',
      },
      accept: {
        label: label('受理', 'Accept'),
        from: ['submitted'],
        to: 'under_review',
        roles: ['clerk', 'reviewer'],
        clock: 'resume',
      },
      not_accept: {
        label: label('不予受理', 'Refuse to accept'),
        from: ['submitted'],
        to: 'not_accepted',
        roles: ['clerk', 'reviewer'],
        isNoteRequired: true,
      },
      request_supplement: {
        label: label('一次性告知补正', 'Request missing materials'),
        from: ['under_review'],
        to: 'supplement_requested',
        roles: ['reviewer'],
        guards: [SUPPLEMENT_ONCE_GUARD],
        input: { required: ['missing'] },
        clock: 'pause',
      },
      supply: {
        label: label('提交补正材料', 'Supply the missing materials'),
        from: ['supplement_requested'],
        to: 'under_review',
        roles: [OWNER, 'clerk'],
        input: { required: ['materials'] },
        clock: 'resume',
      },
      ...(v.hasSpecialSteps && {
        start_special_step: {
          label: label('进入特殊环节', 'Start a special step'),
          from: ['under_review'],
          to: 'special_step',
          roles: ['reviewer'],
          input: { required: ['kind'], optional: ['days'] },
          isNoteRequired: true,
          clock: 'pause' as const,
        },
        finish_special_step: {
          label: label('特殊环节结束', 'Finish the special step'),
          from: ['special_step'],
          to: 'under_review',
          roles: ['reviewer'],
          input: { optional: ['outcome'] },
          clock: 'resume' as const,
        },
      }),
      ...(v.hasReview && {
        review: {
          label: label('审查通过，报送决定', 'Review and pass on for decision'),
          from: ['under_review'],
          to: 'reviewed',
          roles: ['reviewer'],
          input: { optional: ['opinion'] },
        },
      }),
      approve: {
        label: label('准予', 'Approve'),
        from: decideFrom,
        to: 'approved',
        roles: v.deciders,
        input: { optional: ['validUntil'] },
      },
      deny: {
        label: label('不予批准', 'Deny'),
        from: decideFrom,
        to: 'denied',
        roles: v.deciders,
        isNoteRequired: true,
      },
      deliver: {
        label: label('送达', 'Deliver the result'),
        from: ['approved'],
        to: 'delivered',
        roles: ['clerk', 'reviewer', 'approver'],
        input: { optional: ['method'] },
      },
      withdraw: {
        label: label('撤回申请', 'Withdraw'),
        from: undecided.filter(exists),
        to: 'withdrawn',
        roles: [OWNER],
      },
    },
  };
  return def;
}

const variants: Variant[] = [
  {
    key: 'services.licensing',
    label: label('行政许可', 'Administrative licensing'),
    hasReview: true,
    hasSpecialSteps: true,
    deciders: ['approver'],
    approvedLabel: label('准予许可', 'Approved'),
  },
  {
    key: 'services.standard',
    label: label('依申请办理', 'Application'),
    hasReview: true,
    hasSpecialSteps: true,
    deciders: ['approver'],
    approvedLabel: label('准予', 'Approved'),
  },
  {
    key: 'services.confirmation',
    label: label('行政确认', 'Administrative confirmation'),
    hasReview: false,
    hasSpecialSteps: false,
    deciders: ['reviewer', 'approver'],
    approvedLabel: label('予以确认', 'Confirmed'),
  },
  {
    key: 'services.benefit',
    label: label('行政给付', 'Benefit'),
    hasReview: true,
    hasSpecialSteps: false,
    deciders: ['approver'],
    approvedLabel: label('准予给付', 'Granted'),
  },
  {
    key: 'services.public_service',
    label: label('公共服务', 'Public service'),
    hasReview: false,
    hasSpecialSteps: false,
    deciders: ['reviewer', 'approver'],
    approvedLabel: label('办理完成', 'Done'),
  },
];

// Registered (and validated) when the module loads, so a mistake stops the server at start.
export const applicationWorkflows: ReadonlyMap<string, WorkflowDefinition> = new Map(
  variants.map((v) => [v.key, registerDefinition(buildApplicationWorkflow(v))]),
);

/** The definition an item's workflow key names. */
export function applicationWorkflowFor(key: string): WorkflowDefinition | undefined {
  return applicationWorkflows.get(key);
}
