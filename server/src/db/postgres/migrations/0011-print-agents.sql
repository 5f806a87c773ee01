-- Print agents (docs/decisions/0019-print-agent.md): a device of kind 'print-agent' connects out
-- to the server and drives printers of its office's network; the server keeps their jobs here.
-- The same tables, columns, keys and rules as SQLite's 0011.

ALTER TABLE devices DROP CONSTRAINT devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check CHECK (kind IN ('kiosk', 'display', 'print-agent'));

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
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'printed', 'failed', 'expired')),
  reason      TEXT,
  uncertain   INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
  updated_at  BIGINT NOT NULL
);
CREATE INDEX print_jobs_agent_state ON print_jobs(agent_id, state);
CREATE INDEX print_jobs_ticket ON print_jobs(ticket_id);
CREATE INDEX print_jobs_state_expires ON print_jobs(state, expires_at);
