// The audit ledger. Each entry carries the hash of the previous entry of its chain, so an
// edited, deleted or reordered row breaks the chain. Entries of one subject always go to the
// same chain (their order is kept); different subjects spread over AUDIT_CHAINS chains, so
// concurrent transactions do not all wait on one head row.
//
// An append is ONE statement (DR-10): the entry's canonical JSON is built here except for the
// two values only the chain head knows (its seq and prev_hash), and the head's upsert splices
// them in and hashes with sha256() in the database. The head row is locked for one statement
// rather than across round trips, and the hash is byte for byte the one verify recomputes.
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { preparedStatement, runStatement } from '../db/prepared.ts';
import { canonicalJson } from './canonical-json.ts';

export interface Actor {
  id: number | null;
  kind: 'user' | 'api_key' | 'system';
  name: string;
}

export const systemActor: Actor = { id: null, kind: 'system', name: 'system' };

export interface AuditEntryInput {
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string | number;
  regionCode: string;
  departmentId?: number | null;
  /** The person whose personal data this entry reads or changes. */
  personId?: number | null;
  purpose?: string | null;
  data?: Record<string, unknown>;
}

/** The fields a hash covers, in the form verify reads them back. */
export interface HashedFields {
  chain: number;
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_kind: string;
  actor_name: string;
  action: string;
  subject_type: string;
  subject_id: string;
  region_code: string;
  department_id: number | null;
  person_id: number | null;
  purpose: string | null;
  data: unknown;
  prev_hash: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

const genesisHashes = new Map<number, string>();
export function genesisHash(chain: number): string {
  let hash = genesisHashes.get(chain);
  if (hash === undefined) {
    hash = sha256Hex(`citygov-audit-genesis:${chain}`);
    genesisHashes.set(chain, hash);
  }
  return hash;
}

export function hashEntry(fields: HashedFields): string {
  return sha256Hex(canonicalJson(fields));
}

/**
 * An entry's canonical JSON around the values the chain head supplies: the hashed text is
 * `beforePrev + prev_hash + beforeSeq + seq + rest`.
 */
export interface HashTemplate {
  beforePrev: string;
  beforeSeq: string;
  rest: string;
}

// The top-level keys are fixed, so their canonical (sorted) order is written out here; only
// `data` needs the general canonicalJson. A test checks this against hashEntry.
export function hashTemplateOf(fields: Omit<HashedFields, 'seq' | 'prev_hash'>): HashTemplate {
  const c = canonicalJson;
  return {
    beforePrev:
      `{"action":${c(fields.action)},"actor_id":${c(fields.actor_id)},` +
      `"actor_kind":${c(fields.actor_kind)},"actor_name":${c(fields.actor_name)},` +
      `"at":${c(fields.at)},"chain":${c(fields.chain)},"data":${c(fields.data)},` +
      `"department_id":${c(fields.department_id)},"person_id":${c(fields.person_id)},` +
      `"prev_hash":"`,
    beforeSeq: `","purpose":${c(fields.purpose)},"region_code":${c(fields.region_code)},"seq":`,
    rest: `,"subject_id":${c(fields.subject_id)},"subject_type":${c(fields.subject_type)}}`,
  };
}

/** The hash of an entry from its template (what the database computes on append). */
export function hashFromTemplate(template: HashTemplate, prevHash: string, seq: number): string {
  return sha256Hex(`${template.beforePrev}${prevHash}${template.beforeSeq}${seq}${template.rest}`);
}

const chainsOfSubjects = new Map<string, number>();

/** The chain an entry of this subject belongs to (stable for a given chain count). */
export function chainOf(subjectType: string, subjectId: string, chains: number): number {
  const key = `${chains}:${subjectType}:${subjectId}`;
  let chain = chainsOfSubjects.get(key);
  if (chain === undefined) {
    const digest = createHash('sha256').update(`${subjectType}:${subjectId}`).digest();
    chain = digest.readUInt32BE(0) % chains;
    // A hash per append showed in profiles; recent subjects are remembered instead.
    if (chainsOfSubjects.size >= 10_000) chainsOfSubjects.clear();
    chainsOfSubjects.set(key, chain);
  }
  return chain;
}

let chainCount = 16;
/** Sets how many chains new entries spread over (AUDIT_CHAINS). */
export function setAuditChainCount(chains: number) {
  chainCount = chains;
}

/** An entry ready to append: its chain, its fields and the template of its hash. */
export interface PreparedAuditEntry {
  chain: number;
  fields: Omit<HashedFields, 'seq' | 'prev_hash'>;
  template: HashTemplate;
}

const isPlainValue = (v: unknown) =>
  v === null ||
  v === undefined ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** `data` as it reads back from jsonb; flat data of plain values already is. */
function asStored(data: Record<string, unknown>): unknown {
  for (const key in data) {
    if (!isPlainValue(data[key])) return JSON.parse(JSON.stringify(data)) as unknown;
  }
  return data;
}

export function prepareAuditEntry(input: AuditEntryInput, at = new Date()): PreparedAuditEntry {
  const subjectId = String(input.subjectId);
  const chain = chainOf(input.subjectType, subjectId, chainCount);
  const fields = {
    chain,
    at,
    actor_id: input.actor.id,
    actor_kind: input.actor.kind,
    actor_name: input.actor.name,
    action: input.action,
    subject_type: input.subjectType,
    subject_id: subjectId,
    region_code: input.regionCode,
    department_id: input.departmentId ?? null,
    person_id: input.personId ?? null,
    purpose: input.purpose ?? null,
    data: asStored(input.data ?? {}),
  };
  return { chain, fields, template: hashTemplateOf(fields) };
}

/** How many parameters auditAppendSql uses for one entry. */
export const AUDIT_PARAM_COUNT = 17;
/** How many parameters each further entry of a multi-entry append adds. */
const ENTRY_PARAM_COUNT = AUDIT_PARAM_COUNT - 2;

/** The parameters of a `count`-entry append: chain and genesis, then each entry's own. */
export const auditParamCount = (count: number) => 2 + ENTRY_PARAM_COUNT * count;

/**
 * Two CTEs, `audit_head` and `audit_entry`, that append `count` entries of ONE chain, in
 * order; parameters $first .. in the order of auditAppendParams. With `source`, nothing is
 * appended unless that CTE returns a row (a transition whose instance update did not match).
 *
 * Several entries advance the head once (a row may change only once per statement): the new
 * head hash nests the entries' hashes, the chain row keeps the old head in prev_hash, and
 * audit_entry recomputes the hashes in between from it, the same way verify does.
 */
export function auditAppendSql(first: number, source?: string, count = 1): string {
  if (count < 1) throw new Error('audit: an append writes at least one entry');
  const $ = (entry: number, i: number) =>
    `$${first + (i < 2 ? i : 2 + entry * ENTRY_PARAM_COUNT + (i - 2))}`;
  const hashOf = (entry: number, prev: string, seq: string) =>
    `encode(sha256(convert_to(${$(entry, 3)}::text || ${prev} || ${$(entry, 4)}::text || ${seq} || ${$(entry, 5)}::text, 'UTF8')), 'hex')`;
  // The hash of entry `k` (0-based) of this append, after `prev` at sequence number `seq`.
  const chainedHash = (k: number, prev: string, seq: (n: number) => string): string =>
    hashOf(k, k === 0 ? prev : chainedHash(k - 1, prev, seq), seq(k + 1));
  const last = count - 1;
  const entryRow = (k: number) => {
    const prev =
      k === 0 ? 'prev_hash' : chainedHash(k - 1, 'prev_hash', (n) => `(seq - ${count - n})::text`);
    const hash =
      k === last ? 'head_hash' : chainedHash(k, 'prev_hash', (n) => `(seq - ${count - n})::text`);
    return `SELECT chain, seq - ${last - k}, ${$(k, 6)}::timestamptz, ${$(k, 7)}::bigint,
      ${$(k, 8)}::text, ${$(k, 9)}::text, ${$(k, 10)}::text, ${$(k, 11)}::text, ${$(k, 12)}::text,
      ${$(k, 13)}::text, ${$(k, 14)}::int, ${$(k, 15)}::bigint, ${$(k, 16)}::text, ${$(k, 2)}::jsonb,
      ${prev}, ${hash}
    FROM audit_head`;
  };
  return `audit_head AS (
    INSERT INTO audit_chains AS c (chain, seq, head_hash, prev_hash)
    SELECT ${$(0, 0)}::int, ${count}, ${chainedHash(last, `${$(0, 1)}::text`, (n) => `'${n}'`)}, ${$(0, 1)}::text${source ? ` FROM ${source}` : ''}
    ON CONFLICT (chain) DO UPDATE SET seq = c.seq + ${count}, prev_hash = c.head_hash,
      head_hash = ${chainedHash(last, 'c.head_hash', (n) => `(c.seq + ${n})::text`)}
    RETURNING chain, seq, prev_hash, head_hash
  ), audit_entry AS (
    INSERT INTO audit_log (chain, seq, at, actor_id, actor_kind, actor_name, action, subject_type,
      subject_id, region_code, department_id, person_id, purpose, data, prev_hash, hash)
    ${Array.from({ length: count }, (_, k) => entryRow(k)).join('\n    UNION ALL ')}
    RETURNING seq
  )`;
}

/** The parameters of an append of `entries` (all of one chain: one subject's, in order). */
export function auditAppendParams(...entries: PreparedAuditEntry[]): unknown[] {
  const first = entries[0]!;
  if (entries.some((e) => e.chain !== first.chain)) {
    throw new Error('audit: entries appended together must share a chain');
  }
  const params: unknown[] = [first.chain, genesisHash(first.chain)];
  for (const { fields, template } of entries) {
    params.push(
      JSON.stringify(fields.data),
      template.beforePrev,
      template.beforeSeq,
      template.rest,
      fields.at.toISOString(),
      fields.actor_id,
      fields.actor_kind,
      fields.actor_name,
      fields.action,
      fields.subject_type,
      fields.subject_id,
      fields.region_code,
      fields.department_id,
      fields.person_id,
      fields.purpose,
    );
  }
  return params;
}

const appendStatement = preparedStatement(
  'audit_append',
  `WITH ${auditAppendSql(1)} SELECT seq FROM audit_entry`,
);

/** Appends one entry; call it inside the transaction that makes the change it records. */
export async function appendAudit(trx: Db, input: AuditEntryInput): Promise<void> {
  const entry = prepareAuditEntry(input);
  await runStatement(trx, appendStatement, auditAppendParams(entry));
}
