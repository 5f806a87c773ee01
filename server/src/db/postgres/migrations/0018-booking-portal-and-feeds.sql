-- Bookings, continued (docs/decisions/0033-bookings.md, addenda): an office's booking portal signs
-- in as a paired device of its own kind, and a category's bookings have a secret calendar feed
-- address that a calendar application reads without a session.
-- The same tables, columns, keys and rules as SQLite's 0018.

ALTER TABLE devices DROP CONSTRAINT devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check CHECK (kind IN ('kiosk', 'display', 'print-agent', 'feedback', 'portal'));

-- A category's calendar feed: the SHA-256 of the secret in its address (the address itself is shown
-- once, when a supervisor makes it). Making a new one replaces the old, whose address stops working.
CREATE TABLE booking_feeds (
  category_id  TEXT PRIMARY KEY REFERENCES categories(id) ON DELETE CASCADE,
  office_id    TEXT NOT NULL REFERENCES offices(id),
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL
);
