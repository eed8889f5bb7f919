-- Electronic licences (电子证照): signed by the platform (Ed25519; the key is never stored
-- here), verifiable publicly by number; every reuse for an application is recorded.

CREATE SEQUENCE licence_number_seq;

CREATE TABLE licences (
  id bigserial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  region_code text NOT NULL, -- the issuing agency's region
  licence_type text NOT NULL,
  name text NOT NULL,
  holder_kind text NOT NULL CHECK (holder_kind IN ('person', 'enterprise')),
  holder_person_id bigint REFERENCES persons (id),
  holder_enterprise_id bigint REFERENCES enterprises (id),
  holder_name text NOT NULL,
  holder_id_hint text NOT NULL,
  issuing_department_id integer NOT NULL REFERENCES departments (id),
  issuing_agency text NOT NULL,
  issue_date date NOT NULL,
  valid_until date,
  source_type text, -- the record it was issued for, e.g. service_application
  source_id text,
  key_id text NOT NULL,
  signature text NOT NULL, -- base64 Ed25519 over the canonical JSON of the signed fields
  status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
  revoked_at timestamptz,
  revoked_by bigint REFERENCES users (id),
  revocation_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((holder_kind = 'person') = (holder_person_id IS NOT NULL)),
  CHECK ((holder_kind = 'enterprise') = (holder_enterprise_id IS NOT NULL))
);
CREATE INDEX licences_person_idx ON licences (holder_person_id, licence_type);
CREATE INDEX licences_enterprise_idx ON licences (holder_enterprise_id, licence_type);
CREATE INDEX licences_region_idx ON licences (region_code text_pattern_ops);

-- 免提交: a licence used in place of a material (who used it, for what).
CREATE TABLE licence_uses (
  id bigserial PRIMARY KEY,
  licence_id bigint NOT NULL REFERENCES licences (id),
  region_code text NOT NULL, -- the using record's region
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  purpose text NOT NULL,
  actor text NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX licence_uses_licence_idx ON licence_uses (licence_id);
CREATE INDEX licence_uses_subject_idx ON licence_uses (subject_type, subject_id);
