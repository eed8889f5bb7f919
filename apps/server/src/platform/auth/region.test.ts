// Region scopes over GB/T 2260 division codes (province 2 digits, city 2, district 2), extended
// by street (3) and community (3) as DOMAIN.md's grid codes are.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isWithinRegion, regionPrefix } from './region.ts';

describe('region scopes', () => {
  it('lets the city cover every district, street and community in it, and nothing outside', () => {
    assert.equal(regionPrefix('500000'), '50');
    assert.ok(isWithinRegion('500103', '500000'));
    assert.ok(isWithinRegion('500103001002', '500000'));
    assert.equal(isWithinRegion('510104', '500000'), false, 'Chengdu is not in Chongqing');
  });

  it('lets a district cover its streets and communities, not its neighbour', () => {
    assert.ok(isWithinRegion('500103002', '500103'));
    assert.ok(isWithinRegion('500103002003', '500103'));
    assert.equal(isWithinRegion('500104', '500103'), false);
    assert.equal(isWithinRegion('500104001', '500103'), false);
  });

  it('reads a street written with trailing zeros as the street', () => {
    assert.equal(regionPrefix('500103001000'), '500103001');
    assert.ok(isWithinRegion('500103001004', '500103001000'));
    assert.equal(isWithinRegion('500103002004', '500103001000'), false);
    assert.equal(regionPrefix('500103000000'), '500103', 'all zeros below: the district');
  });
});
