// The audit ledger. Each entry carries the hash of the previous entry of its chain, so an
// edited, deleted or reordered row breaks the chain. Entries of one subject always go to the
// same chain (their order is kept); different subjects spread over AUDIT_CHAINS chains, so
// concurrent transactions do not all wait on one head row.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
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

export const genesisHash = (chain: number) =>
  createHash('sha256').update(`citygov-audit-genesis:${chain}`).digest('hex');

export function hashEntry(fields: HashedFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** The chain an entry of this subject belongs to (stable for a given chain count). */
export function chainOf(subjectType: string, subjectId: string, chains: number): number {
  const digest = createHash('sha256').update(`${subjectType}:${subjectId}`).digest();
  return digest.readUInt32BE(0) % chains;
}

let chainCount = 16;
/** Sets how many chains new entries spread over (AUDIT_CHAINS). */
export function setAuditChainCount(chains: number) {
  chainCount = chains;
}

/** Appends one entry; call it inside the transaction that makes the change it records. */
export async function appendAudit(trx: Db, input: AuditEntryInput): Promise<void> {
  const subjectId = String(input.subjectId);
  const chain = chainOf(input.subjectType, subjectId, chainCount);
  // One statement creates the chain on first use or takes its next number, and holds the
  // head row's lock until this transaction ends. RETURNING shows head_hash before this entry.
  const head = await sql<{ seq: number; head_hash: string }>`
    INSERT INTO audit_chains AS c (chain, seq, head_hash) VALUES (${chain}, 1, ${genesisHash(chain)})
    ON CONFLICT (chain) DO UPDATE SET seq = c.seq + 1
    RETURNING seq, head_hash`.execute(trx);
  const { seq, head_hash: prevHash } = head.rows[0]!;
  const fields: HashedFields = {
    chain,
    seq: Number(seq),
    at: new Date(),
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
    data: JSON.parse(JSON.stringify(input.data ?? {})) as unknown,
    prev_hash: prevHash,
  };
  const hash = hashEntry(fields);
  // The entry and the chain's new head in one round trip.
  await sql`WITH entry AS (
      INSERT INTO audit_log (chain, seq, at, actor_id, actor_kind, actor_name, action, subject_type,
        subject_id, region_code, department_id, person_id, purpose, data, prev_hash, hash)
      VALUES (${chain}, ${fields.seq}, ${fields.at}, ${fields.actor_id}, ${fields.actor_kind},
        ${fields.actor_name}, ${fields.action}, ${fields.subject_type}, ${fields.subject_id},
        ${fields.region_code}, ${fields.department_id}, ${fields.person_id}, ${fields.purpose},
        ${JSON.stringify(fields.data)}::jsonb, ${prevHash}, ${hash})
    )
    UPDATE audit_chains SET head_hash = ${hash} WHERE chain = ${chain}`.execute(trx);
}
