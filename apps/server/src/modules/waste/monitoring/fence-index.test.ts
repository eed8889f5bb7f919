// Fences and corridors: ray casting with holes, corridor distances in metres on WGS-84, and the
// index agreeing with a brute-force scan over 10,000 fences.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FenceIndex, type FenceInput } from './fence-index.ts';
import { PreparedCorridor } from './geo/corridor.ts';
import { PreparedPolygon } from './geo/polygon.ts';
import { distanceM, metresPerDegreeLat, metresPerDegreeLon } from './geo/wgs84.ts';

describe('fence geometry', () => {
  it('knows the metres of a degree on WGS-84', () => {
    // Published values: at the equator 110,574 m per degree of latitude and 111,320 of
    // longitude; at 30° 110,852 and 96,486.
    assert.ok(Math.abs(metresPerDegreeLat(0) - 110_574) < 2);
    assert.ok(Math.abs(metresPerDegreeLon(0) - 111_320) < 2);
    assert.ok(Math.abs(metresPerDegreeLat(30) - 110_852) < 2);
    assert.ok(Math.abs(metresPerDegreeLon(30) - 96_486) < 2);
    // 解放碑 to 朝天门, about 1.9 km.
    const d = distanceM(106.5775, 29.5587, 106.5858, 29.5728);
    assert.ok(d > 1_750 && d < 1_850, `got ${d}`);
  });

  it('tells inside from outside, holes included', () => {
    const polygon = new PreparedPolygon([
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [4, 4],
        [6, 4],
        [6, 6],
        [4, 6],
        [4, 4],
      ],
    ]);
    assert.equal(polygon.contains(1, 1), true);
    assert.equal(polygon.contains(5, 5), false, 'in the hole');
    assert.equal(polygon.contains(11, 5), false);
    assert.equal(polygon.contains(7, 9.99), true);
    assert.throws(() => new PreparedPolygon([[[0, 0]]]), /at least 3 points/);
  });

  it('measures the corridor in metres, whatever the latitude', () => {
    // An east-west road at 29.5°N: a point 150 m north of it.
    const road = new PreparedCorridor(
      [
        [106.5, 29.5],
        [106.6, 29.5],
      ],
      100,
    );
    const north150 = 29.5 + 150 / metresPerDegreeLat(29.5);
    assert.ok(Math.abs(road.distanceM(106.55, north150) - 150) < 1);
    assert.equal(road.findSegmentWithin(106.55, north150), -1);
    assert.equal(road.findSegmentWithin(106.55, north150, 60), 0, 'within 100 m + 60 m');
    // Past the end of the line the distance is to its end point.
    const east = 106.6 + 50 / metresPerDegreeLon(29.5);
    assert.ok(Math.abs(road.distanceM(east, 29.5) - 50) < 1);
  });

  it('indexes long routes and finds the segment near a point with or without a hint', () => {
    const line: number[][] = [];
    for (let i = 0; i <= 200; i++) line.push([106.4 + i * 0.001, 29.5 + (i % 2) * 0.0005]);
    const route = new PreparedCorridor(line, 30);
    assert.equal(route.segmentCount, 200);
    const [lon, lat] = [106.4 + 150.5 * 0.001, 29.50025];
    const segment = route.findSegmentWithin(lon, lat);
    assert.ok(segment === 150, `got ${segment}`);
    assert.equal(route.findSegmentWithin(lon, lat, 0, 150), 150);
    assert.equal(route.findSegmentWithin(lon, lat, 0, 3), 150, 'a stale hint is not trusted');
    assert.equal(route.findSegmentWithin(lon, 29.51), -1);
  });

  it('agrees with a brute-force scan over 10,000 fences', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const inputs: FenceInput[] = [];
    for (let i = 0; i < 10_000; i++) {
      const lon = 106.2 + random() * 0.8;
      const lat = 29.3 + random() * 0.6;
      const r = 0.0005 + random() * 0.003;
      const ring: number[][] = [];
      for (let k = 0; k < 7; k++) {
        const a = (k / 7) * 2 * Math.PI;
        const rk = r * (0.6 + 0.4 * random());
        ring.push([lon + rk * Math.cos(a), lat + rk * Math.sin(a)]);
      }
      ring.push(ring[0]!);
      inputs.push({
        kind: i % 3 === 0 ? 'disposal_site' : 'construction_site',
        id: i + 1,
        name: `f${i}`,
        regionCode: '500103',
        rings: [ring],
      });
    }
    const index = new FenceIndex(inputs, []);
    const out: number[] = [];
    let hits = 0;
    for (let q = 0; q < 2_000; q++) {
      const lon = 106.2 + random() * 0.8;
      const lat = 29.3 + random() * 0.6;
      index.findContaining(lon, lat, out);
      const expected = index.fences.filter((f) => f.polygon.contains(lon, lat)).map((f) => f.index);
      assert.deepEqual(out, expected);
      hits += out.length;
    }
    assert.ok(hits > 20, `the sample should hit some fences (${hits})`);
  });

  it('leaves out unusable geometry and says why', () => {
    const index = new FenceIndex(
      [{ kind: 'construction_site', id: 1, name: 'bad', regionCode: '500103', rings: [[[1, 1]]] }],
      [
        {
          id: 2,
          name: 'bad',
          constructionSiteId: 1,
          disposalSiteId: 1,
          line: [[1, 1]],
          halfWidthM: 10,
        },
      ],
    );
    assert.equal(index.fences.length, 0);
    assert.deepEqual(
      index.problems.map((p) => [p.kind, p.id]),
      [
        ['construction_site', 1],
        ['route', 2],
      ],
    );
    assert.equal(index.findContaining(1, 1, []), 0);
  });
});
