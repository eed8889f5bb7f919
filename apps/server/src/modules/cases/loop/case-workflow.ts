// The case workflow (data). The engine keeps one time limit per state in a definition, while a
// case's limits depend on its category and urgency; so each distinct set of step limits gets
// its own registered definition, key case.<limits> (e.g. case.d1wh-h4wh-v4wh), built from one
// template. The key carries the limits, so any process can rebuild the definition from it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Duration, StepLimits, TimeLimitPolicy, WorkflowDefinition } from '@citygov/contracts';
import {
  OWNER,
  definitionOf,
  registerDefinition,
  registerWorkflowGuard,
} from '../../../platform/workflow/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { CaseLoopTables } from './case-loop-tables.ts';

export const CASE_SUBJECT = 'case';
export const CASE_WORKFLOW_VERSION = 1;

/** The latest extension step of an instance: a request pending, or its answer. */
async function lastExtensionStep(db: Db, instanceId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('workflow_history')
    .select('action')
    .where('instance_id', '=', instanceId)
    // Handling or returning the case ends a request nobody answered.
    .where('action', 'in', [
      'request_extension',
      'approve_extension',
      'reject_extension',
      'handle',
      'return',
    ])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.action;
}

// Guards get no clock from the engine, so a step performed at a chosen time (the demo city's
// past cases, tests) tells them its time through this store; live requests use the real time.
const stepClock = new AsyncLocalStorage<Date>();

/** Runs `fn` with the case guards seeing `now` as the current time. */
export const runAtTime = <T>(now: Date | undefined, fn: () => Promise<T>): Promise<T> =>
  now ? stepClock.run(now, fn) : fn();

const currentTime = () => stepClock.getStore()?.getTime() ?? Date.now();

// Extensions (延期) must be asked for before the state's deadline, one at a time.
registerWorkflowGuard('case.before_state_deadline', ({ instance }) =>
  instance.state_deadline_at && instance.state_deadline_at.getTime() <= currentTime()
    ? 'An extension must be requested before the handling deadline; it has passed'
    : null,
);
registerWorkflowGuard('case.no_extension_pending', async ({ db, instance }) =>
  (await lastExtensionStep(db, instance.id)) === 'request_extension'
    ? 'An extension request is already waiting for an answer'
    : null,
);
registerWorkflowGuard('case.extension_pending', async ({ db, instance }) =>
  (await lastExtensionStep(db, instance.id)) === 'request_extension'
    ? null
    : 'No extension request is waiting for an answer',
);

/** Filing (立案) and calling back (回访) do not depend on the category. */
const fileLimit: Duration = { amount: 2, unit: 'workhours' };
const callbackLimit: Duration = { amount: 1, unit: 'workdays' };

/** States where the case is finished or no longer worked on. */
export const endStates = ['declined', 'merged', 'evaluated'] as const;
/** States after closure (closure counts for indicators). */
export const closedStates = ['closed', 'evaluated'] as const;

const unitCodes = { hours: 'h', workhours: 'wh', workdays: 'wd' } as const;
const unitOfCode = { h: 'hours', wh: 'workhours', wd: 'workdays' } as const;

const encode = (d: Duration) => `${d.amount}${unitCodes[d.unit]}`;

/** The definition key of a set of step limits. */
export const caseWorkflowKey = (limits: StepLimits) =>
  `case.d${encode(limits.dispatch)}-h${encode(limits.handle)}-v${encode(limits.verify)}`;

const keyPattern = /^case\.d([0-9.]+)(h|wh|wd)-h([0-9.]+)(h|wh|wd)-v([0-9.]+)(h|wh|wd)$/;

/** The step limits a key was built from, or null when it is not a case key. */
export function parseCaseWorkflowKey(key: string): StepLimits | null {
  const m = keyPattern.exec(key);
  if (!m) return null;
  const d = (amount: string, unit: string): Duration => ({
    amount: Number(amount),
    unit: unitOfCode[unit as keyof typeof unitOfCode],
  });
  return { dispatch: d(m[1]!, m[2]!), handle: d(m[3]!, m[4]!), verify: d(m[5]!, m[6]!) };
}

