-- Bookings, continued (docs/decisions/0033-bookings.md, addenda): the kiosk's wrong-code pause held
-- in the database, the bookings' figures kept when a day is folded, and the office's check-in by
-- phone number.

-- A kiosk's unknown check-in codes in a row, and until when it is slowed down: in the database, so
-- that every node of a central installation slows the same kiosk (not one process's memory).
CREATE TABLE check_in_pauses (
  device_id     TEXT PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
  wrong_codes   INTEGER NOT NULL DEFAULT 0 CHECK (wrong_codes >= 0),
  paused_until  INTEGER NOT NULL DEFAULT 0
);

-- A folded day's bookings per category: counts and the raw seconds from each checked-in client's
-- slot to their first call (negative when called before the slot), so that the mean and the
-- percentiles over any range stay exact after the tickets and bookings of the day are deleted.
CREATE TABLE report_day_bookings (
  office_id             TEXT NOT NULL REFERENCES offices(id),
  service_day           TEXT NOT NULL,
  category_id           TEXT NOT NULL,
  booked                INTEGER NOT NULL,
  checked_in            INTEGER NOT NULL,
  no_show               INTEGER NOT NULL,
  slot_to_call_seconds  TEXT NOT NULL,   -- JSON array of whole seconds
  PRIMARY KEY (office_id, service_day, category_id)
);

-- The office's booking rules that are not a category's: whether a client may check in at the kiosk
-- with the phone number given when booking, instead of the code.
CREATE TABLE booking_office_settings (
  office_id       TEXT PRIMARY KEY REFERENCES offices(id) ON DELETE CASCADE,
  phone_check_in  INTEGER NOT NULL DEFAULT 0 CHECK (phone_check_in IN (0, 1))
);
