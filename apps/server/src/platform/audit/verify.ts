// Walks every chain of the ledger and reports the first entry that does not hold.
import type { Db } from '../db/database.ts';
import { genesisHash, hashEntry, type HashedFields } from './ledger.ts';

export interface VerifyResult {
  isIntact: boolean;
  entries: number;
  chains: number;
  /** The first bad entry found, with why. */
  problem?: { chain: number; seq: number; id: number | null; reason: string };
}

const BATCH = 5000;

/** Verifies the whole ledger; reads it in batches, one chain after another. */
export async function verifyAuditLedger(db: Db): Promise<VerifyResult> {
  const heads = await db.selectFrom('audit_chains').selectAll().orderBy('chain').execute();
  const knownChains = new Set(heads.map((h) => h.chain));
  const strays = await db
    .selectFrom('audit_log')
    .select(['id', 'chain', 'seq'])
    .where('chain', 'not in', heads.length ? [...knownChains] : [-1])
    .limit(1)
    .execute();
  if (strays[0]) {
    const s = strays[0];
    return {
      isIntact: false,
      entries: 0,
      chains: heads.length,
      problem: { chain: s.chain, seq: s.seq, id: s.id, reason: 'entry on a chain with no head' },
    };
  }
  let entries = 0;
  for (const head of heads) {
    let prevHash = genesisHash(head.chain);
    let expectedSeq = 1;
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('chain', '=', head.chain)
        .where('seq', '>=', expectedSeq)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        const fail = (reason: string): VerifyResult => ({
          isIntact: false,
          entries,
          chains: heads.length,
          problem: { chain: head.chain, seq: expectedSeq, id: row.id, reason },
        });
        if (Number(row.seq) !== expectedSeq)
          return fail(`entry ${expectedSeq} is missing (found ${row.seq} next)`);
        if (row.prev_hash !== prevHash) return fail('previous-hash link is broken');
        const fields: HashedFields = {
          chain: row.chain,
          seq: Number(row.seq),
          at: row.at,
          actor_id: row.actor_id === null ? null : Number(row.actor_id),
          actor_kind: row.actor_kind,
          actor_name: row.actor_name,
          action: row.action,
          subject_type: row.subject_type,
          subject_id: row.subject_id,
          region_code: row.region_code,
          department_id: row.department_id,
          person_id: row.person_id === null ? null : Number(row.person_id),
          purpose: row.purpose,
          data: row.data,
          prev_hash: row.prev_hash,
        };
        if (hashEntry(fields) !== row.hash) return fail('content does not match its hash');
        prevHash = row.hash;
        expectedSeq++;
        entries++;
      }
      if (rows.length < BATCH) break;
    }
    const lastSeq = expectedSeq - 1;
    if (lastSeq !== Number(head.seq) || prevHash !== head.head_hash) {
      return {
        isIntact: false,
        entries,
        chains: heads.length,
        problem: {
          chain: head.chain,
          seq: lastSeq + 1,
          id: null,
          reason: `chain ends at entry ${lastSeq} but its head records ${head.seq}`,
        },
      };
    }
  }
  return { isIntact: true, entries, chains: heads.length };
}
