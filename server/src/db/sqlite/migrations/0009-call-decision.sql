-- Why a ticket was called, as data (the protocol's CallDecision, JSON), so that its record reads
-- right in any language, later as well. `call_reason` keeps the English sentence for the API's
-- integrators. Tickets called before this migration keep null: only their English text exists.

ALTER TABLE tickets ADD COLUMN call_decision TEXT CHECK (call_decision IS NULL OR json_valid(call_decision));
