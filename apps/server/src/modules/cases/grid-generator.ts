// Generates the demo city's unit grids (pure: no database). Cells of 100 m × 100 m lie on one
// city-wide lattice, so grids of neighbouring districts share their edges exactly. Each central
// district lays out a square of cells around its representative point, a cell claimed by two
// districts going to the nearer point; the layout is cut into compact blocks, one per street,
// each cut again into one block per community (the division package has no polygons), and
// numbered west→east, north→south inside each community. A scale then keeps the middle of each
// square: the layout is the same at every scale up to its size, so a grid keeps its code when
// the city is later generated larger.
import { buildGridCode } from './codes.ts';
import {
  cityBounds,
  distanceM,
  METRES_PER_DEGREE_LAT,
  metresPerDegreeLon,
  polygonAreaM2,
  roundCoord,
  type Bbox,
  type Position,
} from './geo.ts';

export const GRID_CELL_M = 100;

export interface CommunityPlan {
  code: string;
  name: string;
}

export interface StreetPlan {
  code: string;
  name: string;
  communities: CommunityPlan[];
}

export interface DistrictPlan {
  code: string;
  name: string;
  lat: number;
  lon: number;
  /** Streets in code order, each with its communities in code order. */
  streets: StreetPlan[];
}

export interface GeneratedGrid {
  code: string;
  name: string;
  regionCode: string;
  streetCode: string;
  communityCode: string;
  row: number;
  col: number;
  rings: Position[][];
  bbox: Bbox;
  centroid: Position;
  areaM2: number;
}

// The lattice starts at the city's north-west corner.
const LATTICE_NORTH = cityBounds.maxLat;
const LATTICE_WEST = cityBounds.minLon;
const ROW_HEIGHT_DEG = GRID_CELL_M / METRES_PER_DEGREE_LAT;

const northOf = (row: number) => roundCoord(LATTICE_NORTH - row * ROW_HEIGHT_DEG);
const rowMidLat = (row: number) => LATTICE_NORTH - (row + 0.5) * ROW_HEIGHT_DEG;
/** Every row has its own column width: 100 m at the row's middle latitude. */
const columnWidthDeg = (row: number) => GRID_CELL_M / metresPerDegreeLon(rowMidLat(row));
const westOf = (row: number, col: number) => roundCoord(LATTICE_WEST + col * columnWidthDeg(row));

export const rowOf = (lat: number) => Math.floor((LATTICE_NORTH - lat) / ROW_HEIGHT_DEG);
export const colOf = (row: number, lon: number) =>
  Math.floor((lon - LATTICE_WEST) / columnWidthDeg(row));

