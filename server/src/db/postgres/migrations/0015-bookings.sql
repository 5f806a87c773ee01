-- Bookings: citizens book a slot, check in at the kiosk, and wait beside walk-ins fairly.
-- The same tables, columns, keys and rules as SQLite's 0015.
-- How a category takes bookings (docs/decisions/0033-bookings.md); a category without a row takes
-- none. Slots of `slot_minutes` inside the category's opening hours, `per_slot` clients each, from
-- `days_from` to `days_ahead` days ahead; `walk_in_percent` of the slots stay for walk-ins. A booked
-- ticket's wait counts from its slot with `weight` and `max_wait_minutes` of its own; the kiosk
-- checks a booking in from `check_in_before` minutes before its slot to `check_in_after` after.
CREATE TABLE booking_settings (
  category_id       TEXT PRIMARY KEY REFERENCES categories(id) ON DELETE CASCADE,
  office_id         TEXT NOT NULL REFERENCES offices(id),
  enabled           INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  slot_minutes      INTEGER NOT NULL DEFAULT 15 CHECK (slot_minutes BETWEEN 5 AND 240),
  per_slot          INTEGER NOT NULL DEFAULT 1 CHECK (per_slot BETWEEN 1 AND 50),
  days_from         INTEGER NOT NULL DEFAULT 1 CHECK (days_from BETWEEN 0 AND 60),
  days_ahead        INTEGER NOT NULL DEFAULT 14 CHECK (days_ahead BETWEEN 0 AND 365 AND days_ahead >= days_from),
  walk_in_percent   INTEGER NOT NULL DEFAULT 50 CHECK (walk_in_percent BETWEEN 0 AND 100),
  weight            INTEGER NOT NULL DEFAULT 3 CHECK (weight BETWEEN 1 AND 10),
  max_wait_minutes  INTEGER NOT NULL DEFAULT 5 CHECK (max_wait_minutes BETWEEN 1 AND 120),
  check_in_before   INTEGER NOT NULL DEFAULT 30 CHECK (check_in_before BETWEEN 0 AND 240),
  check_in_after    INTEGER NOT NULL DEFAULT 5 CHECK (check_in_after BETWEEN 0 AND 60),
  contact_required  INTEGER NOT NULL DEFAULT 0 CHECK (contact_required IN (0, 1))
);

-- One booked visit. `code` is the 6 digits the client types at the kiosk, unique among the office's
-- live bookings; `portal_id` the id an office's own booking portal gave it, unique per office.
-- `contact` (an e-mail address or a phone number) is optional; nothing else about the person.
-- A no-show's or a cancelled booking's slot is not offered again (counted as taken that day).
CREATE TABLE bookings (
  id             TEXT PRIMARY KEY,
  office_id      TEXT NOT NULL REFERENCES offices(id),
  category_id    TEXT NOT NULL REFERENCES categories(id),
  code           TEXT NOT NULL CHECK (length(code) = 6),
  service_day    TEXT NOT NULL,
  slot_at        BIGINT NOT NULL,
  slot_minutes   INTEGER NOT NULL,
  contact        TEXT,
  language       TEXT NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'en', 'uk')),
  portal_id      TEXT,
  source         TEXT NOT NULL CHECK (source IN ('public', 'portal')),
  status         TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'no_show', 'cancelled')),
  ticket_id      TEXT,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  checked_in_at  BIGINT,
  cancelled_at   BIGINT
);
CREATE UNIQUE INDEX bookings_live_code ON bookings(office_id, code) WHERE status = 'booked';
CREATE UNIQUE INDEX bookings_portal_id ON bookings(office_id, portal_id) WHERE portal_id IS NOT NULL;
CREATE INDEX bookings_slots ON bookings(category_id, service_day, slot_at);
CREATE INDEX bookings_open ON bookings(office_id, slot_at) WHERE status = 'booked';

-- A ticket a booking was checked in for: it waits from its slot (`queued_at`), by the booked rules.
ALTER TABLE tickets ADD COLUMN booked INTEGER NOT NULL DEFAULT 0 CHECK (booked IN (0, 1));
