import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { OptionError, readOptions } from './options.ts';

const read = (env: NodeJS.ProcessEnv, argv: string[] = []) => readOptions(env, argv, '/results');

describe('readOptions', () => {
  it('uses the documented defaults when nothing is set', () => {
    const o = read({});
    assert.equal(o.adminUrl, 'postgres://postgres@127.0.0.1:5432/postgres');
    assert.equal(o.seconds, 15);
    assert.equal(o.concurrency, 16);
    assert.deepEqual(o.targets, ['postgres', 'pglite']);
    assert.deepEqual(o.only, []);
    assert.equal(o.resultsDir, '/results');
  });

  it('reads scenario names from --only, --only= and bare arguments', () => {
    assert.deepEqual(read({}, ['--only', 'workflow,session-read']).only, [
      'workflow',
      'session-read',
    ]);
    assert.deepEqual(read({}, ['--only=workflow']).only, ['workflow']);
    assert.deepEqual(read({}, ['workflow']).only, ['workflow']);
    assert.deepEqual(read({ BENCH_ONLY: 'session-read' }).only, ['session-read']);
  });

  it('throws naming the variable when a number or target is bad', () => {
    assert.throws(() => read({ BENCH_SECONDS: 'ten' }), /BENCH_SECONDS/);
    assert.throws(() => read({ BENCH_SECONDS: '0' }), /BENCH_SECONDS/);
    assert.throws(() => read({ BENCH_TARGETS: 'postgres,mysql' }), /mysql/);
    assert.throws(() => read({}, ['--fast']), OptionError);
  });

  it('resolves a relative results directory against where npm was run', () => {
    const o = read({ BENCH_RESULTS_DIR: 'out/bench', INIT_CWD: '/work/main' });
    assert.equal(o.resultsDir, path.resolve('/work/main', 'out/bench'));
  });
});
