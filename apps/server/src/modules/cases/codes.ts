// Identifiers of city management (DOMAIN.md "Identifiers and codes"):
// grid code = division (6) + street (3) + community (3) + grid (3);
// component id = division (6) + major (2) + minor (2) + sequence (6).

export const gridCodePattern = /^[0-9]{15}$/;
export const componentIdPattern = /^[0-9]{16}$/;
export const categoryCodePattern = /^[CE][0-9]{4}$/;

export interface GridCodeParts {
  regionCode: string;
  streetCode: string;
  communityCode: string;
  sequence: number;
}

/** The grid code of the `sequence`th grid (1–999) of a community (12-digit code). */
export function buildGridCode(communityCode: string, sequence: number): string {
  if (!/^[0-9]{12}$/.test(communityCode)) {
    throw new Error(`a community code has 12 digits, got "${communityCode}"`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) {
    throw new Error(`a grid number lies in 1–999, got ${sequence} in ${communityCode}`);
  }
  return communityCode + String(sequence).padStart(3, '0');
}

/** The parts of a grid code, or null when it is not one. */
export function parseGridCode(code: string): GridCodeParts | null {
  if (!gridCodePattern.test(code) || code.endsWith('000')) return null;
  return {
    regionCode: code.slice(0, 6),
    streetCode: code.slice(0, 9),
    communityCode: code.slice(0, 12),
    sequence: Number(code.slice(12)),
  };
}

/** C (component) or E (event) + major + minor. */
export function buildCategoryCode(
  kind: 'component' | 'event',
  majorCode: string,
  minorCode: string,
): string {
  return `${kind === 'component' ? 'C' : 'E'}${majorCode}${minorCode}`;
}

/** The id of a component: its district, its class (major + minor) and a sequence (1–999,999). */
export function buildComponentId(
  regionCode: string,
  categoryCode: string,
  sequence: number,
): string {
  if (!/^[0-9]{6}$/.test(regionCode))
    throw new Error(`a district code has 6 digits: ${regionCode}`);
  if (!/^C[0-9]{4}$/.test(categoryCode)) {
    throw new Error(`components belong to a component class (C....), got ${categoryCode}`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new Error(`a component sequence lies in 1–999999, got ${sequence}`);
  }
  return regionCode + categoryCode.slice(1) + String(sequence).padStart(6, '0');
}

export interface ComponentIdParts {
  regionCode: string;
  categoryCode: string;
  sequence: number;
}

export function parseComponentId(id: string): ComponentIdParts | null {
  if (!componentIdPattern.test(id)) return null;
  const sequence = Number(id.slice(10));
  if (sequence === 0) return null;
  return { regionCode: id.slice(0, 6), categoryCode: `C${id.slice(6, 10)}`, sequence };
}
