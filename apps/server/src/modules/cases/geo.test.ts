import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  distanceToPolygonM,
  findSelfIntersection,
  isPointInPolygon,
  polygonAreaM2,
  type Position,
} from './geo.ts';

// A 0.01° square near 渝中区 with a 0.002° hole in the middle.
const outer: Position[] = [
  [106.56, 29.55],
  [106.57, 29.55],
  [106.57, 29.56],
  [106.56, 29.56],
  [106.56, 29.55],
];
const hole: Position[] = [
  [106.564, 29.554],
  [106.564, 29.556],
  [106.566, 29.556],
  [106.566, 29.554],
  [106.564, 29.554],
];

describe('point in polygon', () => {
  it('finds points inside, on an edge, on a corner, and outside', () => {
    assert.equal(isPointInPolygon(106.561, 29.551, [outer]), true);
    assert.equal(isPointInPolygon(106.57, 29.555, [outer]), true, 'east edge');
    assert.equal(isPointInPolygon(106.56, 29.56, [outer]), true, 'corner');
    assert.equal(isPointInPolygon(106.5701, 29.555, [outer]), false);
    assert.equal(isPointInPolygon(106.565, 29.5601, [outer]), false);
  });

  it('leaves points in a hole outside, but a hole edge inside', () => {
    assert.equal(isPointInPolygon(106.565, 29.555, [outer, hole]), false);
    assert.equal(isPointInPolygon(106.564, 29.555, [outer, hole]), true);
    assert.equal(isPointInPolygon(106.563, 29.555, [outer, hole]), true);
  });
});

describe('distance to a polygon', () => {
  it('is 0 inside and the metres to the nearest edge outside', () => {
    assert.equal(distanceToPolygonM(106.565, 29.552, [outer]), 0);
    // 0.001° of latitude north of the north edge is about 111 m.
    const d = distanceToPolygonM(106.565, 29.561, [outer]);
    assert.ok(Math.abs(d - 111.2) < 0.5, `got ${d}`);
  });
});

describe('area', () => {
  it('measures a 0.01° square at 29.55° N as about 1.11 km × 0.97 km', () => {
    const expected = 1111.95 * 967.6;
    const area = polygonAreaM2([outer]);
    assert.ok(Math.abs(area - expected) / expected < 0.005, `got ${area}`);
    assert.ok(polygonAreaM2([outer, hole]) < area);
  });
});

describe('self-intersection', () => {
  it('finds a bow tie and accepts a simple ring', () => {
    const bowTie: Position[] = [
      [106.56, 29.55],
      [106.57, 29.56],
      [106.57, 29.55],
      [106.56, 29.56],
      [106.56, 29.55],
    ];
    assert.notEqual(findSelfIntersection(bowTie), null);
    assert.equal(findSelfIntersection(outer), null);
  });
});
