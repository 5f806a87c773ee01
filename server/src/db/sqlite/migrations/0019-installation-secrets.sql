-- Secrets the whole installation shares (decision 0037): every node of a central installation
-- must reach the same answer from them, so they live with the data rather than in one process.
-- `value` is base64url; a row is written once, by whichever node first needs it, and never changes.
CREATE TABLE installation_secrets (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
