-- Several nodes on one database (docs/decisions/0021-several-nodes.md).
--
-- Each office's facts are numbered in one stream: a change that other nodes must hear takes the
-- office's next numbers here, in its own transaction. One process (SQLite) publishes them itself
-- after the commit; on PostgreSQL they are also written to `outbox`, which every node reads.
CREATE TABLE office_streams (
  office_id  TEXT PRIMARY KEY,
  seq        BIGINT NOT NULL
);

-- Facts for the other nodes, in each office's order; kept for an hour.
CREATE TABLE outbox (
  office_id  TEXT NOT NULL,
  seq        BIGINT NOT NULL,
  name       TEXT NOT NULL,       -- a domain event, e.g. ticket.called
  payload    TEXT NOT NULL,       -- its JSON
  node       TEXT NOT NULL,       -- the node whose write it came from
  at         BIGINT NOT NULL,     -- ms since the epoch
  PRIMARY KEY (office_id, seq)
);
CREATE INDEX outbox_at ON outbox(at);

-- Request limits shared by every node (sign-in and issuing), one row per key and window.
CREATE TABLE rate_limits (
  key           TEXT PRIMARY KEY,
  window_start  BIGINT  NOT NULL,  -- ms since the epoch
  count         INTEGER NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits(window_start);
