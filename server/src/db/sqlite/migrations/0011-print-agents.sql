-- Print agents (docs/decisions/0019-print-agent.md): a device of kind 'print-agent' connects out
-- to the server and drives printers of its office's network; the server keeps their jobs here.

-- SQLite cannot change a CHECK in place: the devices table is made again with 'print-agent' among
-- its kinds. Dropping it would delete the pairing codes (ON DELETE CASCADE) and trip the tickets'
-- reference, so both wait: the codes are copied aside and back, and the reference is checked at
-- commit, when every device is back under its id.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE devices_before AS SELECT * FROM devices;
CREATE TEMP TABLE device_pairing_codes_before AS SELECT * FROM device_pairing_codes;
DROP TABLE devices;
CREATE TABLE devices (
  id            TEXT PRIMARY KEY,
  office_id     TEXT NOT NULL REFERENCES offices(id),
  kind          TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'print-agent')),
  name          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  printer_id    TEXT,
  revoked_at    INTEGER,
  last_seen_at  INTEGER,
  created_at    INTEGER NOT NULL,
  settings      TEXT,
  paired_at     INTEGER
);
INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at)
  SELECT id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at
    FROM temp.devices_before;
DELETE FROM device_pairing_codes;
INSERT INTO device_pairing_codes SELECT * FROM temp.device_pairing_codes_before;
DROP TABLE temp.devices_before;
DROP TABLE temp.device_pairing_codes_before;

-- The print agent that drives a printer (NULL: the server drives it). Its connection is then an
-- address the agent opens on the office's network.
ALTER TABLE printers ADD COLUMN agent_id TEXT REFERENCES devices(id);

-- One row per print through an agent. Any server process may add, send or settle a job; the job's
-- state moves only forward (pending → sent → printed | failed | expired), so a job is printed at
-- most once whichever process sent it, and never after expires_at (created_at plus the printer's
-- maximum job age). `job` is the printed ticket (JSON): its code, category and office, never who
-- took it or whether they declared a priority.
CREATE TABLE print_jobs (
  id          TEXT PRIMARY KEY,
  office_id   TEXT NOT NULL REFERENCES offices(id),
  printer_id  TEXT NOT NULL REFERENCES printers(id) ON DELETE CASCADE,
  agent_id    TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  ticket_id   TEXT,
  job         TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'printed', 'failed', 'expired')),
  reason      TEXT,
  uncertain   INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
  updated_at  INTEGER NOT NULL
);
CREATE INDEX print_jobs_agent_state ON print_jobs(agent_id, state);
CREATE INDEX print_jobs_ticket ON print_jobs(ticket_id);
CREATE INDEX print_jobs_state_expires ON print_jobs(state, expires_at);
