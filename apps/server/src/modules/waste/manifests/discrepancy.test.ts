// DOMAIN.md: a discrepancy is a received quantity more than 10% off the declared one, or
// another waste type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDiscrepancy } from './discrepancy.ts';

const declared = { volumeM3: 10, wasteType: 'muck' };

describe('findDiscrepancy', () => {
  it('does not flag exactly 10% either way, and flags just over it', () => {
    assert.equal(
      findDiscrepancy(declared, { volumeM3: 11, wasteType: 'muck' }, 10).hasDiscrepancy,
      false,
    );
    assert.equal(
      findDiscrepancy(declared, { volumeM3: 9, wasteType: 'muck' }, 10).hasDiscrepancy,
      false,
    );
    assert.deepEqual(findDiscrepancy(declared, { volumeM3: 11.1, wasteType: 'muck' }, 10).kinds, [
      'quantity',
    ]);
    assert.deepEqual(findDiscrepancy(declared, { volumeM3: 8.9, wasteType: 'muck' }, 10).kinds, [
      'quantity',
    ]);
  });

  it('flags another waste type whatever the volume, and reports the signed ratio', () => {
    const d = findDiscrepancy(declared, { volumeM3: 8, wasteType: 'demolition' }, 10);
    assert.deepEqual(d.kinds, ['quantity', 'type']);
    assert.equal(d.ratio, -0.2);
  });

  it('follows the configured threshold', () => {
    assert.equal(
      findDiscrepancy(declared, { volumeM3: 11.5, wasteType: 'muck' }, 20).hasDiscrepancy,
      false,
    );
    assert.equal(
      findDiscrepancy(declared, { volumeM3: 10.1, wasteType: 'muck' }, 0).hasDiscrepancy,
      true,
    );
  });
});
