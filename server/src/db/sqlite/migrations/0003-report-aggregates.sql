-- Retention: ticket records older than RETENTION_DAYS are folded into these daily aggregates and
-- deleted; reports over those days read the aggregates (server/src/modules/reports/).

-- A service day of an office whose tickets have been folded.
CREATE TABLE report_days (
  office_id    TEXT NOT NULL REFERENCES offices(id),
  service_day  TEXT NOT NULL,
  folded_at    INTEGER NOT NULL,
  PRIMARY KEY (office_id, service_day)
) WITHOUT ROWID;

-- One row per (day, category, counter, clerk, class): counts and the raw wait and service
-- seconds, so medians and percentiles over any range stay exact. No personal data: no ticket
-- ids, numbers, notes or times of day beyond the hour of arrival.
CREATE TABLE report_day_groups (
  id               INTEGER PRIMARY KEY,
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
