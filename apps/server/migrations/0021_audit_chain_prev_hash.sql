-- The audit ledger appends an entry in ONE statement (DR-8): the chain head's upsert computes
-- the new entry's hash with sha256() from the old head, and keeps that old head here so the
-- same statement can write it into the entry's prev_hash. Only the last append's value is
-- kept; the entries themselves carry the chain.
ALTER TABLE audit_chains ADD COLUMN prev_hash text;
