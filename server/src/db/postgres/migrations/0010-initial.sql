-- Numerek schema on PostgreSQL: the same tables, columns, keys and rules as SQLite's after its
-- migrations 0001 to 0010 (tests/storage/schema-parity.test.ts compares them). A change to the
-- schema from here on adds the same number to both folders.
--
-- Times are epoch milliseconds (BIGINT); ids are random URL-safe strings; yes/no columns are
-- INTEGER 0 or 1, as on SQLite, so that every statement reads the same on both engines.

-- SQLite's json_valid(), for the CHECK on tickets.call_decision.
CREATE FUNCTION json_valid(value TEXT) RETURNS BOOLEAN
  LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  PERFORM value::json;
  RETURN TRUE;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN FALSE;
END;
$$;

-- The guard of the append-only logs (ticket_events, audit_log).
CREATE FUNCTION refuse_update() RETURNS TRIGGER
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TABLE offices (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  time_zone   TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);

-- The office's priority policy (one row per office).
CREATE TABLE office_settings (
  office_id                 TEXT PRIMARY KEY REFERENCES offices(id) ON DELETE CASCADE,
  consecutive_priority_cap  INTEGER,
  strict_priority           INTEGER NOT NULL DEFAULT 0 CHECK (strict_priority IN (0, 1)),
  -- One priority weight per office (docs/decisions/0014-one-priority-weight.md).
  priority_weight           DOUBLE PRECISION NOT NULL DEFAULT 4 CHECK (priority_weight >= 1 AND priority_weight <= 10)
);

CREATE TABLE categories (
  id                         TEXT PRIMARY KEY,
  office_id                  TEXT NOT NULL REFERENCES offices(id),
  prefix                     TEXT NOT NULL CHECK (length(prefix) BETWEEN 1 AND 3),
  names                      TEXT NOT NULL,          -- JSON { pl, en?, uk? }
  descriptions               TEXT NOT NULL DEFAULT '{}',
  pictogram                  TEXT,
  active                     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  display_order              INTEGER NOT NULL DEFAULT 0,
  opening_hours              TEXT,                   -- JSON [{ day, open, close }] or NULL = always open
  daily_limit                INTEGER,
  max_wait_minutes           INTEGER,
  stop_issuing_near_closing  INTEGER NOT NULL DEFAULT 0 CHECK (stop_issuing_near_closing IN (0, 1)),
  created_at                 BIGINT NOT NULL,
  updated_at                 BIGINT NOT NULL,
  UNIQUE (office_id, prefix)
);

-- No weight of its own: the office's one weight applies to every group.
CREATE TABLE priority_groups (
  id             TEXT PRIMARY KEY,
  office_id      TEXT NOT NULL REFERENCES offices(id),
  names          TEXT NOT NULL,
  pictogram      TEXT NOT NULL DEFAULT 'priority',
  legal_basis    TEXT NOT NULL DEFAULT '',
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  display_order  INTEGER NOT NULL DEFAULT 0,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);

CREATE TABLE users (
  id                        TEXT PRIMARY KEY,
  office_id                 TEXT NOT NULL REFERENCES offices(id),
  username                  TEXT NOT NULL UNIQUE,
  display_name              TEXT NOT NULL,
  role                      TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
  password_hash             TEXT NOT NULL,
  active                    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at                BIGINT NOT NULL,
  updated_at                BIGINT NOT NULL,
  -- A generated password, or one set by someone else, must be replaced by the user first.
  password_change_required  INTEGER NOT NULL DEFAULT 0 CHECK (password_change_required IN (0, 1)),
  -- The language the user chose for the clerk panel and the console.
  language                  TEXT NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'en', 'uk'))
);

-- Login sessions: only the token's hash is stored.
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE devices (
  id            TEXT PRIMARY KEY,
  office_id     TEXT NOT NULL REFERENCES offices(id),
  kind          TEXT NOT NULL CHECK (kind IN ('kiosk', 'display')),
  name          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  printer_id    TEXT,
  revoked_at    BIGINT,
  last_seen_at  BIGINT,
  created_at    BIGINT NOT NULL,
  settings      TEXT,                                -- JSON DisplaySettings of a display (NULL: defaults)
  paired_at     BIGINT                               -- when the device last used a pairing link
);

