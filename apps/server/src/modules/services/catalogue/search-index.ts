// Catalogue search from memory: the catalogue is small (thousands of items) and read far more
// than written, so every search scans an index built from the database and rebuilt when an
// item changes. Portable (no pg_trgm), and fast: a scan of a few thousand entries is well
// under a millisecond. Writes in this process drop the index at once; other processes notice
// the changed revision within REVISION_CHECK_MS.
import { pinyin } from 'pinyin-pro';
import type {
  LifeEvent,
  ServiceItemPage,
  ServiceItemSearchQuery,
  ServiceItemSummary,
  ServiceItemType,
} from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { isWithinRegion } from '../../../platform/auth/region.ts';
import { itemTypeNames } from './item-codes.ts';
import { forgetCachedItems } from './item-cache.ts';
import { findCatalogueRevision, findLifeEvents, findSearchRows } from './item-repository.ts';

const REVISION_CHECK_MS = 1000;
const MAX_AGE_MS = 10 * 60 * 1000; // departments renamed elsewhere show up within this

interface Entry {
  summary: ServiceItemSummary;
  isActive: boolean;
  name: string;
  code: string;
  basicCode: string;
  initials: string;
  spelled: string;
  keywords: string[];
  department: string;
}

export interface CatalogueIndex {
  entries: Entry[];
  lifeEvents: Array<Omit<LifeEvent, 'itemCount'>>;
  revision: number;
  /** For each character, the entries (ascending positions) whose searched texts hold it. */
  byChar: Map<string, Int32Array>;
  /** For each pair of adjacent characters, the entries whose searched texts hold it. */
  byPair: Map<string, Int32Array>;
}

interface Slot {
  index?: CatalogueIndex;
  building?: Promise<CatalogueIndex>;
  builtAt: number;
  checkedAt: number;
}

const slots = new WeakMap<Db, Slot>();

/** Normal form for matching: full-width to half-width, lower case, single spaces. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const isAsciiWord = (term: string) => /^[a-z0-9]+$/.test(term);
const isHan = (ch: string) => /\p{Script=Han}/u.test(ch);

function spell(name: string) {
  const han = [...name].filter(isHan).join('');
  return {
    initials: pinyin(han, { pattern: 'first', toneType: 'none', type: 'array' }).join(''),
    spelled: pinyin(han, { toneType: 'none', type: 'array' }).join(''),
  };
}

async function buildIndex(db: Db): Promise<CatalogueIndex> {
  const revision = await findCatalogueRevision(db);
  const [{ items, events }, lifeEvents] = await Promise.all([
    findSearchRows(db),
    findLifeEvents(db),
  ]);
  const eventsOf = new Map<number, string[]>();
  for (const e of events) {
    const id = Number(e.item_id);
    eventsOf.set(id, [...(eventsOf.get(id) ?? []), e.life_event_code]);
  }
  const entries = items.map((r): Entry => {
    const summary: ServiceItemSummary = {
      code: r.code,
      basicCode: r.basic_code,
      name: r.name,
      typeCode: r.type_code as ServiceItemType,
      typeName: itemTypeNames[r.type_code as ServiceItemType] ?? r.type_code,
      departmentId: r.department_id,
      departmentName: r.department_name,
      regionCode: r.region_code,
      audience: r.audience as ServiceItemSummary['audience'],
      legalLimitDays: r.legal_limit_days,
      promisedLimitDays: r.promised_limit_days,
      visits: r.visits,
      onlineDepth: r.online_depth,
      channels: r.channels as ServiceItemSummary['channels'],
      lifeEvents: (eventsOf.get(Number(r.id)) ?? []).sort(),
      isFree: r.is_free,
      isLicensing: r.is_licensing,
      frequency: r.frequency,
    };
    return {
      summary,
      isActive: r.status === 'active',
      name: normalizeText(r.name),
      code: r.code.toLowerCase(),
      basicCode: r.basic_code.toLowerCase(),
      ...spell(r.name),
      keywords: r.keywords.map(normalizeText),
      department: normalizeText(`${r.department_name} ${r.department_short_name}`),
    };
  });
  return { entries, lifeEvents, revision, ...postingsOf(entries) };
}

/** Every text a term is matched against (scoreTerm), whole. */
const searchedTexts = (e: Entry) => [
  e.name,
  e.code,
  e.basicCode,
  e.initials,
  e.spelled,
  e.department,
  ...e.keywords,
];

