import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  centralDistrictCodes,
  divisionPoints,
  loadChongqingDivisions,
} from '../../platform/org/index.ts';
import { generateGrids, shortCommunityName, type DistrictPlan } from './grid-generator.ts';
import { polygonAreaM2 } from './geo.ts';
import { gridScales } from './seed.ts';

/** Great-circle distance (haversine), independent of the generator's own arithmetic. */
function haversineM(lon1: number, lat1: number, lon2: number, lat2: number) {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

const yuzhong = (streets: DistrictPlan['streets']): DistrictPlan => ({
  code: '500103',
  name: '渝中区',
  lat: 29.556,
  lon: 106.568,
  streets,
});

const oneCommunity = yuzhong([
  {
    code: '500103001',
    name: '七星岗街道',
    communities: [{ code: '500103001003', name: '华一坡社区居民委员会' }],
  },
]);

const twoStreets = yuzhong([
  {
    code: '500103001',
    name: '七星岗街道',
    communities: [
      { code: '500103001003', name: '华一坡社区居民委员会' },
      { code: '500103001006', name: '临华路社区居民委员会' },
    ],
  },
  {
    code: '500103003',
    name: '解放碑街道',
    communities: [
      { code: '500103003001', name: '人和街社区居民委员会' },
      { code: '500103003002', name: '大井巷社区居民委员会' },
      { code: '500103003003', name: '小什字社区居民委员会' },
    ],
  },
]);

/** The full hierarchy of the nine central districts from the division package. */
async function centralPlans(): Promise<DistrictPlan[]> {
  const rows = await loadChongqingDivisions();
  return centralDistrictCodes.map((code) => ({
    code,
    name: code,
    lat: divisionPoints[code]![0],
    lon: divisionPoints[code]![1],
    streets: rows
      .filter((s) => s.parent_code === code && s.name.endsWith('街道'))
      .map((s) => ({
        code: s.code,
        name: s.name,
        communities: rows
          .filter((c) => c.parent_code === s.code)
          .map((c) => ({ code: c.code, name: c.name })),
      })),
  }));
}

const north = (g: { bbox: number[] }) => g.bbox[3]!;
const west = (g: { bbox: number[] }) => g.bbox[0]!;

describe('grid generation', () => {
  it('numbers grids west→east along a row, then the next row to the south', () => {
    const grids = generateGrids([oneCommunity], 5, { layoutCellsPerSide: 5 });
    assert.equal(grids.length, 25);
    assert.deepEqual(
      grids.map((g) => g.code.slice(12)),
      Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(3, '0')),
    );
    for (let i = 1; i < grids.length; i++) {
      const a = grids[i - 1]!;
      const b = grids[i]!;
      if (i % 5 === 0) {
        assert.ok(north(b) < north(a), `grid ${b.code} starts a row south of ${a.code}`);
        assert.ok(west(b) < west(a), `grid ${b.code} goes back to the west edge`);
      } else {
        assert.equal(north(b), north(a), `grid ${b.code} is in the row of ${a.code}`);
        assert.ok(west(b) > west(a), `grid ${b.code} lies east of ${a.code}`);
      }
    }
  });

  it('keeps that order inside every community when the district is cut into blocks', () => {
    const grids = generateGrids([twoStreets], 12, { layoutCellsPerSide: 12 });
    const byCommunity = Map.groupBy(grids, (g) => g.communityCode);
    assert.equal(byCommunity.size, 5);
    for (const [community, list] of byCommunity) {
      assert.ok(list.length > 0);
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1]!;
        const b = list[i]!;
        const isLater = north(b) < north(a) || (north(b) === north(a) && west(b) > west(a));
        assert.ok(isLater, `${b.code} follows ${a.code} in ${community}`);
      }
      for (const g of list) {
        assert.equal(g.code.slice(0, 12), community);
        assert.equal(g.streetCode, community.slice(0, 9));
        assert.equal(g.regionCode, '500103');
      }
    }
    // Streets get shares by their number of communities: 2 : 3 of 144 cells.
    const street = (code: string) => grids.filter((g) => g.streetCode === code).length;
    assert.equal(street('500103001') + street('500103003'), 144);
    assert.ok(Math.abs(street('500103001') - 58) <= 1, `七星岗 got ${street('500103001')}`);
  });

  it('makes cells of about 10,000 m² (100 m × 100 m) with closed rings', () => {
    const grids = generateGrids([twoStreets], 12, { layoutCellsPerSide: 12 });
    for (const g of grids) {
      const ring = g.rings[0]!;
      assert.deepEqual(ring[0], ring[ring.length - 1]);
      const [sw, se, ne] = [ring[0]!, ring[1]!, ring[2]!];
      const width = haversineM(sw[0], sw[1], se[0], se[1]);
      const height = haversineM(se[0], se[1], ne[0], ne[1]);
      assert.ok(Math.abs(width - 100) < 10, `${g.code} is ${width} m wide`);
      assert.ok(Math.abs(height - 100) < 10, `${g.code} is ${height} m high`);
      assert.ok(Math.abs(polygonAreaM2(g.rings) - 10_000) < 1_000, `${g.code} area`);
      assert.ok(Math.abs(g.areaM2 - 10_000) < 1_000);
    }
  });

  it('places grids around the district point, within the city', () => {
    const grids = generateGrids([oneCommunity], 10, { layoutCellsPerSide: 10 });
    const lats = grids.map((g) => g.centroid[1]);
    const lons = grids.map((g) => g.centroid[0]);
    const meanLat = lats.reduce((a, b) => a + b) / lats.length;
    const meanLon = lons.reduce((a, b) => a + b) / lons.length;
    assert.ok(haversineM(meanLon, meanLat, 106.568, 29.556) < 150);
  });

  it('never gives a cell to two districts, and numbers every real community', async () => {
    const plans = await centralPlans();
    const grids = generateGrids(plans, 40);
    assert.ok(grids.length < 9 * 40 * 40, 'the squares overlap, so cells were shared out');
    const corners = new Set(grids.map((g) => `${g.rings[0]![0]![0]},${g.rings[0]![0]![1]}`));
    assert.equal(corners.size, grids.length, 'no two grids share a south-west corner');
    assert.equal(new Set(grids.map((g) => g.code)).size, grids.length, 'codes are unique');
    for (const code of centralDistrictCodes) {
      assert.ok(
        grids.some((g) => g.regionCode === code),
        `${code} has grids`,
      );
    }
    const divisionCodes = new Set(
      plans.flatMap((p) => p.streets.flatMap((s) => s.communities.map((c) => c.code))),
    );
    for (const g of grids)
      assert.ok(divisionCodes.has(g.communityCode), `${g.code} names a real community`);
  });

  it('generates 50,000+ grids at the large scale and the same grids every time', async () => {
    const plans = await centralPlans();
    const grids = generateGrids(plans, gridScales.large);
    assert.ok(grids.length >= 50_000, `got ${grids.length}`);
    const again = generateGrids(plans, gridScales.demo);
    const twice = generateGrids(plans, gridScales.demo);
    assert.deepEqual(
      again.map((g) => [g.code, g.bbox]),
      twice.map((g) => [g.code, g.bbox]),
    );
    assert.ok(again.length >= 3_000, `demo scale gives ${again.length}`);
  });

  it('keeps every smaller-scale grid with its code and shape at the large scale', async () => {
    const plans = await centralPlans();
    const large = new Map(generateGrids(plans, gridScales.large).map((g) => [g.code, g]));
    const demo = generateGrids(plans, gridScales.demo);
    assert.ok(demo.length < large.size);
    for (const g of demo) {
      assert.deepEqual(large.get(g.code)?.rings, g.rings, g.code);
    }
    // The demo is the middle of the layout: numbers inside a community keep their order.
    const inCommunity = demo.filter((g) => g.communityCode === demo[0]!.communityCode);
    for (let i = 1; i < inCommunity.length; i++) {
      const a = inCommunity[i - 1]!;
      const b = inCommunity[i]!;
      assert.ok(north(b) < north(a) || (north(b) === north(a) && west(b) > west(a)), b.code);
    }
  });

  it('shortens community names for grid names', () => {
    assert.equal(shortCommunityName('华一坡社区居民委员会'), '华一坡社区');
    assert.equal(shortCommunityName('石门村民委员会'), '石门村');
    const [first] = generateGrids([oneCommunity], 1, { layoutCellsPerSide: 1 });
    assert.equal(first!.name, '华一坡社区001号网格');
  });
});