/** The closed, counter-clockwise ring of a lattice cell. */
export function cellRing(row: number, col: number): Position[] {
  const n = northOf(row);
  const s = northOf(row + 1);
  const w = westOf(row, col);
  const e = westOf(row, col + 1);
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

interface Cell {
  row: number;
  col: number;
}

interface Claim extends Cell {
  district: DistrictPlan;
  distance: number;
}

const centreOf = (row: number, col: number): Position => [
  (westOf(row, col) + westOf(row, col + 1)) / 2,
  rowMidLat(row),
];

/** The cells each district keeps: its square around its point, less cells nearer another's. */
function claimCells(districts: readonly DistrictPlan[], cellsPerSide: number): Map<string, Claim> {
  const claims = new Map<string, Claim>();
  const half = Math.floor(cellsPerSide / 2);
  for (const district of districts) {
    const firstRow = rowOf(district.lat) - half;
    for (let row = firstRow; row < firstRow + cellsPerSide; row++) {
      const firstCol = colOf(row, district.lon) - half;
      for (let col = firstCol; col < firstCol + cellsPerSide; col++) {
        const [lon, lat] = centreOf(row, col);
        const distance = distanceM(lon, lat, district.lon, district.lat);
        const key = `${row}:${col}`;
        const held = claims.get(key);
        if (
          !held ||
          distance < held.distance ||
          (distance === held.distance && district.code < held.district.code)
        ) {
          claims.set(key, { row, col, district, distance });
        }
      }
    }
  }
  return claims;
}

const byRowThenCol = (a: Cell, b: Cell) => a.row - b.row || a.col - b.col;
const byColThenRow = (a: Cell, b: Cell) => a.col - b.col || a.row - b.row;

/**
 * Cuts cells into one compact block per weight, sizes proportional to the weights: halves the
 * weights, cuts the cells across their longer side at the matching share, recurses. The
 * first blocks lie north (or west) of the later ones.
 */
export function splitIntoBlocks<T extends Cell>(
  cells: readonly T[],
  weights: readonly number[],
): T[][] {
  if (weights.length === 0) return [];
  if (weights.length === 1) return [[...cells]];
  const k = Math.floor(weights.length / 2);
  const left = weights.slice(0, k).reduce((a, b) => a + b, 0);
  const right = weights.slice(k).reduce((a, b) => a + b, 0);
  const take = left + right === 0 ? 0 : Math.round((cells.length * left) / (left + right));
  let minRow = Infinity;
  let maxRow = -Infinity;
  let minCol = Infinity;
  let maxCol = -Infinity;
  for (const c of cells) {
    minRow = Math.min(minRow, c.row);
    maxRow = Math.max(maxRow, c.row);
    minCol = Math.min(minCol, c.col);
    maxCol = Math.max(maxCol, c.col);
  }
  const sorted = [...cells].sort(maxRow - minRow >= maxCol - minCol ? byRowThenCol : byColThenRow);
  return [
    ...splitIntoBlocks(sorted.slice(0, take), weights.slice(0, k)),
    ...splitIntoBlocks(sorted.slice(take), weights.slice(k)),
  ];
}

/** 华一坡社区居民委员会 → 华一坡社区; 石门村民委员会 → 石门村. */
export function shortCommunityName(name: string): string {
  return name
    .replace(/(居民委员会|居委会)$/, '')
    .replace(/村民委员会$/, '村')
    .replace(/村委会$/, '村');
}

function toGrid(
  cell: Cell,
  district: DistrictPlan,
  street: StreetPlan,
  community: CommunityPlan,
  sequence: number,
): GeneratedGrid {
  const ring = cellRing(cell.row, cell.col);
  const rings = [ring];
  const [w, s] = ring[0]!;
  const [e, n] = ring[2]!;
  return {
    code: buildGridCode(community.code, sequence),
    name: `${shortCommunityName(community.name)}${String(sequence).padStart(3, '0')}号网格`,
    regionCode: district.code,
    streetCode: street.code,
    communityCode: community.code,
    row: cell.row,
    col: cell.col,
    rings,
    bbox: [w, s, e, n],
    centroid: [roundCoord((w + e) / 2), roundCoord((s + n) / 2)],
    areaM2: Math.round(polygonAreaM2(rings) * 100) / 100,
  };
}

/** The side of the layout every scale is cut from (cells); see gridScales in seed.ts. */
export const LAYOUT_CELLS_PER_SIDE = 90;

export interface GenerateOptions {
  /** The square the codes are laid out over; at least cellsPerSide. Tests use small ones. */
  layoutCellsPerSide?: number;
}

/** Whether a cell lies in the cellsPerSide square around any district's point. */
function isInAnySquare(cell: Cell, districts: readonly DistrictPlan[], cellsPerSide: number) {
  const half = Math.floor(cellsPerSide / 2);
  return districts.some((d) => {
    const firstRow = rowOf(d.lat) - half;
    if (cell.row < firstRow || cell.row >= firstRow + cellsPerSide) return false;
    const firstCol = colOf(cell.row, d.lon) - half;
    return cell.col >= firstCol && cell.col < firstCol + cellsPerSide;
  });
}

/**
 * The grids of the given districts: about cellsPerSide² cells each (fewer where districts
 * meet), in code order. Throws when a community would need more than 999 grids.
 */
export function generateGrids(
  districts: readonly DistrictPlan[],
  cellsPerSide: number,
  options: GenerateOptions = {},
): GeneratedGrid[] {
  if (!Number.isInteger(cellsPerSide) || cellsPerSide < 1 || cellsPerSide > 1000) {
    throw new Error(`cellsPerSide must be an integer in 1–1000, got ${cellsPerSide}`);
  }
  const layoutSide = Math.max(cellsPerSide, options.layoutCellsPerSide ?? LAYOUT_CELLS_PER_SIDE);
  const claims = claimCells(districts, layoutSide);
  const cellsOf = new Map<string, Cell[]>();
  for (const claim of claims.values()) {
    const list = cellsOf.get(claim.district.code) ?? [];
    list.push({ row: claim.row, col: claim.col });
    cellsOf.set(claim.district.code, list);
  }
  const grids: GeneratedGrid[] = [];
  for (const district of districts) {
    const streets = district.streets.filter((s) => s.communities.length > 0);
    const cells = (cellsOf.get(district.code) ?? []).sort(byRowThenCol);
    if (streets.length === 0 || cells.length === 0) continue;
    const streetBlocks = splitIntoBlocks(
      cells,
      streets.map((s) => s.communities.length),
    );
    streets.forEach((street, i) => {
      const communityBlocks = splitIntoBlocks(
        streetBlocks[i] ?? [],
        street.communities.map(() => 1),
      );
      street.communities.forEach((community, j) => {
        const block = (communityBlocks[j] ?? []).sort(byRowThenCol);
        if (block.length > 999) {
          throw new Error(
            `community ${community.code} would get ${block.length} grids (at most 999): use a smaller layout`,
          );
        }
        block.forEach((cell, k) => {
          if (layoutSide === cellsPerSide || isInAnySquare(cell, districts, cellsPerSide)) {
            grids.push(toGrid(cell, district, street, community, k + 1));
          }
        });
      });
    });
  }
  return grids.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