function postingsOf(entries: readonly Entry[]) {
  const chars = new Map<string, number[]>();
  const pairs = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  entries.forEach((entry, i) => {
    for (const text of searchedTexts(entry)) {
      const chs = [...text];
      chs.forEach((ch, k) => {
        add(chars, ch, i);
        if (k > 0) add(pairs, chs[k - 1]! + ch, i);
      });
    }
  });
  const frozen = (map: Map<string, number[]>) =>
    new Map([...map].map(([key, list]) => [key, Int32Array.from(list)]));
  return { byChar: frozen(chars), byPair: frozen(pairs) };
}

const none = new Int32Array(0);

function holds(list: Int32Array, i: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === i) return true;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The entries a term can score on, a superset of those it does: every match but the near-miss
 * one is the term inside one text, so each of its character pairs (its character, for one) is
 * in the entry's texts; a near miss needs one of its pairs in the name.
 */
function candidatesOf(index: CatalogueIndex, term: Term): Uint8Array {
  const marks = new Uint8Array(index.entries.length);
  const chs = [...term.text];
  const keys = chs.length === 1 ? chs : [...new Set(chs.slice(1).map((ch, k) => chs[k]! + ch))];
  const map = chs.length === 1 ? index.byChar : index.byPair;
  const lists = keys.map((key) => map.get(key) ?? none).sort((a, b) => a.length - b.length);
  const [shortest, ...others] = lists;
  for (const i of shortest ?? none) {
    if (others.every((list) => holds(list, i))) marks[i] = 1;
  }
  for (const pair of term.pairs ?? []) for (const i of index.byPair.get(pair) ?? none) marks[i] = 1;
  return marks;
}

/** Drops this database's index and cached items; the next search rebuilds it. */
export function invalidateCatalogueIndex(db: Db): void {
  slots.delete(db);
  forgetCachedItems(db);
}

/** The current index, rebuilt when the catalogue has changed. */
export async function getCatalogueIndex(db: Db): Promise<CatalogueIndex> {
  let slot = slots.get(db);
  if (!slot) {
    slot = { builtAt: 0, checkedAt: 0 };
    slots.set(db, slot);
  }
  const now = Date.now();
  if (slot.index && now - slot.checkedAt > REVISION_CHECK_MS) {
    slot.checkedAt = now;
    const isStale =
      now - slot.builtAt > MAX_AGE_MS || (await findCatalogueRevision(db)) !== slot.index.revision;
    if (isStale) slot.index = undefined;
  }
  if (slot.index) return slot.index;
  if (!slot.building) {
    const current = slot;
    current.building = buildIndex(db).finally(() => (current.building = undefined));
  }
  const index = await slot.building!;
  slot.index = index;
  slot.builtAt = slot.checkedAt = Date.now();
  return index;
}

interface Term {
  text: string;
  isAscii: boolean;
  /** Character pairs of an all-Han term of 3+ characters, for near misses in wording. */
  pairs: string[] | null;
}

function termOf(text: string): Term {
  const chars = [...text];
  const isAllHan = chars.length >= 3 && chars.every(isHan);
  return {
    text,
    isAscii: isAsciiWord(text),
    pairs: isAllHan ? chars.slice(1).map((ch, i) => chars[i]! + ch) : null,
  };
}

