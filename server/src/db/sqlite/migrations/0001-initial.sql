-- Numerek schema, version 1. Times are epoch milliseconds; ids are random URL-safe strings.

CREATE TABLE offices (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  time_zone   TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

-- The office's priority policy (one row per office).
CREATE TABLE office_settings (
  office_id                 TEXT PRIMARY KEY REFERENCES offices(id) ON DELETE CASCADE,
  consecutive_priority_cap  INTEGER,
  strict_priority           INTEGER NOT NULL DEFAULT 0 CHECK (strict_priority IN (0, 1))
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
  created_at                 INTEGER NOT NULL,
  updated_at                 INTEGER NOT NULL,
  UNIQUE (office_id, prefix)
);

CREATE TABLE priority_groups (
  id             TEXT PRIMARY KEY,
  office_id      TEXT NOT NULL REFERENCES offices(id),
  names          TEXT NOT NULL,
  pictogram      TEXT NOT NULL DEFAULT 'priority',
  weight         REAL NOT NULL CHECK (weight >= 1),
  legal_basis    TEXT NOT NULL DEFAULT '',
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  display_order  INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  office_id      TEXT NOT NULL REFERENCES offices(id),
  username       TEXT NOT NULL UNIQUE,
  display_name   TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
  password_hash  TEXT NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

-- Login sessions: only the token's hash is stored.
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE devices (
  id            TEXT PRIMARY KEY,
  office_id     TEXT NOT NULL REFERENCES offices(id),
  kind          TEXT NOT NULL CHECK (kind IN ('kiosk', 'display')),
  name          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  printer_id    TEXT,
  revoked_at    INTEGER,
  last_seen_at  INTEGER,
  created_at    INTEGER NOT NULL
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
  state_since                 INTEGER,
  created_at                  INTEGER NOT NULL,
  updated_at                  INTEGER NOT NULL,
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
  opened_at             INTEGER NOT NULL,
  closed_at             INTEGER
);
CREATE INDEX counter_sessions_counter ON counter_sessions(counter_id, opened_at);

CREATE TABLE counter_pauses (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES counter_sessions(id) ON DELETE CASCADE,
  reason      TEXT NOT NULL CHECK (reason IN ('break', 'back_office', 'end_of_day')),
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER
);

-- Per category per service day: the last number handed out. Allocated inside the issuing transaction.
CREATE TABLE ticket_series (
  category_id  TEXT NOT NULL REFERENCES categories(id),
  service_day  TEXT NOT NULL,
  last_number  INTEGER NOT NULL,
  PRIMARY KEY (category_id, service_day)
) WITHOUT ROWID;

CREATE TABLE tickets (
  id                  TEXT PRIMARY KEY,
  office_id           TEXT NOT NULL REFERENCES offices(id),
  category_id         TEXT NOT NULL REFERENCES categories(id),
  service_day         TEXT NOT NULL,
  number              INTEGER NOT NULL,
  code                TEXT NOT NULL,
  -- 1 for a regular ticket; the priority group's weight otherwise. Never the group itself.
  priority_weight     REAL NOT NULL DEFAULT 1,
  state               TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'finished', 'no_show', 'transferred', 'cancelled')),
  counter_id          TEXT REFERENCES counters(id),
  clerk_user_id       TEXT REFERENCES users(id),
  target_counter_id   TEXT REFERENCES counters(id),
  parent_ticket_id    TEXT REFERENCES tickets(id),
  note                TEXT,
  language            TEXT NOT NULL DEFAULT 'pl',
  issued_at           INTEGER NOT NULL,
  -- place in the queue: the original issue time, kept across transfers
  queued_at           INTEGER NOT NULL,
  called_at           INTEGER,
  started_at          INTEGER,
  finished_at         INTEGER,
  recall_count        INTEGER NOT NULL DEFAULT 0,
  call_reason         TEXT,
  estimate_min        INTEGER NOT NULL,
  estimate_max        INTEGER NOT NULL,
  issued_by_device_id TEXT REFERENCES devices(id),
  issued_by_user_id   TEXT REFERENCES users(id)
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
  id          INTEGER PRIMARY KEY,
  ticket_id   TEXT NOT NULL REFERENCES tickets(id),
  office_id   TEXT NOT NULL REFERENCES offices(id),
  type        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('user', 'device', 'system')),
  actor_id    TEXT,
  counter_id  TEXT,
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_office_at ON ticket_events(office_id, at);
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE ON ticket_events
BEGIN
  SELECT RAISE(ABORT, 'ticket_events is append-only');
END;

-- Who changed what, and every call of a chosen ticket with its reason.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  office_id   TEXT NOT NULL,
  at          INTEGER NOT NULL,
  user_id     TEXT,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   TEXT,
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_office_at ON audit_log(office_id, at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
