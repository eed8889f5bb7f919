// 差评整改: 核实 → 整改 → 反馈 → 复核 → closed, run by the rated agency's reviewers and
// approvers and reviewed by a supervisor. At 核实 the agency may instead appeal (申诉) an untrue
// rating; a supervisor upholds it (the rating is kept but excluded) or sends it on to 整改.
import {
  registerDefinition,
  registerWorkflowGuard,
  type GuardContext,
} from '../../platform/workflow/index.ts';

const label = (zh: string, en: string) => ({ zh, en });

export const RECTIFICATION_SUBJECT = 'rating';
export const CALLBACK_GUARD = 'ratings.callback-recorded';
/** The state of an upheld appeal: the rating no longer counts. */
export const EXCLUDED_STATE = 'excluded';

const agency = ['reviewer', 'approver'];
const isBlank = (v: unknown) => v === undefined || v === null || v === '';

// Every named bad rating gets a call back (回访) before the case is closed.
export function checkCallbackRecorded({ instance }: Pick<GuardContext, 'instance'>) {
  return instance.data.isNamed === true && isBlank(instance.data.callbackOutcome)
    ? 'A named rating needs a recorded call back (回访) before it is closed'
    : null;
}
registerWorkflowGuard(CALLBACK_GUARD, checkCallbackRecorded);

// Registered (and validated) when the module loads, so a mistake stops the server at start.
export const rectificationWorkflow = registerDefinition({
  key: 'rating.rectification',
  version: 1,
  label: label('差评整改', 'Bad-rating rectification'),
  initialState: 'verifying',
  // The amount comes from the setting (default 5 working days); this sets what happens around it.
  timeLimit: {
    limit: { amount: 5, unit: 'workdays' },
    remindBefore: [{ amount: 1, unit: 'workdays' }],
    flagOverdue: true,
    escalate: [{ role: 'supervisor' }],
  },
  states: {
    verifying: { label: label('待核实', 'To verify') },
    appealed: { label: label('申诉审核中', 'Appeal under review') },
    rectifying: { label: label('整改中', 'Rectifying') },
    replying: { label: label('待反馈', 'To reply') },
    reviewing: { label: label('待复核', 'To review') },
    closed: { label: label('已办结', 'Closed'), isFinal: true },
    [EXCLUDED_STATE]: {
      label: label('申诉成立（不计入统计）', 'Appeal upheld (excluded)'),
      isFinal: true,
    },
  },
  actions: {
    verify: {
      label: label('核实', 'Verify'),
      from: ['verifying'],
      to: 'rectifying',
      roles: agency,
      isNoteRequired: true,
    },
    appeal: {
      label: label('申诉', 'Appeal as untrue'),
      from: ['verifying'],
      to: 'appealed',
      roles: agency,
      isNoteRequired: true,
      input: { required: ['evidence'] },
    },
    uphold_appeal: {
      label: label('申诉成立', 'Uphold the appeal'),
      from: ['appealed'],
      to: EXCLUDED_STATE,
      roles: ['supervisor'],
      isNoteRequired: true,
    },
    reject_appeal: {
      label: label('驳回申诉', 'Reject the appeal'),
      from: ['appealed'],
      to: 'rectifying',
      roles: ['supervisor'],
      isNoteRequired: true,
    },
    rectify: {
      label: label('整改', 'Record the rectification'),
      from: ['rectifying'],
      to: 'replying',
      roles: agency,
      isNoteRequired: true,
      input: { optional: ['measures'] },
    },
    reply: {
      label: label('反馈', 'Reply to the rater'),
      from: ['replying'],
      to: 'reviewing',
      roles: agency,
      isNoteRequired: true,
    },
    record_callback: {
      label: label('记录回访', 'Record the call back'),
      from: ['reviewing'],
      to: 'reviewing',
      roles: [...agency, 'supervisor'],
      input: { required: ['callbackOutcome'], optional: ['calledAt'] },
    },
    close: {
      label: label('复核通过', 'Review and close'),
      from: ['reviewing'],
      to: 'closed',
      roles: ['supervisor'],
      guards: [CALLBACK_GUARD],
    },
    return: {
      label: label('复核退回', 'Return for more rectification'),
      from: ['reviewing'],
      to: 'rectifying',
      roles: ['supervisor'],
      isNoteRequired: true,
    },
  },
});