CREATE TABLE counters (
  id                          TEXT PRIMARY KEY,
  office_id                   TEXT NOT NULL REFERENCES offices(id),
  name                        TEXT NOT NULL,
  number                      INTEGER NOT NULL,
  induction_loop              INTEGER NOT NULL DEFAULT 0,
  low_desk                    INTEGER NOT NULL DEFAULT 0,
  sign_language               INTEGER NOT NULL DEFAULT 0,
  active                      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- live state of the counter
  state                       TEXT NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'paused')),
  session_id                  TEXT,
  clerk_user_id               TEXT REFERENCES users(id),
  serving_category_ids        TEXT NOT NULL DEFAULT '[]',
  pause_reason                TEXT,
  current_ticket_id           TEXT,
  consecutive_priority_calls  INTEGER NOT NULL DEFAULT 0,
  state_since                 BIGINT,
  created_at                  BIGINT NOT NULL,
  updated_at                  BIGINT NOT NULL,
  UNIQUE (office_id, number)
);
-- A clerk works at one counter at a time.
CREATE UNIQUE INDEX counters_one_per_clerk ON counters(clerk_user_id) WHERE clerk_user_id IS NOT NULL;

CREATE TABLE counter_categories (
  counter_id   TEXT NOT NULL REFERENCES counters(id) ON DELETE CASCADE,
  category_id  TEXT NOT NULL REFERENCES categories(id),
  PRIMARY KEY (counter_id, category_id)
);

CREATE TABLE counter_sessions (
  id                    TEXT PRIMARY KEY,
  counter_id            TEXT NOT NULL REFERENCES counters(id) ON DELETE CASCADE,
  user_id               TEXT NOT NULL REFERENCES users(id),
  served_category_ids   TEXT NOT NULL,
  opened_at             BIGINT NOT NULL,
  closed_at             BIGINT
);
CREATE INDEX counter_sessions_counter ON counter_sessions(counter_id, opened_at);

CREATE TABLE counter_pauses (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES counter_sessions(id) ON DELETE CASCADE,
  reason      TEXT NOT NULL CHECK (reason IN ('break', 'back_office', 'end_of_day')),
  started_at  BIGINT NOT NULL,
  ended_at    BIGINT
);

-- Per category per service day: the last number handed out. Allocated inside the issuing
-- transaction (a SEQUENCE would skip a number on every rollback).
CREATE TABLE ticket_series (
  category_id  TEXT NOT NULL REFERENCES categories(id),
  service_day  TEXT NOT NULL,
  last_number  INTEGER NOT NULL,
  PRIMARY KEY (category_id, service_day)
);

CREATE TABLE tickets (
  id                     TEXT PRIMARY KEY,
  office_id              TEXT NOT NULL REFERENCES offices(id),
  category_id            TEXT NOT NULL REFERENCES categories(id),
  service_day            TEXT NOT NULL,
  number                 INTEGER NOT NULL,
  code                   TEXT NOT NULL,
  -- 1 for a regular ticket; the office's priority weight otherwise. Never the group itself.
  priority_weight        DOUBLE PRECISION NOT NULL DEFAULT 1,
  state                  TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'finished', 'no_show', 'transferred', 'cancelled')),
  counter_id             TEXT REFERENCES counters(id),
  clerk_user_id          TEXT REFERENCES users(id),
  target_counter_id      TEXT REFERENCES counters(id),
  parent_ticket_id       TEXT REFERENCES tickets(id),
  note                   TEXT,
  language               TEXT NOT NULL DEFAULT 'pl',
  issued_at              BIGINT NOT NULL,
  -- place in the queue: the original issue time, kept across transfers
  queued_at              BIGINT NOT NULL,
  called_at              BIGINT,
  started_at             BIGINT,
  finished_at            BIGINT,
  recall_count           INTEGER NOT NULL DEFAULT 0,
  call_reason            TEXT,
  estimate_min           INTEGER NOT NULL,
  estimate_max           INTEGER NOT NULL,
  issued_by_device_id    TEXT REFERENCES devices(id),
  issued_by_user_id      TEXT REFERENCES users(id),
  interpreter_requested  INTEGER NOT NULL DEFAULT 0,
  -- Why the ticket was called, as data (the protocol's CallDecision, JSON).
  call_decision          TEXT CHECK (call_decision IS NULL OR json_valid(call_decision))
);
-- A number is handed out once per category and day; a transferred ticket keeps its parent's number.
CREATE UNIQUE INDEX tickets_number ON tickets(category_id, service_day, number) WHERE parent_ticket_id IS NULL;
CREATE INDEX tickets_waiting ON tickets(category_id, priority_weight, queued_at, id) WHERE state = 'waiting' AND target_counter_id IS NULL;
CREATE INDEX tickets_waiting_targeted ON tickets(target_counter_id, queued_at, id) WHERE state = 'waiting' AND target_counter_id IS NOT NULL;
CREATE INDEX tickets_finished ON tickets(category_id, finished_at) WHERE state = 'finished';
CREATE INDEX tickets_day ON tickets(office_id, service_day);
CREATE INDEX tickets_office_issued ON tickets(office_id, issued_at);
CREATE INDEX tickets_parent ON tickets(parent_ticket_id) WHERE parent_ticket_id IS NOT NULL;

