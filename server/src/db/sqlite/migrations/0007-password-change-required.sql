-- An account whose password was generated (the sample clerks, an administrator without
-- ADMIN_PASSWORD) or set by someone else (created or reset in the console) must have a new
-- password chosen by its own user before it may do anything else. Accounts that exist already
-- are left as they are: nothing tells whose password was chosen by whom.

ALTER TABLE users
  ADD COLUMN password_change_required INTEGER NOT NULL DEFAULT 0 CHECK (password_change_required IN (0, 1));
