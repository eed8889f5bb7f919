// Fences and routes as stored: closed rings inside the city with an area, paths inside it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../platform/errors.ts';
import { checkFence, checkPath, distanceM, isInsidePolygon } from './waste-geometry.ts';

const open = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [106.56, 29.55],
      [106.57, 29.55],
      [106.57, 29.56],
      [106.56, 29.56],
    ] as [number, number][],
  ],
};

describe('waste geometry', () => {
  it('closes an open ring and keeps a fence inside Chongqing', () => {
    const fence = checkFence(open);
    assert.deepEqual(fence.coordinates[0]!.at(-1), [106.56, 29.55]);
    assert.ok(isInsidePolygon([106.565, 29.555], fence));
    assert.ok(!isInsidePolygon([106.575, 29.555], fence));
    const outside = {
      ...open,
      coordinates: [open.coordinates[0]!.map(([x, y]) => [x + 10, y] as [number, number])],
    };
    assert.throws(
      () => checkFence(outside),
      (e: AppError) => e.code === 'validation_failed' && e.details?.field === 'fence',
    );
  });

  it('refuses a fence larger than 50 km² and a path shorter than 50 m', () => {
    const huge = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [106.3, 29.3],
          [106.7, 29.3],
          [106.7, 29.7],
          [106.3, 29.3],
        ] as [number, number][],
      ],
    };
    assert.throws(() => checkFence(huge), /more than 50 km²/);
    assert.throws(
      () =>
        checkPath({
          type: 'LineString',
          coordinates: [
            [106.56, 29.55],
            [106.5601, 29.55],
          ],
        }),
      /shorter than 50 m/,
    );
  });

  it('measures distances on the sphere', () => {
    // One degree of latitude is about 111.2 km.
    assert.ok(Math.abs(distanceM([106.5, 29], [106.5, 30]) - 111_195) < 50);
  });
});
