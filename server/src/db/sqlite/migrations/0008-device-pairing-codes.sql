-- A pairing link carries a one-time code that expires, not the device's token
-- (docs/decisions/0015-pairing-links.md). Codes are stored only as hashes, like tokens; a used or
-- expired code is kept so that the device can say which it was.
CREATE TABLE device_pairing_codes (
  code_hash   TEXT PRIMARY KEY,
  device_id   TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  created_by  TEXT,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX device_pairing_codes_device ON device_pairing_codes(device_id);

-- When the device last used a pairing link. A device made before links expired got its token
-- when it was created.
ALTER TABLE devices ADD COLUMN paired_at INTEGER;
UPDATE devices SET paired_at = created_at;
