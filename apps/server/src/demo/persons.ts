// Demo persons: every field derives from the person's index, so person N is the same on every
// run. Resident IDs are valid (GB 11643), start with the real district code and are unique:
// (birth date, sequence) is a permutation of the index. Phones are unique the same way.
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { PersonalDataCipher } from '../platform/crypto/personal-data.ts';
import { residentIdCheckChar } from '../platform/crypto/identifiers.ts';
import { encryptPerson, type PersonInput } from '../platform/people/personal-identity.ts';
import { generateName } from './names.ts';
import { permute, randomFor } from './random.ts';
import type { DemoCommunity, DemoDistrict, DemoPlaces } from './places.ts';

const DAY = 86_400_000;
const FIRST_BIRTH = Date.UTC(1940, 0, 1);
const BIRTH_DAYS = Math.round((Date.UTC(2011, 0, 1) - FIRST_BIRTH) / DAY); // 1940 … 2010
/** How many distinct persons the generator can make (birth days × 1000 sequence numbers). */
export const PERSON_CAPACITY = BIRTH_DAYS * 1000;
/** Persons of the large-scale city start here, clear of the demo city's persons. */
export const LARGE_PERSON_BASE = 100_000;

const mobilePrefixes = [
  ...['134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158'],
  ...['159', '172', '178', '182', '183', '184', '187', '188', '195', '198', '130', '131'],
  ...['132', '145', '155', '156', '166', '175', '176', '185', '186', '196', '133', '149'],
  ...['153', '173', '177', '180', '181', '189', '190', '191', '193', '199'],
];

/** Share of persons living in the nine central districts. */
const CENTRAL_SHARE = 0.7;

export interface DemoPerson extends PersonInput {
  index: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const isVillage = (name: string) => name.endsWith('村民委员会');

/** 华一坡社区居民委员会 → 华一坡社区; 石院村村民委员会 → 石院村; 团结村民委员会 → 团结村. */
function shortCommunity(name: string) {
  if (isVillage(name)) {
    const base = name.slice(0, -'村民委员会'.length);
    return base.endsWith('村') ? base : `${base}村`;
  }
  return name.replace(/(居民委员会|居委会)$/, '');
}

function addressOf(
  district: DemoDistrict,
  community: DemoCommunity,
  random: ReturnType<typeof randomFor>,
) {
  const place = `重庆市${district.name}${community.streetName}${shortCommunity(community.name)}`;
  if (isVillage(community.name))
    return `${place}${random.between(1, 12)}组${random.between(1, 80)}号`;
  const floor = random.between(1, 32);
  return `${place}${random.between(1, 300)}号${random.between(1, 12)}栋${floor}-${pad(random.between(1, 8), 2)}`;
}

/** The resident ID of person `index` living in `districtCode`, with their birth date and gender. */
export function residentIdOf(index: number, districtCode: string) {
  const slot = permute(index, PERSON_CAPACITY, 'person-id');
  const birth = new Date(FIRST_BIRTH + (slot % BIRTH_DAYS) * DAY);
  const sequence = Math.floor(slot / BIRTH_DAYS); // 0..999; odd for men (GB 11643)
  const first17 =
    districtCode +
    `${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}` +
    pad(sequence, 3);
  return {
    idNumber: first17 + residentIdCheckChar(first17),
    gender: sequence % 2 === 1 ? ('M' as const) : ('F' as const),
  };
}

/** Person `index`: the first nine (citizen1 … citizen9) live in the nine central districts. */
export function demoPerson(index: number, places: DemoPlaces): DemoPerson {
  const random = randomFor('person', index);
  const district =
    index < places.central.length
      ? places.central[index]!
      : random.chance(CENTRAL_SHARE) || places.outer.length === 0
        ? random.pick(places.central)
        : random.pick(places.outer);
  const community = district.communities.length > 0 ? random.pick(district.communities) : null;
  const { idNumber, gender } = residentIdOf(index, district.code);
  const phoneSuffix = permute(index, 100_000_000, 'person-phone');
  return {
    index,
    name: generateName(random, gender),
    idNumber,
    phone: random.pick(mobilePrefixes) + pad(phoneSuffix, 8),
    regionCode: community?.code ?? district.code,
    address: community ? addressOf(district, community, random) : null,
  };
}

/**
 * Inserts persons in one multi-row INSERT (columns passed as arrays and unnested, so a batch of
 * a thousand rows is one statement with eleven parameters). Rows whose ID number exists are
 * skipped, which makes a rerun of a batch harmless. Returns how many were inserted.
 */
export async function insertPersons(
  db: Db,
  cipher: PersonalDataCipher,
  persons: readonly PersonInput[],
): Promise<number> {
  if (persons.length === 0) return 0;
  const columns = {
    region_code: [] as string[],
    name: [] as string[],
    id_number_enc: [] as string[],
    id_number_hash: [] as string[],
    id_number_hint: [] as string[],
    phone_enc: [] as (string | null)[],
    phone_hash: [] as (string | null)[],
    phone_hint: [] as (string | null)[],
    gender: [] as (string | null)[],
    birth_date: [] as (string | null)[],
    address: [] as (string | null)[],
  };
  for (const p of persons) {
    const row = encryptPerson(cipher, p);
    for (const key of Object.keys(columns) as (keyof typeof columns)[]) {
      (columns[key] as unknown[]).push(row[key]);
    }
  }
  const result = await sql`
    INSERT INTO persons (region_code, name, id_number_enc, id_number_hash, id_number_hint,
      phone_enc, phone_hash, phone_hint, gender, birth_date, address)
    SELECT * FROM unnest(
      ${columns.region_code}::text[], ${columns.name}::text[], ${columns.id_number_enc}::text[],
      ${columns.id_number_hash}::text[], ${columns.id_number_hint}::text[],
      ${columns.phone_enc}::text[], ${columns.phone_hash}::text[], ${columns.phone_hint}::text[],
      ${columns.gender}::text[], ${columns.birth_date}::date[], ${columns.address}::text[])
    ON CONFLICT (id_number_hash) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