/** A reminder (催办) a quarter of the limit before it; a whole working day for day limits. */
function remindBefore(limit: Duration): Duration[] {
  if (limit.unit === 'workdays') {
    return limit.amount > 1
      ? [{ amount: 1, unit: 'workdays' }]
      : [{ amount: 4, unit: 'workhours' }];
  }
  return [{ amount: Math.max(0.25, Math.round((limit.amount / 4) * 100) / 100), unit: limit.unit }];
}

/** Chased before the limit, flagged at it, 督办 to the supervisor at it and the leader a limit later. */
const policy = (limit: Duration): TimeLimitPolicy => ({
  limit,
  remindBefore: remindBefore(limit),
  flagOverdue: true,
  escalate: [{ role: 'supervisor' }, { role: 'leader', after: limit }],
});

const label = (zh: string, en: string) => ({ zh, en });

/** The case workflow for one set of step limits. */
export function buildCaseWorkflow(limits: StepLimits): WorkflowDefinition {
  return {
    key: caseWorkflowKey(limits),
    version: CASE_WORKFLOW_VERSION,
    label: label('城市管理案件', 'City-management case'),
    initialState: 'reported',
    states: {
      reported: { label: label('待立案', 'Reported'), timeLimit: policy(fileLimit) },
      declined: { label: label('不予立案', 'Declined'), isFinal: true },
      merged: { label: label('已合并', 'Merged into another case'), isFinal: true },
      filed: {
        label: label('待派遣', 'Filed, awaiting dispatch'),
        timeLimit: policy(limits.dispatch),
      },
      handling: { label: label('处置中', 'Being handled'), timeLimit: policy(limits.handle) },
      extended: {
        label: label('延期处置中', 'Being handled (extended)'),
        timeLimit: policy(limits.handle),
      },
      handled: {
        label: label('待核查', 'Handled, awaiting verification'),
        timeLimit: policy(limits.verify),
      },
      verified: {
        label: label('待结案', 'Verified, awaiting closure'),
        timeLimit: policy(fileLimit),
      },
      closed: {
        label: label('已结案待回访', 'Closed, awaiting call back'),
        timeLimit: policy(callbackLimit),
      },
      evaluated: { label: label('已回访评价', 'Called back and evaluated'), isFinal: true },
    },
    actions: {
      // The supervision centre files, verifies and closes; the command centre dispatches.
      file: {
        label: label('立案', 'File'),
        from: ['reported'],
        to: 'filed',
        roles: ['supervisor'],
      },
      decline: {
        label: label('不予立案', 'Decline'),
        from: ['reported'],
        to: 'declined',
        roles: ['supervisor'],
        isNoteRequired: true,
      },
      merge: {
        label: label('合并到已有案件', 'Merge into an open case'),
        from: ['reported'],
        to: 'merged',
        roles: ['supervisor'],
        input: { required: ['duplicateOf'] },
      },
      dispatch: {
        label: label('派遣', 'Dispatch'),
        from: ['filed'],
        to: 'handling',
        roles: ['dispatcher'],
        input: { optional: ['departmentId', 'assistDepartmentIds'] },
      },
      handle: {
        label: label('处置反馈', 'Report handling'),
        from: ['handling', 'extended'],
        to: 'handled',
        roles: ['handler'],
        isNoteRequired: true,
        input: { required: ['afterPhotos'], optional: ['beforePhotos'] },
      },
      return: {
        label: label('退单', 'Return (outside our remit)'),
        from: ['handling', 'extended'],
        to: 'filed',
        roles: ['handler'],
        isNoteRequired: true,
      },
      request_extension: {
        label: label('申请延期', 'Request an extension'),
        from: ['handling'],
        to: 'handling',
        roles: ['handler'],
        guards: ['case.before_state_deadline', 'case.no_extension_pending'],
        isNoteRequired: true,
        input: { required: ['extensionWorkdays'] },
      },
      approve_extension: {
        label: label('批准延期', 'Approve the extension'),
        from: ['handling'],
        to: 'extended',
        roles: ['dispatcher', 'supervisor'],
        guards: ['case.extension_pending'],
      },
      reject_extension: {
        label: label('驳回延期', 'Reject the extension'),
        from: ['handling'],
        to: 'handling',
        roles: ['dispatcher', 'supervisor'],
        guards: ['case.extension_pending'],
        isNoteRequired: true,
      },
      verify_pass: {
        label: label('核查通过', 'Verification passed'),
        from: ['handled'],
        to: 'verified',
        roles: ['inspector'],
        input: { required: ['photos'] },
      },
      verify_fail: {
        label: label('核查不通过（返工）', 'Verification failed (rework)'),
        from: ['handled'],
        to: 'handling',
        roles: ['inspector'],
        isNoteRequired: true,
        input: { required: ['photos'] },
      },
      close: {
        label: label('结案', 'Close'),
        from: ['verified'],
        to: 'closed',
        roles: ['supervisor'],
      },
      callback: {
        label: label('回访', 'Call back'),
        from: ['closed'],
        to: 'evaluated',
        roles: ['supervisor', 'calltaker', OWNER],
        input: { required: ['satisfaction'] },
      },
      reopen: {
        label: label('不满意重办', 'Reopen (dissatisfied, the unit’s fault)'),
        from: ['closed'],
        to: 'handling',
        roles: ['supervisor', 'calltaker'],
        isNoteRequired: true,
      },
      supervise: {
        label: label('督办', 'Issue a supervision notice'),
        from: ['filed', 'handling', 'extended', 'handled', 'verified'],
        to: '__same__',
        roles: ['supervisor'],
        isNoteRequired: true,
      },
    },
  };
}

