-- The in-app inbox every user has; SMS and e-mail copies are recorded with their delivery.
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  region_code text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  subject_type text,
  subject_id text,
  channels text[] NOT NULL DEFAULT '{inbox}',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
