// The demo's trucks must be the simulator's: same plates and terminal phones for the same index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSimulationOptions, plateOf } from '@citygov/vehicle-sim';
import { SIM_PHONE_BASE, simPlateOf } from './sim-numbering.ts';

describe('demo trucks and tools/vehicle-sim', () => {
  it('number trucks the same way', () => {
    assert.equal(SIM_PHONE_BASE, defaultSimulationOptions.phoneBase);
    for (let i = 0; i < 500; i++) assert.equal(simPlateOf(i), plateOf(i));
  });
});
