-- The visit survey (docs/decisions/0030-visit-survey.md): feedback tablets beside the counters,
-- the office's survey settings, one answer per visit and nothing that ties an answer to its ticket.

-- SQLite cannot change a CHECK in place: the devices table is made again with 'feedback' among its
-- kinds and the counter a feedback tablet stands beside. Dropping it would delete the pairing codes
-- and the print jobs (ON DELETE CASCADE) and trip the references of tickets and printers, so all
-- wait: the codes and jobs are copied aside and back, and the references are checked at commit,
-- when every device is back under its id.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE devices_before AS SELECT * FROM devices;
CREATE TEMP TABLE device_pairing_codes_before AS SELECT * FROM device_pairing_codes;
CREATE TEMP TABLE print_jobs_before AS SELECT * FROM print_jobs;
DROP TABLE devices;
CREATE TABLE devices (
  id            TEXT PRIMARY KEY,
  office_id     TEXT NOT NULL REFERENCES offices(id),
  kind          TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'print-agent', 'feedback')),
  name          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  printer_id    TEXT,
  revoked_at    INTEGER,
  last_seen_at  INTEGER,
  created_at    INTEGER NOT NULL,
  settings      TEXT,
  paired_at     INTEGER,
  -- The counter a feedback tablet stands beside (NULL: none yet, or another kind of device).
  counter_id    TEXT REFERENCES counters(id) ON DELETE SET NULL
);
INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at)
  SELECT id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at
    FROM temp.devices_before;
DELETE FROM device_pairing_codes;
INSERT INTO device_pairing_codes SELECT * FROM temp.device_pairing_codes_before;
DELETE FROM print_jobs;
INSERT INTO print_jobs SELECT * FROM temp.print_jobs_before;
DROP TABLE temp.devices_before;
DROP TABLE temp.device_pairing_codes_before;
DROP TABLE temp.print_jobs_before;

-- Whether the visit that began with this ticket has been answered: the only trace of an answer on
-- the ticket, and no more than that (the answer itself is not linked to it).
ALTER TABLE tickets ADD COLUMN survey_answered INTEGER NOT NULL DEFAULT 0 CHECK (survey_answered IN (0, 1));

-- An office's survey; an office without a row has the defaults (on, both places, no per-clerk lines).
CREATE TABLE survey_settings (
  office_id  TEXT PRIMARY KEY REFERENCES offices(id) ON DELETE CASCADE,
  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  tablet     INTEGER NOT NULL DEFAULT 1 CHECK (tablet IN (0, 1)),
  phone      INTEGER NOT NULL DEFAULT 1 CHECK (phone IN (0, 1)),
  per_clerk  INTEGER NOT NULL DEFAULT 0 CHECK (per_clerk IN (0, 1))
);

-- One row per answered visit. No ticket id, number, time of day finer than the hour, exact wait or
-- priority: the visit's service day and local hour, where it ended (category, counter, clerk), its
-- wait as a band and its transfers (2: two or more), then where and what was answered.
CREATE TABLE survey_answers (
  id             INTEGER PRIMARY KEY,
  office_id      TEXT NOT NULL REFERENCES offices(id),
  service_day    TEXT NOT NULL,
  hour           INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  category_id    TEXT NOT NULL,
  counter_id     TEXT,
  clerk_user_id  TEXT,
  wait_band      TEXT NOT NULL CHECK (wait_band IN ('0-10', '10-20', '20-30', '30-60', '60+')),
  transfers      INTEGER NOT NULL CHECK (transfers BETWEEN 0 AND 2),
  channel        TEXT NOT NULL CHECK (channel IN ('tablet', 'phone')),
  score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  reason         TEXT CHECK (reason IS NULL OR (score <= 2 AND reason IN ('wait', 'information', 'manner', 'other')))
);
CREATE INDEX survey_answers_day ON survey_answers(office_id, service_day);
