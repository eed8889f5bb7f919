// The demo city's staff accounts. Names anyone can guess: city-level staff by role (`handler`),
// district staff as <role>.<district pinyin> (`handler.yuzhong`), department staff as
// <role>.<district pinyin>.<department abbreviation> (`reviewer.yuzhong.gaj`) and, for the
// municipal departments, <role>.<abbreviation> (`reviewer.scjgj`).
import { pinyin } from 'pinyin-pro';
import type { StaffRole } from '../platform/auth/permissions.ts';
import { CITY_CODE, shortDistrictName } from '../platform/org/china-divisions.ts';
import {
  cityDepartmentCode,
  cityDepartments,
  districtCounterparts,
  districtDepartmentCode,
} from '../platform/org/department-catalogue.ts';
import { generateName } from './names.ts';
import { randomFor } from './random.ts';
import type { DemoDistrict } from './places.ts';

export interface StaffSpec {
  username: string;
  displayName: string;
  regionCode: string;
  /** The department the person works in (by code), or null. */
  departmentCode: string | null;
  role: StaffRole;
  /** Whether the role is limited to the home department (handlers, reviewers, approvers). */
  isDepartmentBound: boolean;
}

// Readings the dictionary gets wrong for place names (丰都 is Fēngdū, not Fēngdōu).
const placeReadings: Readonly<Record<string, string>> = { 丰都: 'fengdu' };

/** A district's pinyin without its suffix, lower case, no tones: 渝中区 → yuzhong. */
export function districtPinyin(name: string): string {
  const short = shortDistrictName(name);
  const known = placeReadings[short];
  if (known) return known;
  return pinyin(short, { toneType: 'none', type: 'array', v: true })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

// Per role: the account-name word, the home department's abbreviation, and whether the role
// is bound to that department. Window clerks (一窗综办), dispatchers, inspectors, call takers,
// supervisors and leaders work across departments; handlers, reviewers and approvers do not.
const roleHomes: ReadonlyArray<readonly [StaffRole, string, string | null, boolean]> = [
  ['admin', 'admin', 'DSJ', false],
  ['clerk', 'clerk', 'ZWB', false],
  ['reviewer', 'reviewer', 'SCJGJ', true],
  ['approver', 'approver', 'SCJGJ', true],
  ['dispatcher', 'dispatcher', 'CGJ', false],
  ['handler', 'handler', 'CGJ', true],
  ['inspector', 'inspector', 'CGJ', false],
  ['calltaker', 'calltaker', 'ZWB', false],
  ['supervisor', 'supervisor', 'ZWB', false],
  ['leader', 'leader', 'ZFB', false],
  ['grid_worker', 'gridworker', null, false],
];

/** Every demo staff account, in a fixed order. */
export function demoStaffSpecs(districts: readonly DemoDistrict[]): StaffSpec[] {
  const specs: Omit<StaffSpec, 'displayName'>[] = [];
  // City level: act city-wide for every department, so any demo path works with them.
  for (const [role, word, abbr] of roleHomes) {
    specs.push({
      username: word,
      regionCode: CITY_CODE,
      departmentCode: abbr ? cityDepartmentCode(abbr) : null,
      role,
      isDepartmentBound: false,
    });
  }
  for (const d of cityDepartments) {
    for (const role of ['reviewer', 'approver'] as const) {
      specs.push({
        username: `${role}.${d.abbr.toLowerCase()}`,
        regionCode: CITY_CODE,
        departmentCode: cityDepartmentCode(d.abbr),
        role,
        isDepartmentBound: true,
      });
    }
  }
  for (const district of districts) {
    const py = districtPinyin(district.name);
    for (const [role, word, abbr, isBound] of roleHomes) {
      specs.push({
        username: `${word}.${py}`,
        regionCode: district.code,
        departmentCode: abbr ? districtDepartmentCode(district.code, abbr) : null,
        role,
        isDepartmentBound: isBound,
      });
    }
    if (!district.isCentral) continue;
    for (const c of districtCounterparts) {
      for (const role of ['reviewer', 'handler'] as const) {
        specs.push({
          username: `${role}.${py}.${c.abbr.toLowerCase()}`,
          regionCode: district.code,
          departmentCode: districtDepartmentCode(district.code, c.abbr),
          role,
          isDepartmentBound: true,
        });
      }
    }
  }
  return specs.map((s, i) => {
    const random = randomFor('staff', i);
    return { ...s, displayName: generateName(random, random.chance(0.5) ? 'M' : 'F') };
  });
}
