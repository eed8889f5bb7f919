-- Construction-waste supervision (建筑渣土, issue 6): transport companies, trucks, drivers,
-- construction sites (产废单位) and disposal sites (消纳场 / 资源化利用厂) with fences,
-- routes with corridors, disposal approvals (处置核准), and the electronic manifests (联单) with
-- their versions and signatures. Geometry is WGS-84 GeoJSON in jsonb plus bbox columns (no
-- PostGIS). Volumes are cubic metres. Every business table carries region_code.

-- Transport companies (运输企业).
CREATE TABLE waste_companies (
  id serial PRIMARY KEY,
  region_code text NOT NULL, -- the district where the company is registered
  name text NOT NULL,
  uscc text NOT NULL UNIQUE, -- unified social credit code (GB 32100)
  transport_licence_no text, -- 道路运输经营许可证号
  contact_name text,
  contact_phone text, -- a company's switchboard or dispatcher line, not personal data
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waste_companies_region_idx ON waste_companies (region_code text_pattern_ops);

-- Trucks (渣土车). terminal_phone is the JT/T 808 header's phone (BCD digits without leading
-- zeros), the key that ties a truck to its telematics vehicle and positions.
CREATE TABLE waste_trucks (
  id serial PRIMARY KEY,
  region_code text NOT NULL, -- the company's district
  company_id integer NOT NULL REFERENCES waste_companies (id),
  plate text NOT NULL,
  terminal_phone text NOT NULL UNIQUE CHECK (terminal_phone ~ '^[1-9][0-9]{0,19}$'),
  terminal_id text, -- the terminal's own id (0x0100 body)
  vehicle_id integer, -- telematics vehicles.id once known (no foreign key across modules)
  capacity_m3 double precision NOT NULL CHECK (capacity_m3 > 0 AND capacity_m3 <= 60),
  -- A sealed-cover (密闭) sensor reports the cover state in a JT/T 808 status bit.
  has_cover_sensor boolean NOT NULL DEFAULT true,
  cover_status_bit smallint NOT NULL DEFAULT 17 CHECK (cover_status_bit BETWEEN 0 AND 31),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX waste_trucks_plate_active_idx ON waste_trucks (plate) WHERE status <> 'retired';
CREATE INDEX waste_trucks_company_idx ON waste_trucks (company_id);
CREATE INDEX waste_trucks_vehicle_idx ON waste_trucks (vehicle_id);
CREATE INDEX waste_trucks_region_idx ON waste_trucks (region_code text_pattern_ops);

-- Drivers: personal data encrypted as in persons (enc / keyed hash / masked hint).
CREATE TABLE waste_drivers (
  id serial PRIMARY KEY,
  region_code text NOT NULL,
  company_id integer NOT NULL REFERENCES waste_companies (id),
  user_id bigint, -- the driver's account, when the driver signs in the app
  name text NOT NULL,
  id_number_enc text NOT NULL, -- the driving licence number is the resident ID
  id_number_hash text NOT NULL UNIQUE,
  id_number_hint text NOT NULL,
  phone_enc text,
  phone_hash text,
  phone_hint text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'left')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waste_drivers_company_idx ON waste_drivers (company_id);
CREATE UNIQUE INDEX waste_drivers_user_uidx ON waste_drivers (user_id) WHERE user_id IS NOT NULL;

-- Construction sites (产废单位 / 工地): fence polygon and its box.
CREATE TABLE waste_construction_sites (
  id serial PRIMARY KEY,
  region_code text NOT NULL, -- the district (or street) where the site lies
  name text NOT NULL,
  project_code text, -- 施工许可证号
  developer text, -- 建设单位
  contractor text, -- 施工单位
  address text,
  lat double precision NOT NULL, -- a representative point (gate)
  lon double precision NOT NULL,
  fence jsonb NOT NULL, -- GeoJSON Polygon, WGS-84
  min_lat double precision NOT NULL,
  min_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waste_construction_sites_region_idx
  ON waste_construction_sites (region_code text_pattern_ops);
CREATE INDEX waste_construction_sites_box_idx ON waste_construction_sites (min_lon, min_lat);

-- Disposal sites: 消纳场 (landfill) or 资源化利用厂 (recycling plant), with capacity and fence.
CREATE TABLE waste_disposal_sites (
  id serial PRIMARY KEY,
  region_code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('landfill', 'recycling')),
  operator_name text,
  address text,
  capacity_m3 double precision NOT NULL CHECK (capacity_m3 > 0), -- design capacity (库容 / 年处理能力)
  daily_capacity_m3 double precision CHECK (daily_capacity_m3 > 0),
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  fence jsonb NOT NULL, -- GeoJSON Polygon, WGS-84
  min_lat double precision NOT NULL,
  min_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waste_disposal_sites_region_idx ON waste_disposal_sites (region_code text_pattern_ops);
CREATE INDEX waste_disposal_sites_box_idx ON waste_disposal_sites (min_lon, min_lat);

-- Routes (运输路线): a polyline from a construction site to a disposal site and the corridor
-- (metres either side) a loaded truck must stay in.
CREATE TABLE waste_routes (
  id serial PRIMARY KEY,
  region_code text NOT NULL, -- the construction site's district
  name text NOT NULL,
  construction_site_id integer NOT NULL REFERENCES waste_construction_sites (id),
  disposal_site_id integer NOT NULL REFERENCES waste_disposal_sites (id),
  path jsonb NOT NULL, -- GeoJSON LineString, WGS-84
  corridor_m integer NOT NULL DEFAULT 200 CHECK (corridor_m BETWEEN 10 AND 5000),
  length_m integer NOT NULL,
  min_lat double precision NOT NULL,
  min_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waste_routes_sites_idx ON waste_routes (construction_site_id, disposal_site_id);

-- Disposal approvals (处置核准, 城市建筑垃圾处置核准): what one construction site may send, how
-- much, until when, with whom, where, along which routes and in which hours.
CREATE TABLE waste_approvals (
  id serial PRIMARY KEY,
  region_code text NOT NULL, -- the construction site's district
  approval_no text NOT NULL UNIQUE,
  construction_site_id integer NOT NULL REFERENCES waste_construction_sites (id),
  waste_types text[] NOT NULL, -- see WASTE_TYPES in the contracts
  permitted_volume_m3 double precision NOT NULL CHECK (permitted_volume_m3 > 0),
  -- Declared volumes of the manifests issued under it (cancelled ones given back).
  used_volume_m3 double precision NOT NULL DEFAULT 0 CHECK (used_volume_m3 >= 0),
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  -- Transport hours as minutes after midnight, Beijing time; end < start wraps past midnight
  -- (22:00–06:00 is 1320–360).
  hours_start smallint NOT NULL DEFAULT 0 CHECK (hours_start BETWEEN 0 AND 1439),
  hours_end smallint NOT NULL DEFAULT 1440 CHECK (hours_end BETWEEN 1 AND 1440),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
  issued_by bigint,
  issued_at timestamptz NOT NULL DEFAULT now(),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to >= valid_from)
);
CREATE INDEX waste_approvals_site_idx ON waste_approvals (construction_site_id, valid_to);
CREATE INDEX waste_approvals_region_idx ON waste_approvals (region_code text_pattern_ops);

CREATE TABLE waste_approval_companies (
  approval_id integer NOT NULL REFERENCES waste_approvals (id) ON DELETE CASCADE,
  company_id integer NOT NULL REFERENCES waste_companies (id),
  region_code text NOT NULL,
  PRIMARY KEY (approval_id, company_id)
);
CREATE INDEX waste_approval_companies_company_idx ON waste_approval_companies (company_id);

CREATE TABLE waste_approval_disposal_sites (
  approval_id integer NOT NULL REFERENCES waste_approvals (id) ON DELETE CASCADE,
  disposal_site_id integer NOT NULL REFERENCES waste_disposal_sites (id),
  region_code text NOT NULL,
  PRIMARY KEY (approval_id, disposal_site_id)
);

CREATE TABLE waste_approval_routes (
  approval_id integer NOT NULL REFERENCES waste_approvals (id) ON DELETE CASCADE,
  route_id integer NOT NULL REFERENCES waste_routes (id),
  region_code text NOT NULL,
  PRIMARY KEY (approval_id, route_id)
);

-- Manifests (联单), modelled on the US EPA e-Manifest: one producing site, one transporter
-- (company, truck, driver), the designated disposal site and an optional alternate. `status`
-- mirrors the workflow instance's state (written in the same transaction) so lists and the
-- position rules read one table. The content columns are those of the current version.
CREATE TABLE waste_manifests (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL, -- the construction site's district
  manifest_no text NOT NULL UNIQUE, -- district + date + sequence: 500103-20260915-0007
  approval_id integer NOT NULL REFERENCES waste_approvals (id),
  construction_site_id integer NOT NULL REFERENCES waste_construction_sites (id),
  company_id integer NOT NULL REFERENCES waste_companies (id),
  truck_id integer NOT NULL REFERENCES waste_trucks (id),
  driver_id integer NOT NULL REFERENCES waste_drivers (id),
  disposal_site_id integer NOT NULL REFERENCES waste_disposal_sites (id), -- designated
  alternate_site_id integer REFERENCES waste_disposal_sites (id),
  -- Where the load is now headed: the designated site, the alternate after a rejection, or
  -- null when it goes back to the construction site.
  destination_site_id integer REFERENCES waste_disposal_sites (id),
  route_id integer REFERENCES waste_routes (id),
  waste_type text NOT NULL,
  declared_volume_m3 double precision NOT NULL CHECK (declared_volume_m3 > 0),
  received_volume_m3 double precision,
  received_waste_type text,
  received_site_id integer REFERENCES waste_disposal_sites (id),
  planned_date date NOT NULL,
  status text NOT NULL,
  version integer NOT NULL DEFAULT 1, -- the current (last accepted) version
  is_locked boolean NOT NULL DEFAULT false, -- true from the first signature: edits become corrections
  departed_at timestamptz, -- generator signature
  picked_up_at timestamptz, -- transporter signature
  arrived_at timestamptz,
  received_at timestamptz, -- receiver signature
  returned_at timestamptz,
  rejection_count smallint NOT NULL DEFAULT 0,
  rejection_reason text,
  has_discrepancy boolean NOT NULL DEFAULT false,
  discrepancy_kinds text[] NOT NULL DEFAULT '{}', -- 'quantity', 'type'
  discrepancy_ratio double precision, -- (received − declared) / declared
  discrepancy_resolved_at timestamptz,
  discrepancy_resolution text,
  discrepancy_escalated_at timestamptz, -- sent to the regulator, unresolved after the limit
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waste_manifests_region_idx ON waste_manifests (region_code text_pattern_ops, created_at);
CREATE INDEX waste_manifests_truck_status_idx ON waste_manifests (truck_id, status);
CREATE INDEX waste_manifests_approval_idx ON waste_manifests (approval_id);
CREATE INDEX waste_manifests_site_idx ON waste_manifests (construction_site_id, departed_at);
CREATE INDEX waste_manifests_received_idx ON waste_manifests (received_site_id, received_at);
CREATE INDEX waste_manifests_company_idx ON waste_manifests (company_id, departed_at);
CREATE INDEX waste_manifests_discrepancy_idx ON waste_manifests (received_at)
  WHERE has_discrepancy AND discrepancy_resolved_at IS NULL;

CREATE TABLE waste_manifest_counters (
  region_code text NOT NULL,
  day text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (region_code, day)
);

-- Every version of a manifest's content: the original, whole-manifest edits before the first
-- signature, and corrections after it (one open at a time; an open correction is accepted or
-- reverted).
CREATE TABLE waste_manifest_versions (
  manifest_id bigint NOT NULL REFERENCES waste_manifests (id),
  version integer NOT NULL,
  region_code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('original', 'edit', 'correction')),
  status text NOT NULL CHECK (status IN ('current', 'superseded', 'open', 'reverted')),
  content jsonb NOT NULL,
  reason text,
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  PRIMARY KEY (manifest_id, version)
);
-- One open correction per manifest.
CREATE UNIQUE INDEX waste_manifest_versions_open_uidx
  ON waste_manifest_versions (manifest_id) WHERE status = 'open';

-- Signatures, in order; signed_at is the server's clock, never the client's.
CREATE TABLE waste_manifest_signatures (
  id bigserial PRIMARY KEY,
  manifest_id bigint NOT NULL REFERENCES waste_manifests (id),
  region_code text NOT NULL,
  seq smallint NOT NULL,
  role text NOT NULL CHECK (role IN ('generator', 'transporter', 'receiver', 'rejection', 'return')),
  party_kind text NOT NULL CHECK (party_kind IN ('construction_site', 'company', 'disposal_site')),
  party_id integer NOT NULL,
  signer_user_id bigint NOT NULL,
  signer_name text NOT NULL,
  driver_id integer, -- transporter: the driver who took the load
  volume_m3 double precision, -- receiver: the measured volume
  waste_type text, -- receiver: the type found
  version integer NOT NULL, -- the manifest version signed
  note text,
  signed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (manifest_id, seq)
);

-- Which organisation an account acts for: a site manager for a construction site, a company
-- account or a driver for a transport company, an operator for a disposal site.
CREATE TABLE waste_party_members (
  user_id bigint NOT NULL,
  party_kind text NOT NULL CHECK (party_kind IN ('construction_site', 'company', 'disposal_site')),
  party_id integer NOT NULL,
  region_code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, party_kind, party_id)
);
CREATE INDEX waste_party_members_party_idx ON waste_party_members (party_kind, party_id);

-- What a disposal site declares per day: sorted (分拣) volume, recycled (资源化利用) output
-- and the volume landfilled; statistics share a day's declaration among that day's loads.
CREATE TABLE waste_disposal_outputs (
  disposal_site_id integer NOT NULL REFERENCES waste_disposal_sites (id),
  day date NOT NULL,
  region_code text NOT NULL,
  sorted_volume_m3 double precision NOT NULL DEFAULT 0 CHECK (sorted_volume_m3 >= 0),
  recycled_volume_m3 double precision NOT NULL DEFAULT 0 CHECK (recycled_volume_m3 >= 0),
  landfilled_volume_m3 double precision NOT NULL DEFAULT 0 CHECK (landfilled_volume_m3 >= 0),
  declared_by bigint,
  declared_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (disposal_site_id, day)
);
