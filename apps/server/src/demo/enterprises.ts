// Demo enterprises with valid unified social credit codes (GB 32100): 9 (registered by market
// regulation) 1 (enterprise), the district code, an organisation code with its own GB 11714
// check character, and the GB 32100 check character.
import { usccCheckChar } from '../platform/crypto/identifiers.ts';
import { generateEnterpriseName, generateName } from './names.ts';
import { permute, randomFor } from './random.ts';
import type { DemoPlaces } from './places.ts';

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 11714 check character of an organisation code's first eight digits. */
export function organizationCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export interface DemoEnterprise {
  index: number;
  name: string;
  uscc: string;
  legalRepresentative: string;
  regionCode: string;
}

/** Enterprise `index`; the first (enterprise1's) is in 渝中区. */
export function demoEnterprise(index: number, places: DemoPlaces): DemoEnterprise {
  const random = randomFor('enterprise', index);
  const district = places.central[index % places.central.length]!;
  const org8 = String(permute(index, 100_000_000, 'enterprise-org')).padStart(8, '0');
  const first17 = `91${district.code}${org8}${organizationCodeCheckChar(org8)}`;
  return {
    index,
    name: generateEnterpriseName(index, random),
    uscc: first17 + usccCheckChar(first17),
    legalRepresentative: generateName(random, random.chance(0.7) ? 'M' : 'F'),
    regionCode: district.code,
  };
}