-- Append-only log of every state change of a ticket, with who did it.
CREATE TABLE ticket_events (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ticket_id   TEXT NOT NULL REFERENCES tickets(id),
  office_id   TEXT NOT NULL REFERENCES offices(id),
  type        TEXT NOT NULL,
  at          BIGINT NOT NULL,
  actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('user', 'device', 'system')),
  actor_id    TEXT,
  counter_id  TEXT,
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_office_at ON ticket_events(office_id, at);
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION refuse_update();

-- Who changed what, and every call of a chosen ticket with its reason.
CREATE TABLE audit_log (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  office_id   TEXT NOT NULL,
  at          BIGINT NOT NULL,
  user_id     TEXT,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   TEXT,
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_office_at ON audit_log(office_id, at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_update();

-- Ticket printers.
CREATE TABLE printers (
  id                   TEXT PRIMARY KEY,
  office_id            TEXT NOT NULL REFERENCES offices(id),
  name                 TEXT NOT NULL,
  connection           TEXT NOT NULL,
  code_page            TEXT NOT NULL,
  paper_width          INTEGER NOT NULL CHECK (paper_width IN (58, 80)),
  cyrillic             TEXT NOT NULL DEFAULT 'raster',
  cut                  TEXT NOT NULL DEFAULT 'full',
  max_job_age_seconds  INTEGER NOT NULL DEFAULT 30,
  status               TEXT NOT NULL DEFAULT 'no_answer',
  status_at            BIGINT,
  created_at           BIGINT NOT NULL,
  updated_at           BIGINT NOT NULL
);

-- Retention: ticket records older than RETENTION_DAYS are folded into these daily aggregates and
-- deleted; reports over those days read the aggregates (server/src/modules/reports/).

-- A service day of an office whose tickets have been folded.
CREATE TABLE report_days (
  office_id    TEXT NOT NULL REFERENCES offices(id),
  service_day  TEXT NOT NULL,
  folded_at    BIGINT NOT NULL,
  PRIMARY KEY (office_id, service_day)
);

-- One row per (day, category, counter, clerk, class): counts and the raw wait and service
-- seconds, so medians and percentiles over any range stay exact. No personal data.
CREATE TABLE report_day_groups (
  id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  office_id        TEXT NOT NULL REFERENCES offices(id),
  service_day      TEXT NOT NULL,
  category_id      TEXT NOT NULL,
  counter_id       TEXT,
  clerk_user_id    TEXT,
  priority         INTEGER NOT NULL CHECK (priority IN (0, 1)),
  issued           INTEGER NOT NULL,
  served           INTEGER NOT NULL,
  no_show          INTEGER NOT NULL,
  transferred      INTEGER NOT NULL,
  cancelled        INTEGER NOT NULL,
  over_max_wait    INTEGER NOT NULL,
  wait_seconds     TEXT NOT NULL,   -- JSON array of whole seconds
  service_seconds  TEXT NOT NULL,   -- JSON array of whole seconds
  arrivals_by_hour TEXT NOT NULL    -- JSON array of 24 counts
);
CREATE INDEX report_day_groups_day ON report_day_groups(office_id, service_day);

-- Idempotency keys: the answer to a kiosk's or a clerk's action, stored in the same transaction as
-- the action (docs/decisions/0011-idempotency-keys.md).
CREATE TABLE idempotency_keys (
  scope        TEXT NOT NULL,     -- who sent it: device:<id> or user:<id>
  key          TEXT NOT NULL,     -- the Idempotency-Key header as sent
  route        TEXT NOT NULL,     -- method and path, e.g. POST /api/counters/<id>/next
  body_hash    TEXT NOT NULL,     -- SHA-256 of the request body in canonical JSON
  status       INTEGER NOT NULL,
  response     TEXT NOT NULL,     -- the answer's JSON body
  created_at   BIGINT NOT NULL,   -- ms since the epoch; kept for 24 hours
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- A pairing link carries a one-time code that expires (docs/decisions/0015-pairing-links.md),
-- stored only as a hash.
CREATE TABLE device_pairing_codes (
  code_hash   TEXT PRIMARY KEY,
  device_id   TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  created_by  TEXT,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  used_at     BIGINT
);
CREATE INDEX device_pairing_codes_device ON device_pairing_codes(device_id);
