-- Bookings, continued (docs/decisions/0033-bookings.md, addenda): an office's booking portal signs
-- in as a paired device of its own kind, and a category's bookings have a secret calendar feed
-- address that a calendar application reads without a session.

-- SQLite cannot change a CHECK in place: the devices table is made again with 'portal' among its
-- kinds. Dropping it would delete the pairing codes, the print jobs and the kiosks' wrong-code
-- pauses (ON DELETE CASCADE) and trip the references of tickets and printers, so all wait: the
-- rows are copied aside and back, and the references are checked at commit, when every device is
-- back under its id.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE devices_before AS SELECT * FROM devices;
CREATE TEMP TABLE device_pairing_codes_before AS SELECT * FROM device_pairing_codes;
CREATE TEMP TABLE print_jobs_before AS SELECT * FROM print_jobs;
CREATE TEMP TABLE check_in_pauses_before AS SELECT * FROM check_in_pauses;
DROP TABLE devices;
CREATE TABLE devices (
  id            TEXT PRIMARY KEY,
  office_id     TEXT NOT NULL REFERENCES offices(id),
  kind          TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'print-agent', 'feedback', 'portal')),
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
INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at, counter_id)
  SELECT id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at, counter_id
    FROM temp.devices_before;
DELETE FROM device_pairing_codes;
INSERT INTO device_pairing_codes SELECT * FROM temp.device_pairing_codes_before;
DELETE FROM print_jobs;
INSERT INTO print_jobs SELECT * FROM temp.print_jobs_before;
DELETE FROM check_in_pauses;
INSERT INTO check_in_pauses SELECT * FROM temp.check_in_pauses_before;
DROP TABLE temp.devices_before;
DROP TABLE temp.device_pairing_codes_before;
DROP TABLE temp.print_jobs_before;
DROP TABLE temp.check_in_pauses_before;

-- A category's calendar feed: the SHA-256 of the secret in its address (the address itself is shown
-- once, when a supervisor makes it). Making a new one replaces the old, whose address stops working.
CREATE TABLE booking_feeds (
  category_id  TEXT PRIMARY KEY REFERENCES categories(id) ON DELETE CASCADE,
  office_id    TEXT NOT NULL REFERENCES offices(id),
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL
);
