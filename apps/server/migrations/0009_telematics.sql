-- Telematics: vehicles with JT/T 808 terminals, their positions partitioned by day, and the
-- latest position of each vehicle. Positions are WGS-84 as the terminals report them.

CREATE TABLE vehicles (
  id serial PRIMARY KEY,
  plate text NOT NULL,
  plate_color smallint NOT NULL DEFAULT 2, -- JT/T 415: 2 yellow (trucks)
  -- The terminal phone of JT/T 808 headers: BCD digits without leading zeros.
  terminal_phone text NOT NULL UNIQUE CHECK (terminal_phone ~ '^[1-9][0-9]{0,19}$|^0$'),
  region_code text NOT NULL, -- the district that registered the vehicle
  company text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'retired')),
  -- sha256 of the auth code issued at registration: the terminal keeps the code, we only compare.
  auth_code_hash text,
  manufacturer_id text,
  terminal_model text,
  terminal_id text,
  vin text,
  is_auto_registered boolean NOT NULL DEFAULT false,
  registered_at timestamptz,
  authenticated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- A plate names one vehicle on the road; a retired record keeps its plate for history.
CREATE UNIQUE INDEX vehicles_plate_active_idx ON vehicles (plate) WHERE status <> 'retired';
CREATE INDEX vehicles_region_idx ON vehicles (region_code);

-- Positions: one partition per day of Beijing time, keyed by vehicle (the distribution key of
-- time series). No foreign key: the hot table must not depend on another table's locks.
CREATE TABLE vehicle_positions (
  vehicle_id integer NOT NULL,
  recorded_at timestamptz NOT NULL, -- device (GNSS) time
  received_at timestamptz NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  speed_kmh real NOT NULL,
  direction smallint NOT NULL,
  altitude_m integer NOT NULL,
  alarm_bits bigint NOT NULL, -- JT/T 808 alarm DWORD
  status_bits bigint NOT NULL, -- JT/T 808 status DWORD
  is_blind_area boolean NOT NULL DEFAULT false, -- re-sent after an outage (0x0704 type 1)
  source text NOT NULL, -- 'jt808' or 'http'
  extras jsonb, -- additional information items (mileage, satellites ...)
  region_code text NOT NULL -- the vehicle's region
) PARTITION BY RANGE (recorded_at);
CREATE INDEX vehicle_positions_vehicle_time_idx ON vehicle_positions (vehicle_id, recorded_at);

-- Creates the partition of one Beijing day if it is missing; true when it created it.
CREATE FUNCTION ensure_vehicle_positions_partition(day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  partition_name text := 'vehicle_positions_' || to_char(day, 'YYYYMMDD');
BEGIN
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN false;
  END IF;
  -- Two processes may reach a new day at once: the second waits, then finds the table.
  PERFORM pg_advisory_xact_lock(7402808);
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format(
    'CREATE TABLE %I PARTITION OF vehicle_positions FOR VALUES FROM (%L) TO (%L)',
    partition_name,
    day::text || ' 00:00:00+08',
    (day + 1)::text || ' 00:00:00+08'
  );
  RETURN true;
END
$$;

-- Maintenance: the partitions of day_count days from first_day; returns how many it created.
CREATE FUNCTION ensure_vehicle_positions_partitions(first_day date, day_count integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  created integer := 0;
BEGIN
  FOR i IN 0 .. day_count - 1 LOOP
    IF ensure_vehicle_positions_partition(first_day + i) THEN
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$$;

-- Retention: drops the daily partitions of days before cutoff; returns how many it dropped.
CREATE FUNCTION drop_vehicle_positions_partitions_before(cutoff date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  child record;
  dropped integer := 0;
BEGIN
  FOR child IN
    SELECT c.relname
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'vehicle_positions'::regclass
      AND c.relname ~ '^vehicle_positions_[0-9]{8}$'
  LOOP
    IF to_date(substr(child.relname, 19), 'YYYYMMDD') < cutoff THEN
      EXECUTE format('DROP TABLE %I', child.relname);
      dropped := dropped + 1;
    END IF;
  END LOOP;
  RETURN dropped;
END
$$;

-- The latest position of each vehicle (by device time), for lists and the live map.
CREATE TABLE vehicle_latest_positions (
  vehicle_id integer PRIMARY KEY REFERENCES vehicles (id) ON DELETE CASCADE,
  recorded_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  speed_kmh real NOT NULL,
  direction smallint NOT NULL,
  altitude_m integer NOT NULL,
  alarm_bits bigint NOT NULL,
  status_bits bigint NOT NULL,
  region_code text NOT NULL
);
CREATE INDEX vehicle_latest_positions_lat_lon_idx ON vehicle_latest_positions (lat, lon);
CREATE INDEX vehicle_latest_positions_region_idx ON vehicle_latest_positions (region_code);
