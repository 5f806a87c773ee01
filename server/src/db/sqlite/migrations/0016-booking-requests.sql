-- Bookings confirmed by e-mail: a request holds the slot asked for and the hash of the 6-digit
-- code e-mailed to the booker, until it is confirmed (then it becomes a booking and is deleted),
-- mistyped five times or expired. Nothing about the person beyond the address the code went to.
CREATE TABLE booking_requests (
  id           TEXT PRIMARY KEY,
  office_id    TEXT NOT NULL REFERENCES offices(id),
  category_id  TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  slot_at      INTEGER NOT NULL,
  contact      TEXT NOT NULL,
  language     TEXT NOT NULL CHECK (language IN ('pl', 'en', 'uk')),
  code_hash    TEXT NOT NULL,
  tries        INTEGER NOT NULL DEFAULT 0,
  expires_at   INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX booking_requests_expiry ON booking_requests(expires_at);
