-- Ticket printers, display settings, and the PJM interpreter request on a ticket.

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
  status_at            INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);

-- JSON DisplaySettings of a display device (NULL: defaults).
ALTER TABLE devices ADD COLUMN settings TEXT;

ALTER TABLE tickets ADD COLUMN interpreter_requested INTEGER NOT NULL DEFAULT 0;
