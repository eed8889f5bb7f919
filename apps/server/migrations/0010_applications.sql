-- Applications (办件): one row per application, its materials, and the daily number counters.
-- The workflow state, deadlines and history live in workflow_instances (instance_id).

-- Numbers are <implementation code>-<yyyymmdd>-<6-digit sequence of that item and day>.
CREATE TABLE service_application_counters (
  item_id bigint NOT NULL REFERENCES service_items (id),
  day date NOT NULL,
  region_code text NOT NULL,
  last_seq integer NOT NULL,
  PRIMARY KEY (item_id, day)
);

CREATE TABLE service_applications (
  id bigserial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  region_code text NOT NULL, -- the item's region (the implementing agency's)
  department_id integer NOT NULL REFERENCES departments (id),
  item_id bigint NOT NULL REFERENCES service_items (id),
  item_code text NOT NULL,
  item_name text NOT NULL,
  type_code text NOT NULL,
  promised_limit_days integer NOT NULL,
  instance_id bigint, -- the workflow instance, set in the same transaction
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('person', 'enterprise')),
  applicant_person_id bigint REFERENCES persons (id),
  applicant_enterprise_id bigint REFERENCES enterprises (id),
  applicant_name text NOT NULL,
  applicant_id_hint text NOT NULL,
  owner_user_id bigint REFERENCES users (id), -- the applicant's account, when there is one
  channel text NOT NULL,
  submitted_by text NOT NULL, -- principal identity: user:<id> or api_key:<id>
  submitted_by_api_key_id bigint,
  form jsonb NOT NULL,
  supplement_count integer NOT NULL DEFAULT 0,
  licence_number text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((applicant_kind = 'person') = (applicant_person_id IS NOT NULL)),
  CHECK ((applicant_kind = 'enterprise') = (applicant_enterprise_id IS NOT NULL))
);
CREATE INDEX service_applications_region_idx
  ON service_applications (region_code text_pattern_ops, department_id);
CREATE INDEX service_applications_owner_idx ON service_applications (owner_user_id, id);
CREATE INDEX service_applications_person_idx ON service_applications (applicant_person_id, id);
CREATE INDEX service_applications_enterprise_idx
  ON service_applications (applicant_enterprise_id, id);
CREATE INDEX service_applications_api_key_idx
  ON service_applications (submitted_by_api_key_id, id);
CREATE INDEX service_applications_instance_idx ON service_applications (instance_id);

-- What was handed in: round 0 with the application, round n with the nth 补正.
CREATE TABLE service_application_materials (
  id bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES service_applications (id),
  region_code text NOT NULL,
  material_seq smallint NOT NULL, -- 1-based position in the item's guide
  material_name text NOT NULL,
  round smallint NOT NULL DEFAULT 0,
  kind text NOT NULL CHECK (kind IN ('file', 'licence')),
  file_sha256 text,
  licence_number text,
  is_reused boolean NOT NULL DEFAULT false, -- attached by the platform (免提交)
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'file') = (file_sha256 IS NOT NULL)),
  CHECK ((kind = 'licence') = (licence_number IS NOT NULL))
);
CREATE INDEX service_application_materials_app_idx
  ON service_application_materials (application_id);
