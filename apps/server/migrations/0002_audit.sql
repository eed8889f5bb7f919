-- The audit ledger: append-only, hash-chained. Entries are spread over several chains so
-- concurrent writers do not queue on one head row; each chain is verified on its own.
CREATE TABLE audit_chains (
  chain integer PRIMARY KEY,
  seq bigint NOT NULL DEFAULT 0,
  head_hash text NOT NULL
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  chain integer NOT NULL,
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_id bigint,
  actor_kind text NOT NULL, -- user, api_key, system
  actor_name text NOT NULL,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  region_code text NOT NULL,
  department_id integer,
  person_id bigint, -- whose personal data was touched, for "who used my data"
  purpose text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (chain, seq)
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id);
CREATE INDEX audit_log_person_idx ON audit_log (person_id, at) WHERE person_id IS NOT NULL;
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

-- Append-only: the database itself refuses updates and deletes of ledger rows.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
