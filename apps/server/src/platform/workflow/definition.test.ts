import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  registerDefinition,
  statesWhereRoleActs,
  validateDefinition,
  WorkflowDefinitionError,
  type WorkflowDefinition,
} from './index.ts';
import { sampleWorkflow } from './fixtures/sample-workflow.ts';

const label = { zh: '测', en: 'test' };

function minimal(): WorkflowDefinition {
  return {
    key: 'check.min',
    version: 1,
    label,
    initialState: 'open',
    states: { open: { label }, done: { label, isFinal: true } },
    actions: { finish: { label, from: ['open'], to: 'done', roles: ['handler'] } },
  };
}

function problemsOf(def: unknown): string[] {
  try {
    validateDefinition(def);
  } catch (error) {
    assert.ok(error instanceof WorkflowDefinitionError, String(error));
    return error.problems;
  }
  return [];
}

describe('workflow definition validation', () => {
  it('does accept a well-formed definition', () => {
    assert.deepEqual(problemsOf(minimal()), []);
    assert.deepEqual(problemsOf(JSON.parse(JSON.stringify(sampleWorkflow))), []);
  });

  it('does name an unknown state in from, to and the initial state', () => {
    const def = minimal();
    def.actions.finish!.from = ['opne'];
    def.actions.go = { label, from: ['open'], to: 'nowhere', roles: ['handler'] };
    def.initialState = 'start';
    const problems = problemsOf(def);
    assert.ok(
      problems.includes('action "finish" starts from unknown state "opne"'),
      problems.join('\n'),
    );
    assert.ok(problems.includes('action "go" leads to unknown state "nowhere"'));
    assert.ok(problems.includes('initial state "start" is unknown'));
  });

  it('does name an unreachable state', () => {
    const def = minimal();
    def.states.archived = { label, isFinal: true };
    assert.deepEqual(problemsOf(def), ['state "archived" is unreachable from "open"']);
  });

  it('does name an action without a role, and an unknown role', () => {
    const def = minimal();
    def.actions.finish!.roles = [];
    def.actions.skip = { label, from: ['open'], to: 'done', roles: ['janitor'] };
    const problems = problemsOf(def);
    assert.ok(problems.includes('action "finish" has no role allowed'));
    assert.ok(problems.includes('action "skip" names unknown role "janitor"'));
  });

  it('does name a final state with an outgoing action', () => {
    const def = minimal();
    def.actions.reopen = { label, from: ['done'], to: 'open', roles: ['owner'] };
    assert.deepEqual(problemsOf(def), ['final state "done" has an outgoing action "reopen"']);
  });

  it('does name an unknown guard and a dead-end state', () => {
    const def = minimal();
    def.actions.finish!.guards = ['no.such.guard'];
    def.states.stuck = { label };
    def.actions.park = { label, from: ['open'], to: 'stuck', roles: ['handler'] };
    const problems = problemsOf(def);
    assert.ok(problems.includes('action "finish" names unknown guard "no.such.guard"'));
    assert.ok(problems.includes('state "stuck" is not final but no action leaves it'));
  });

  it('does report shape errors from JSON with their path', () => {
    const problems = problemsOf({
      ...minimal(),
      states: { open: { label: { zh: '开' } } },
      extra: 1,
    });
    assert.ok(
      problems.some((p) => p.includes('extra')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('/states/open/label')),
      problems.join('\n'),
    );
    const bad = problemsOf({
      ...minimal(),
      timeLimit: { limit: { amount: 2.5, unit: 'workdays' }, escalate: [{ role: 'nobody' }] },
    });
    assert.ok(bad.includes('the overall time limit: escalates to unknown role "nobody"'));
    assert.ok(
      bad.includes('the overall time limit: a limit in working days must be a whole number'),
    );
  });

  it('does put the definition key and every problem in the error message', () => {
    const def = minimal();
    def.actions.finish!.roles = [];
    assert.throws(
      () => validateDefinition(def),
      /workflow definition "check\.min" v1 is invalid:\n {2}- action "finish" has no role allowed/,
    );
  });

  it('does refuse a different definition under a registered key and version', () => {
    registerDefinition(minimal());
    registerDefinition(minimal()); // the same content again is fine
    const changed = minimal();
    changed.actions.finish!.roles = ['reviewer'];
    assert.throws(() => registerDefinition(changed), /bump the version/);
  });

  it('does list the states where a role has something to do', () => {
    assert.deepEqual(statesWhereRoleActs(sampleWorkflow, 'owner').sort(), ['review', 'waiting']);
    assert.deepEqual(statesWhereRoleActs(sampleWorkflow, 'dispatcher'), ['filed']);
  });
});
