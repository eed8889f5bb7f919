-- Shared services: uploaded files (stored once by sha256) and the records that use them;
-- Idempotency-Key answers of creating POSTs.

CREATE TABLE files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  media_type text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL, -- principal identity of the first uploader: user:<id>, api_key:<id>
  region_code text NOT NULL
);

-- Who may reach a file: every uploader (owner_type 'upload', owner_id = principal identity)
-- and every record that uses it (owner_type names the record kind, checked by its module).
CREATE TABLE file_refs (
  sha256 text NOT NULL REFERENCES files (sha256),
  owner_type text NOT NULL,
  owner_id text NOT NULL,
  region_code text NOT NULL,
  name text, -- the file name as the uploader (or the linking record) knows it
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sha256, owner_type, owner_id)
);
CREATE INDEX file_refs_owner_idx ON file_refs (owner_type, owner_id);

-- A placeholder row is written before the handler runs (status NULL = in flight), so two
-- concurrent retries cannot both run; the answer is filled in when it is sent.
CREATE TABLE idempotency_keys (
  principal text NOT NULL, -- user:<id>, api_key:<id> or anonymous
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  request_hash text NOT NULL,
  status smallint,
  response_body text,
  response_type text,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
