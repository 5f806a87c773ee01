-- One priority weight per office (docs/decisions/0014-one-priority-weight.md). A weight per
-- priority group let anyone who saw a ticket's weight tell which group its client declared.

ALTER TABLE office_settings
  ADD COLUMN priority_weight REAL NOT NULL DEFAULT 4 CHECK (priority_weight >= 1 AND priority_weight <= 10);

-- The office keeps the strongest weight it gave an active group (its groups were usually equal).
UPDATE office_settings
   SET priority_weight = COALESCE(
     (SELECT max(g.weight) FROM priority_groups g WHERE g.office_id = office_settings.office_id AND g.active = 1),
     4);

-- Where an office's groups had different weights, the policy's reasons of past calls name them
-- (weight and score): drop those sentences; the rule of each call stays in its event.
UPDATE tickets SET call_reason = NULL
 WHERE office_id IN (SELECT office_id FROM priority_groups GROUP BY office_id HAVING count(DISTINCT weight) > 1);
-- The event log is append-only; this one correction is made with its guard lifted, in this
-- migration's transaction.
DROP TRIGGER ticket_events_append_only;
UPDATE ticket_events SET data = json_remove(data, '$.reason')
 WHERE type = 'called'
   AND office_id IN (SELECT office_id FROM priority_groups GROUP BY office_id HAVING count(DISTINCT weight) > 1);
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE ON ticket_events
BEGIN
  SELECT RAISE(ABORT, 'ticket_events is append-only');
END;
-- Answers kept for retries (24 hours) hold those reasons and weights too.
DELETE FROM idempotency_keys
 WHERE route LIKE 'POST /api/counters/%'
   AND EXISTS (SELECT 1 FROM priority_groups GROUP BY office_id HAVING count(DISTINCT weight) > 1);

-- Every priority ticket, past ones included, carries the office's one weight.
UPDATE tickets
   SET priority_weight = (SELECT s.priority_weight FROM office_settings s WHERE s.office_id = tickets.office_id)
 WHERE priority_weight > 1;

ALTER TABLE priority_groups DROP COLUMN weight;
