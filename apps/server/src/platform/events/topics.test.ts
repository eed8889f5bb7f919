import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopicPattern, parseTopicFilter } from './topics.ts';

describe('topic patterns', () => {
  it('does match a prefix with *, everything with a lone *, and one topic without *', () => {
    const cases = compileTopicPattern('case.*');
    assert.equal(cases('case.dispatch'), true);
    assert.equal(cases('case.loop.close'), true);
    assert.equal(cases('casefile.x'), false);
    assert.equal(cases('task.case.x'), false);
    assert.equal(compileTopicPattern('*')('anything.at.all'), true);
    const exact = compileTopicPattern('task.accept');
    assert.equal(exact('task.accept'), true);
    assert.equal(exact('task.acceptx'), false);
    assert.equal(compileTopicPattern('*.overdue')('task.overdue'), true);
    assert.equal(compileTopicPattern('*.overdue')('task.overdue.x'), false);
  });

  it('does read a comma-separated filter and name the first bad pattern', () => {
    const filter = parseTopicFilter(' case.* , task.accept ');
    assert.ok('matches' in filter);
    assert.equal(filter.matches('case.x'), true);
    assert.equal(filter.matches('task.accept'), true);
    assert.equal(filter.matches('task.start'), false);
    const all = parseTopicFilter(undefined);
    assert.ok('matches' in all && all.matches('x.y'));
    assert.deepEqual(parseTopicFilter('case.*,A b'), { badPattern: 'A b' });
    assert.deepEqual(parseTopicFilter('case.(x)'), { badPattern: 'case.(x)' });
    assert.ok(
      'badPattern' in parseTopicFilter(Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')),
    );
    assert.throws(() => compileTopicPattern('.*'), /bad topic pattern/);
  });
});
