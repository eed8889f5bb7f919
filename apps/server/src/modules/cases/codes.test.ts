import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildCategoryCode,
  buildComponentId,
  buildGridCode,
  parseComponentId,
  parseGridCode,
} from './codes.ts';

describe('grid codes', () => {
  it('builds division + street + community + grid number', () => {
    const code = buildGridCode('500103001003', 7);
    assert.equal(code, '500103001003007');
    assert.deepEqual(parseGridCode(code), {
      regionCode: '500103',
      streetCode: '500103001',
      communityCode: '500103001003',
      sequence: 7,
    });
  });

  it('refuses grid numbers outside 1–999 and malformed community codes', () => {
    assert.throws(() => buildGridCode('500103001003', 0));
    assert.throws(() => buildGridCode('500103001003', 1000));
    assert.throws(() => buildGridCode('500103001', 1));
    assert.equal(parseGridCode('500103001003000'), null);
    assert.equal(parseGridCode('50010300100300'), null);
    assert.equal(parseGridCode('50010300100300x'), null);
  });
});

describe('component ids', () => {
  it('builds division (6) + major (2) + minor (2) + sequence (6)', () => {
    const id = buildComponentId('500103', 'C0109', 42);
    assert.equal(id, '5001030109000042');
    assert.match(id, /^[0-9]{16}$/);
    assert.deepEqual(parseComponentId(id), {
      regionCode: '500103',
      categoryCode: 'C0109',
      sequence: 42,
    });
  });

  it('refuses event classes and sequences outside 1–999999', () => {
    assert.throws(() => buildComponentId('500103', 'E0401', 1));
    assert.throws(() => buildComponentId('500103', 'C0109', 1_000_000));
    assert.throws(() => buildComponentId('5001', 'C0109', 1));
    assert.equal(parseComponentId('5001030109000000'), null);
  });

  it('prefixes category codes with the kind', () => {
    assert.equal(buildCategoryCode('component', '01', '09'), 'C0109');
    assert.equal(buildCategoryCode('event', '04', '03'), 'E0403');
  });
});