/** 督办 keeps the state, so it is one action per state (the engine's actions have one target). */
function expandSameState(def: WorkflowDefinition): WorkflowDefinition {
  const actions: WorkflowDefinition['actions'] = {};
  for (const [name, action] of Object.entries(def.actions)) {
    if (action.to !== '__same__') {
      actions[name] = action;
      continue;
    }
    for (const from of action.from)
      actions[`${name}_${from}`] = { ...action, from: [from], to: from };
  }
  return { ...def, actions };
}

/** The name a caller uses for an action that exists once per state (supervise → supervise_<state>). */
export function engineActionName(action: string, state: string): string {
  return action === 'supervise' ? `supervise_${state}` : action;
}

/** The caller-facing name of an engine action. */
export const publicActionName = (name: string) =>
  name.startsWith('supervise_') ? 'supervise' : name;

/** Registers (once) and returns the definition for these step limits. */
export function caseWorkflowFor(limits: StepLimits): WorkflowDefinition {
  const key = caseWorkflowKey(limits);
  try {
    return definitionOf(key, CASE_WORKFLOW_VERSION);
  } catch {
    return registerDefinition(expandSameState(buildCaseWorkflow(limits)));
  }
}

/** Makes sure the definition of an instance's key is registered in this process. */
export function ensureCaseWorkflow(key: string): void {
  const limits = parseCaseWorkflowKey(key);
  if (limits) caseWorkflowFor(limits);
}

const loopDb = (db: Db) => db.withTables<CaseLoopTables>();

/** Records a variant, so every process registers it when it starts. */
export async function rememberCaseWorkflow(trx: Db, limits: StepLimits): Promise<void> {
  await loopDb(trx)
    .insertInto('case_workflow_variants')
    .values({ key: caseWorkflowKey(limits), step_limits: JSON.stringify(limits) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** Registers every variant cases have used so far (timers of old cases need them). */
export async function registerKnownCaseWorkflows(db: Db): Promise<number> {
  const rows = await loopDb(db).selectFrom('case_workflow_variants').select('key').execute();
  for (const row of rows) ensureCaseWorkflow(row.key);
  return rows.length;
}