// How much each kind of match is worth; a query's terms must all match somewhere.
function scoreTerm(entry: Entry, term: Term): number {
  const t = term.text;
  if (entry.name === t) return 100;
  if (entry.code === t || entry.basicCode === t) return 95;
  let score = 0;
  if (entry.name.startsWith(t)) score = 80;
  else if (entry.name.includes(t)) score = 60;
  for (const k of entry.keywords) {
    if (k === t) score = Math.max(score, 50);
    else if (score < 35 && k.includes(t)) score = 35;
  }
  if (term.isAscii) {
    if (entry.initials.startsWith(t)) score = Math.max(score, 45);
    else if (t.length >= 2 && entry.initials.includes(t)) score = Math.max(score, 30);
    if (entry.spelled.startsWith(t)) score = Math.max(score, 40);
    else if (t.length >= 3 && entry.spelled.includes(t)) score = Math.max(score, 25);
    if (entry.basicCode.startsWith(t)) score = Math.max(score, 40);
  }
  if (score === 0 && entry.department.includes(t)) score = 15;
  if (score === 0 && term.pairs) {
    // Near misses in wording (身份证补办 for 居民身份证补领): most character pairs present.
    let found = 0;
    for (const pair of term.pairs) if (entry.name.includes(pair)) found++;
    const share = found / term.pairs.length;
    if (share >= 0.6) score = Math.round(20 * share);
  }
  return score;
}

function matchesFilters(entry: Entry, q: ServiceItemSearchQuery): boolean {
  const s = entry.summary;
  if (!entry.isActive) return false;
  if (q.departmentId !== undefined && s.departmentId !== q.departmentId) return false;
  if (q.type !== undefined && s.typeCode !== q.type) return false;
  if (q.channel !== undefined && !s.channels.includes(q.channel)) return false;
  if (q.lifeEvent !== undefined && !s.lifeEvents.includes(q.lifeEvent)) return false;
  if (q.audience !== undefined && s.audience !== q.audience && s.audience !== 'both') return false;
  if (q.visits !== undefined && s.visits !== q.visits) return false;
  if (q.maxVisits !== undefined && s.visits > q.maxVisits) return false;
  if (q.onlineDepth !== undefined && s.onlineDepth !== q.onlineDepth) return false;
  if (q.minOnlineDepth !== undefined && s.onlineDepth < q.minOnlineDepth) return false;
  if (
    q.regionCode !== undefined &&
    !isWithinRegion(s.regionCode, q.regionCode) &&
    !isWithinRegion(q.regionCode, s.regionCode)
  ) {
    return false;
  }
  return true;
}

/** One page of active items matching the query, by relevance, then frequency, then code. */
export function searchCatalogue(
  index: CatalogueIndex,
  q: ServiceItemSearchQuery,
  options: { exhaustive?: boolean } = {},
): ServiceItemPage {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const terms = normalizeText(q.q ?? '')
    .split(' ')
    .filter(Boolean)
    .map(termOf);
  // Only entries every term can score on are looked at (all of them with `exhaustive`, which
  // the tests compare against).
  let marks: Uint8Array | null = null;
  if (!options.exhaustive) {
    for (const term of terms) {
      const mine = candidatesOf(index, term);
      if (marks) for (let i = 0; i < marks.length; i++) marks[i]! &= mine[i]!;
      else marks = mine;
    }
  }
  const hits: Array<{ entry: Entry; score: number }> = [];
  const { entries } = index;
  for (let i = 0; i < entries.length; i++) {
    if (marks && marks[i] === 0) continue;
    const entry = entries[i]!;
    if (!matchesFilters(entry, q)) continue;
    let score = 0;
    for (const term of terms) {
      const s = scoreTerm(entry, term);
      if (s === 0) {
        score = -1;
        break;
      }
      score += s;
    }
    if (score >= 0) hits.push({ entry, score });
  }
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      b.entry.summary.frequency - a.entry.summary.frequency ||
      (a.entry.code < b.entry.code ? -1 : a.entry.code > b.entry.code ? 1 : 0),
  );
  const start = (page - 1) * pageSize;
  return {
    items: hits.slice(start, start + pageSize).map((h) => h.entry.summary),
    total: hits.length,
    page,
    pageSize,
  };
}

/** Life events with the number of active items in each. */
export function countLifeEvents(index: CatalogueIndex): LifeEvent[] {
  const counts = new Map<string, number>();
  for (const entry of index.entries) {
    if (!entry.isActive) continue;
    for (const code of entry.summary.lifeEvents) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return index.lifeEvents.map((e) => ({ ...e, itemCount: counts.get(e.code) ?? 0 }));
}
