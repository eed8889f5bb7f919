import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { servicePartsOf } from './services.ts';

describe('BENCH_SERVICES_PARTS', () => {
  it('runs every workload when unset or blank', () => {
    assert.deepEqual(
      [...servicePartsOf(undefined)],
      ['submissions', 'list', 'search', 'indicators'],
    );
    assert.equal(servicePartsOf(' ').size, 4);
  });

  it('runs only the named workloads', () => {
    assert.deepEqual([...servicePartsOf('indicators, list')].sort(), ['indicators', 'list']);
  });

  it('refuses a name it does not know, naming it', () => {
    assert.throws(() => servicePartsOf('list,mine'), /unknown: mine/);
  });
});
