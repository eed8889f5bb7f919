// 交办任务: assigned to a department → accepted by a handler → (on hold ⇄ in progress) →
// submitted → approved by the assigner, or rejected for rework as often as needed.
import { registerDefinition } from '../../platform/workflow/index.ts';

const label = (zh: string, en: string) => ({ zh, en });

// Registered (and validated) when the module loads, so a mistake stops the server at start.
export const tasksWorkflow = registerDefinition({
  key: 'task',
  version: 1,
  label: label('交办任务', 'task'),
  initialState: 'assigned',
  // The amount is each task's limitWorkdays; this sets what happens around it.
  timeLimit: {
    limit: { amount: 5, unit: 'workdays' },
    remindBefore: [{ amount: 1, unit: 'workdays' }],
    flagOverdue: true,
    escalate: [{ role: 'supervisor' }, { role: 'leader', after: { amount: 3, unit: 'workdays' } }],
  },
  states: {
    assigned: {
      label: label('待接收', 'Assigned'),
      // Handlers are reminded to accept within a working day; lateness here is not overdue.
      timeLimit: {
        limit: { amount: 1, unit: 'workdays' },
        remindBefore: [{ amount: 3, unit: 'workhours' }],
        flagOverdue: false,
      },
    },
    in_progress: { label: label('办理中', 'In progress') },
    on_hold: { label: label('挂起（等待信息）', 'On hold (waiting for information)') },
    submitted: { label: label('待审核', 'Submitted for approval') },
    done: { label: label('已办结', 'Done'), isFinal: true },
    returned: { label: label('已退回', 'Returned'), isFinal: true },
    cancelled: { label: label('已撤销', 'Cancelled'), isFinal: true },
  },
  actions: {
    accept: {
      label: label('接收', 'Accept'),
      from: ['assigned'],
      to: 'in_progress',
      roles: ['handler'],
    },
    return: {
      label: label('退回', 'Return'),
      from: ['assigned', 'in_progress'],
      to: 'returned',
      roles: ['handler'],
      isNoteRequired: true,
    },
    hold: {
      label: label('挂起', 'Put on hold'),
      from: ['in_progress'],
      to: 'on_hold',
      roles: ['handler'],
      isNoteRequired: true,
      clock: 'pause',
    },
    resume: {
      label: label('恢复办理', 'Resume'),
      from: ['on_hold'],
      to: 'in_progress',
      roles: ['handler'],
      clock: 'resume',
    },
    submit: {
      label: label('提交结果', 'Submit the result'),
      from: ['in_progress'],
      to: 'submitted',
      roles: ['handler'],
      input: { optional: ['result'] },
    },
    approve: {
      label: label('审核通过', 'Approve'),
      from: ['submitted'],
      to: 'done',
      roles: ['owner'],
    },
    reject: {
      label: label('驳回重办', 'Reject for rework'),
      from: ['submitted'],
      to: 'in_progress',
      roles: ['owner'],
    },
    cancel: {
      label: label('撤销', 'Cancel'),
      from: ['assigned', 'in_progress', 'on_hold', 'submitted'],
      to: 'cancelled',
      roles: ['owner'],
      isNoteRequired: true,
    },
  },
});
