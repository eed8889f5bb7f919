-- Construction-waste monitoring (issue 6): geofence events of trucks, violations detected on
-- their positions (with evidence and the city-management case each opened), checkpoints with
-- plate cameras and the plate events they post. Positions themselves stay in
-- vehicle_positions (telematics); coordinates are WGS-84.

-- Entering and leaving construction sites and disposal sites, as the rules saw them.
CREATE TABLE waste_fence_events (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL, -- the truck's
  vehicle_id integer NOT NULL, -- telematics vehicles.id (no foreign key across modules)
  truck_id integer NOT NULL REFERENCES waste_trucks (id),
  fence_kind text NOT NULL CHECK (fence_kind IN ('construction_site', 'disposal_site')),
  fence_id integer NOT NULL,
  event text NOT NULL CHECK (event IN ('enter', 'exit')),
  at timestamptz NOT NULL, -- device time of the position that showed it
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  is_loaded boolean NOT NULL
);
CREATE INDEX waste_fence_events_truck_idx ON waste_fence_events (truck_id, at);
CREATE INDEX waste_fence_events_fence_idx ON waste_fence_events (fence_kind, fence_id, at);

-- Checkpoints (卡口) with plate cameras; `code` is also the device id an API key is bound to.
CREATE TABLE waste_checkpoints (
  id serial PRIMARY KEY,
  region_code text NOT NULL,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waste_checkpoints_region_idx ON waste_checkpoints (region_code text_pattern_ops);

-- Violations. A duration rule's violation is ongoing while ended_at is null: one per vehicle and
-- rule at a time (the index below), which is also what keeps one violation to one case.
CREATE TABLE waste_violations (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL, -- the truck's (the checkpoint's for unknown plates)
  rule text NOT NULL CHECK (rule IN ('off_route', 'unapproved_dumping', 'night_ban', 'overspeed',
    'cover_open', 'no_manifest', 'manifest_not_arrived', 'checkpoint_no_manifest')),
  truck_id integer REFERENCES waste_trucks (id),
  vehicle_id integer,
  plate text NOT NULL,
  company_id integer REFERENCES waste_companies (id),
  manifest_id bigint REFERENCES waste_manifests (id),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  lat double precision NOT NULL, -- where it started
  lon double precision NOT NULL,
  evidence jsonb NOT NULL, -- {positions: [...], positionCount, facts: {...}}
  case_id bigint, -- cases.id of the case it opened or joined (no foreign key across modules)
  case_error text, -- why no case was opened although the rule opens cases
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX waste_violations_ongoing_uidx
  ON waste_violations (vehicle_id, rule) WHERE ended_at IS NULL;
-- One "never arrived" per manifest, whichever process's job finds it.
CREATE UNIQUE INDEX waste_violations_overdue_uidx
  ON waste_violations (manifest_id) WHERE rule = 'manifest_not_arrived';
CREATE INDEX waste_violations_started_idx ON waste_violations (started_at);
CREATE INDEX waste_violations_region_idx
  ON waste_violations (region_code text_pattern_ops, started_at);
CREATE INDEX waste_violations_truck_idx ON waste_violations (truck_id, started_at);
CREATE INDEX waste_violations_place_idx ON waste_violations (lat, lon);
CREATE INDEX waste_violations_case_idx ON waste_violations (case_id) WHERE case_id IS NOT NULL;

-- Plates read by checkpoint cameras; a camera re-posting the same read is recognised.
CREATE TABLE waste_plate_events (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL, -- the checkpoint's
  checkpoint_id integer NOT NULL REFERENCES waste_checkpoints (id),
  plate text NOT NULL,
  captured_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  direction text CHECK (direction IN ('in', 'out')),
  confidence double precision CHECK (confidence BETWEEN 0 AND 1),
  image_sha256 text,
  api_key_id bigint, -- the camera's key
  truck_id integer REFERENCES waste_trucks (id),
  manifest_id bigint REFERENCES waste_manifests (id),
  violation_id bigint REFERENCES waste_violations (id),
  UNIQUE (checkpoint_id, plate, captured_at)
);
CREATE INDEX waste_plate_events_truck_idx ON waste_plate_events (truck_id, captured_at);
