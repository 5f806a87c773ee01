-- A central administrator serves the whole installation, not an office: creates offices and their
-- administrators and reads reports across offices (docs/decisions/0020-offices-and-central-administration.md).
-- The account keeps `role = 'admin'` and the office it was made in, because both columns must be
-- filled; neither gives it anything in that office: the server treats it as the central role only.
ALTER TABLE users
  ADD COLUMN central INTEGER NOT NULL DEFAULT 0 CHECK (central IN (0, 1)) CHECK (central = 0 OR role = 'admin');
