-- The booked tickets waiting in a category, which the queue policy reads whole beside the heads of
-- each class of walk-ins: a seek in their own small index instead of a walk over every ticket
-- waiting in the category (docs/decisions/0002-call-next-reads-class-heads.md).
CREATE INDEX tickets_waiting_booked ON tickets(category_id, queued_at, id)
  WHERE state = 'waiting' AND target_counter_id IS NULL AND booked = 1;
