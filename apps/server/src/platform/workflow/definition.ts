// Workflow definitions are data; they are checked when loaded so a mistake fails at start,
// with a message naming the definition and every problem found, not in the middle of a case.
import { Value } from 'typebox/value';
import {
  WorkflowDefinition as DefinitionSchema,
  type TimeLimitPolicy,
  type WorkflowDefinition,
} from '@citygov/contracts';
import { isKnownRole } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import type { WorkflowInstance } from './instance-repository.ts';

export type { WorkflowDefinition };

/** The pseudo-role for the record's applicant or creator (the instance's owner_user_id). */
export const OWNER = 'owner';

export class WorkflowDefinitionError extends Error {
  override name = 'WorkflowDefinitionError';
  readonly problems: string[];
  constructor(label: string, problems: string[]) {
    super(`workflow definition ${label} is invalid:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

export interface GuardContext {
  db: Db;
  instance: WorkflowInstance;
  principal: Principal;
  action: string;
  note: string | null;
  data: Record<string, unknown>;
}

/** A guard returns null to allow the action, or the reason it is refused. */
export type WorkflowGuard = (context: GuardContext) => string | null | Promise<string | null>;

const guards = new Map<string, WorkflowGuard>();

/** Registers a guard by name; definitions name guards, so register before loading them. */
export function registerWorkflowGuard(name: string, guard: WorkflowGuard) {
  if (guards.has(name) && guards.get(name) !== guard) {
    throw new Error(`workflow guard "${name}" is already registered`);
  }
  guards.set(name, guard);
}

export const guardNamed = (name: string) => guards.get(name);

function structuralProblems(value: unknown): string[] {
  if (Value.Check(DefinitionSchema, value)) return [];
  return [...Value.Errors(DefinitionSchema, value)]
    .filter((e) => e.keyword !== 'boolean') // the additionalProperties echo
    .slice(0, 20)
    .map((e) => {
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties;
      const where = e.instancePath || '/';
      return extra ? `${where}: unknown field(s) ${extra.join(', ')}` : `${where}: ${e.message}`;
    });
}

function policyProblems(where: string, policy: TimeLimitPolicy | undefined): string[] {
  if (!policy) return [];
  const problems: string[] = [];
  for (const e of policy.escalate ?? []) {
    if (!isKnownRole(e.role)) problems.push(`${where}: escalates to unknown role "${e.role}"`);
  }
  if (policy.limit.unit === 'workdays' && !Number.isInteger(policy.limit.amount)) {
    problems.push(`${where}: a limit in working days must be a whole number`);
  }
  return problems;
}

/** Checks a definition's shape and meaning; throws WorkflowDefinitionError listing every problem. */
export function validateDefinition(value: unknown): WorkflowDefinition {
  const label =
    typeof value === 'object' && value !== null && 'key' in value
      ? `"${String(value.key)}" v${String((value as { version?: unknown }).version)}`
      : '(unnamed)';
  const shape = structuralProblems(value);
  if (shape.length) throw new WorkflowDefinitionError(label, shape);
  const def = value as WorkflowDefinition;
  const problems: string[] = [];
  const states = Object.keys(def.states);
  const isState = (s: string) => Object.hasOwn(def.states, s);

  if (states.length === 0) problems.push('it has no states');
  if (!isState(def.initialState)) problems.push(`initial state "${def.initialState}" is unknown`);
  problems.push(...policyProblems('the overall time limit', def.timeLimit));

  for (const [name, action] of Object.entries(def.actions)) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      problems.push(`action "${name}": the name must be lower_snake_case`);
    }
    if (action.from.length === 0) problems.push(`action "${name}" has no from-states`);
    for (const from of action.from) {
      if (!isState(from)) problems.push(`action "${name}" starts from unknown state "${from}"`);
      else if (def.states[from]!.isFinal) {
        problems.push(`final state "${from}" has an outgoing action "${name}"`);
      }
    }
    if (!isState(action.to))
      problems.push(`action "${name}" leads to unknown state "${action.to}"`);
    if (action.roles.length === 0) problems.push(`action "${name}" has no role allowed`);
    for (const role of action.roles) {
      if (role !== OWNER && !isKnownRole(role)) {
        problems.push(`action "${name}" names unknown role "${role}"`);
      }
    }
    for (const guard of action.guards ?? []) {
      if (!guards.has(guard)) problems.push(`action "${name}" names unknown guard "${guard}"`);
    }
    const required = action.input?.required ?? [];
    const optional = action.input?.optional ?? [];
    for (const field of required) {
      if (optional.includes(field)) {
        problems.push(`action "${name}": field "${field}" is both required and optional`);
      }
    }
  }

  for (const [name, state] of Object.entries(def.states)) {
    problems.push(...policyProblems(`state "${name}"`, state.timeLimit));
    const hasExit = Object.values(def.actions).some((a) => a.from.includes(name));
    if (!state.isFinal && !hasExit) {
      problems.push(`state "${name}" is not final but no action leaves it`);
    }
  }

  if (isState(def.initialState)) {
    const reached = new Set([def.initialState]);
    for (let grew = true; grew;) {
      grew = false;
      for (const action of Object.values(def.actions)) {
        if (
          action.from.some((f) => reached.has(f)) &&
          isState(action.to) &&
          !reached.has(action.to)
        ) {
          reached.add(action.to);
          grew = true;
        }
      }
    }
    for (const state of states) {
      if (!reached.has(state))
        problems.push(`state "${state}" is unreachable from "${def.initialState}"`);
    }
  }

  if (problems.length) throw new WorkflowDefinitionError(label, problems);
  return def;
}

const definitions = new Map<string, WorkflowDefinition>();
const keyOf = (key: string, version: number) => `${key}@${version}`;

/**
 * Validates and registers a definition. Registering the same key and version again is allowed
 * only with identical content (modules may register on every app build).
 */
export function registerDefinition(value: unknown): WorkflowDefinition {
  const def = validateDefinition(value);
  const id = keyOf(def.key, def.version);
  const existing = definitions.get(id);
  if (existing && JSON.stringify(existing) !== JSON.stringify(def)) {
    throw new WorkflowDefinitionError(`"${def.key}" v${def.version}`, [
      'another definition with this key and version is already registered; bump the version',
    ]);
  }
  const frozen = structuredClone(def);
  definitions.set(id, frozen);
  return frozen;
}

/** The registered definition an instance was started with. */
export function definitionOf(key: string, version: number): WorkflowDefinition {
  const def = definitions.get(keyOf(key, version));
  if (!def) throw new Error(`workflow definition "${key}" v${version} is not registered`);
  return def;
}

/** The states where `role` (or 'owner') has something to do: for to-do lists. */
export function statesWhereRoleActs(def: WorkflowDefinition, role: string): string[] {
  const states = new Set<string>();
  for (const action of Object.values(def.actions)) {
    if (action.roles.includes(role)) for (const s of action.from) states.add(s);
  }
  return [...states];
}
