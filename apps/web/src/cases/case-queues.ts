// The staff to-do queues of city-management cases, by role: what each role works on next.
import type { CaseListQuery, Me } from '@citygov/contracts';

export interface CaseQueue {
  key: string;
  /** Roles whose workbench shows it; empty: every staff member with cases:read. */
  roles: readonly string[];
  query: Pick<CaseListQuery, 'state' | 'isOverdue' | 'isOpen'>;
  /** An action with no input that may be taken on many cases at once. */
  batchAction?: string;
}

export const caseQueues: readonly CaseQueue[] = [
  // The supervision centre files (立案) or declines reports.
  { key: 'file', roles: ['supervisor'], query: { state: 'reported' }, batchAction: 'file' },
  // The command centre dispatches filed cases, returns (退单) included.
  { key: 'dispatch', roles: ['dispatcher'], query: { state: 'filed' } },
  { key: 'handle', roles: ['handler'], query: { state: 'handling,extended' } },
  { key: 'verify', roles: ['inspector'], query: { state: 'handled' } },
  { key: 'close', roles: ['supervisor'], query: { state: 'verified' }, batchAction: 'close' },
  { key: 'callback', roles: ['supervisor', 'calltaker'], query: { state: 'closed' } },
  // Extension requests wait here for the dispatcher or supervisor.
  { key: 'inProgress', roles: ['dispatcher', 'supervisor'], query: { state: 'handling,extended' } },
  // 督办: past the step's deadline.
  {
    key: 'overdue',
    roles: ['supervisor', 'dispatcher', 'leader'],
    query: { isOverdue: true, isOpen: true },
  },
  { key: 'open', roles: [], query: { isOpen: true } },
];

/** The queues of the user's roles, in order (everyone has "open in my area"). */
export function queuesFor(me: Me | null | undefined): CaseQueue[] {
  const roles = new Set(me?.grants.map((g) => g.role) ?? []);
  return caseQueues.filter((q) => q.roles.length === 0 || q.roles.some((r) => roles.has(r)));
}
