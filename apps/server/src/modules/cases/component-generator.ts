// Generates the demo component inventory (pure: no database): manhole covers, street lights,
// signs, bins, trees ... placed in unit grids. Each grid draws from its own random stream
// (seeded by its code), so the result does not depend on the order grids are generated in.
import { buildComponentId } from './codes.ts';
import { isPointInPolygon, roundCoord, type Bbox, type PolygonRings } from './geo.ts';

export interface GridForComponents {
  code: string;
  regionCode: string;
  bbox: Bbox;
  rings: PolygonRings;
}

export interface GeneratedComponent {
  id: string;
  categoryCode: string;
  gridCode: string;
  regionCode: string;
  lon: number;
  lat: number;
  status: 'in_service' | 'damaged' | 'missing';
  attributes: Record<string, unknown>;
}

type Rng = () => number;

/** mulberry32: small, fast, good enough for demo data. */
function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

const cover = (rng: Rng) => ({
  material: pick(rng, ['球墨铸铁', '复合材料', '钢纤维混凝土']),
  diameterMm: pick(rng, [600, 700, 800]),
  installedYear: between(rng, 2000, 2024),
});

interface Kind {
  categoryCode: string;
  /** Expected number per grid. */
  perGrid: number;
  attributes: (rng: Rng) => Record<string, unknown>;
}

/** What a typical hundred-metre square of central Chongqing holds, on average. */
const kinds: readonly Kind[] = [
  { categoryCode: 'C0101', perGrid: 0.2, attributes: cover },
  { categoryCode: 'C0102', perGrid: 0.2, attributes: cover },
  { categoryCode: 'C0103', perGrid: 0.25, attributes: cover },
  { categoryCode: 'C0105', perGrid: 0.1, attributes: cover },
  { categoryCode: 'C0106', perGrid: 0.12, attributes: cover },
  { categoryCode: 'C0107', perGrid: 0.06, attributes: cover },
  {
    categoryCode: 'C0108',
    perGrid: 0.1,
    attributes: (rng) => ({ type: pick(rng, ['地上式', '地下式']), pressureMpa: 0.3 }),
  },
  {
    categoryCode: 'C0109',
    perGrid: 0.6,
    attributes: (rng) => ({
      poleHeightM: pick(rng, [8, 10, 12]),
      lampType: pick(rng, ['LED', 'LED', '高压钠灯']),
      powerW: pick(rng, [100, 150, 250]),
      installedYear: between(rng, 2005, 2024),
    }),
  },
  {
    categoryCode: 'C0111',
    perGrid: 0.03,
    attributes: (rng) => ({ capacityKva: pick(rng, [400, 630, 800]) }),
  },
  {
    categoryCode: 'C0115',
    perGrid: 0.03,
    attributes: (rng) => ({ routes: between(rng, 2, 12) }),
  },
  {
    categoryCode: 'C0201',
    perGrid: 0.15,
    attributes: (rng) => ({
      signType: pick(rng, ['禁令标志', '指示标志', '警告标志', '指路标志']),
    }),
  },
  { categoryCode: 'C0202', perGrid: 0.03, attributes: () => ({ phases: 3 }) },
  { categoryCode: 'C0208', perGrid: 0.05, attributes: () => ({ material: '铝合金' }) },
  { categoryCode: 'C0211', perGrid: 0.02, attributes: () => ({ kind: '闯红灯抓拍' }) },
  { categoryCode: 'C0301', perGrid: 0.02, attributes: (rng) => ({ stalls: between(rng, 6, 24) }) },
  {
    categoryCode: 'C0302',
    perGrid: 0.35,
    attributes: (rng) => ({ capacityL: pick(rng, [60, 120, 240]), isSorting: rng() < 0.7 }),
  },
  { categoryCode: 'C0304', perGrid: 0.04, attributes: (rng) => ({ areaM2: between(rng, 6, 60) }) },
  { categoryCode: 'C0308', perGrid: 0.05, attributes: () => ({ bins: 4 }) },
  {
    categoryCode: 'C0401',
    perGrid: 0.006,
    attributes: (rng) => ({
      species: pick(rng, ['黄葛树', '黄葛树', '银杏', '香樟']),
      ageYears: between(rng, 100, 500),
      protectionLevel: pick(rng, ['一级', '二级', '三级']),
    }),
  },
  {
    categoryCode: 'C0402',
    perGrid: 0.5,
    attributes: (rng) => ({
      species: pick(rng, ['黄葛树', '小叶榕', '银杏', '香樟', '天竺桂', '蓝花楹']),
      girthCm: between(rng, 40, 260),
    }),
  },
  { categoryCode: 'C0404', perGrid: 0.05, attributes: (rng) => ({ areaM2: between(rng, 2, 30) }) },
  { categoryCode: 'C0504', perGrid: 0.08, attributes: () => ({ kind: '治安监控' }) },
];

export const componentCategoryCodes = [...new Set(kinds.map((k) => k.categoryCode))];

function placeIn(grid: GridForComponents, rng: Rng): [number, number] {
  const [minLon, minLat, maxLon, maxLat] = grid.bbox;
  for (let attempt = 0; attempt < 20; attempt++) {
    const lon = roundCoord(minLon + rng() * (maxLon - minLon));
    const lat = roundCoord(minLat + rng() * (maxLat - minLat));
    if (isPointInPolygon(lon, lat, grid.rings)) return [lon, lat];
  }
  // A sliver of a polygon: fall back on the middle of its box.
  return [roundCoord((minLon + maxLon) / 2), roundCoord((minLat + maxLat) / 2)];
}

/**
 * Components for the grids (of one or more districts). `density` scales every kind's
 * average per grid. Ids number each district's components of a class in grid-code order,
 * after `lastSequences` (region:category → the last sequence already used).
 */
export function generateComponents(
  grids: readonly GridForComponents[],
  density = 1,
  lastSequences: ReadonlyMap<string, number> = new Map(),
): GeneratedComponent[] {
  const ordered = [...grids].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const sequences = new Map(lastSequences);
  const out: GeneratedComponent[] = [];
  for (const grid of ordered) {
    const rng = rngFrom(seedOf(grid.code));
    for (const kind of kinds) {
      const expected = kind.perGrid * density;
      const count = Math.floor(expected) + (rng() < expected - Math.floor(expected) ? 1 : 0);
      for (let i = 0; i < count; i++) {
        const key = `${grid.regionCode}:${kind.categoryCode}`;
        const sequence = (sequences.get(key) ?? 0) + 1;
        sequences.set(key, sequence);
        const [lon, lat] = placeIn(grid, rng);
        const roll = rng();
        out.push({
          id: buildComponentId(grid.regionCode, kind.categoryCode, sequence),
          categoryCode: kind.categoryCode,
          gridCode: grid.code,
          regionCode: grid.regionCode,
          lon,
          lat,
          status: roll < 0.03 ? 'damaged' : roll < 0.035 ? 'missing' : 'in_service',
          attributes: kind.attributes(rng),
        });
      }
    }
  }
  return out;
}
