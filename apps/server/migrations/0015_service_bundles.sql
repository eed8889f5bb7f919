-- 一件事一次办 (bundles): a life event joining several service items. A bundle's merged form is
-- data (fields mapped onto the members' form fields); one submission creates the member
-- applications (ordinary service_applications rows, each on its own workflow) and one parent
-- record the applicant follows. The parent's state is read from its members' workflows.

CREATE TABLE service_bundles (
  code text PRIMARY KEY,
  region_code text NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('citizen', 'enterprise', 'both')),
  life_event_code text,
  -- [{key, label, type, isRequired, options, maxLength, help, targets: [{seq, formField}]}]
  fields jsonb NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE service_bundle_members (
  bundle_code text NOT NULL REFERENCES service_bundles (code),
  seq smallint NOT NULL, -- 1-based, the order shown
  item_code text NOT NULL, -- the member item's implementation code
  region_code text NOT NULL,
  PRIMARY KEY (bundle_code, seq)
);

-- Parent numbers: YJS-<yyyymmdd>-<6-digit sequence of the day>.
CREATE TABLE service_bundle_counters (
  day date PRIMARY KEY,
  last_seq integer NOT NULL
);

CREATE TABLE service_bundle_applications (
  id bigserial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  bundle_code text NOT NULL REFERENCES service_bundles (code),
  bundle_name text NOT NULL,
  region_code text NOT NULL, -- the bundle's
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('person', 'enterprise')),
  applicant_person_id bigint REFERENCES persons (id),
  applicant_enterprise_id bigint REFERENCES enterprises (id),
  applicant_name text NOT NULL,
  owner_user_id bigint REFERENCES users (id),
  channel text NOT NULL,
  submitted_by text NOT NULL,
  form jsonb NOT NULL, -- the merged form as given (each member's form holds its share)
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_bundle_applications_owner_idx
  ON service_bundle_applications (owner_user_id, id);
CREATE INDEX service_bundle_applications_person_idx
  ON service_bundle_applications (applicant_person_id, id);
CREATE INDEX service_bundle_applications_enterprise_idx
  ON service_bundle_applications (applicant_enterprise_id, id);

-- The link (owned by the bundle side): which applications a parent created.
CREATE TABLE service_bundle_application_members (
  bundle_application_id bigint NOT NULL REFERENCES service_bundle_applications (id),
  seq smallint NOT NULL,
  application_id bigint NOT NULL UNIQUE REFERENCES service_applications (id),
  region_code text NOT NULL,
  -- Materials of this member that another member's result provides (e.g. 出生医学证明 for
  -- 落户): [{materialId, name, fromSeq}]; not asked of the applicant.
  awaited_materials jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (bundle_application_id, seq)
);
