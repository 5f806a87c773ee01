-- Idempotency keys: the answer to a kiosk's or a clerk's action, stored in the same transaction as
-- the action, so a retry of the same request gets that answer again instead of acting twice
-- (server/src/modules/idempotency/, docs/decisions/0011-idempotency-keys.md).
CREATE TABLE idempotency_keys (
  scope        TEXT NOT NULL,     -- who sent it: device:<id> or user:<id>
  key          TEXT NOT NULL,     -- the Idempotency-Key header as sent
  route        TEXT NOT NULL,     -- method and path, e.g. POST /api/counters/<id>/next
  body_hash    TEXT NOT NULL,     -- SHA-256 of the request body in canonical JSON
  status       INTEGER NOT NULL,
  response     TEXT NOT NULL,     -- the answer's JSON body
  created_at   INTEGER NOT NULL,  -- ms since the epoch; kept for 24 hours
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
