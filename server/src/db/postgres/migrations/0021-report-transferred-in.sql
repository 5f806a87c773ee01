-- Reports count a transferred client as a client of each category and counter they were at
-- (docs/decisions/0043-report-transferred-clients.md): a day's groups keep how many of their legs
-- came by a transfer. Days folded before this count none.
ALTER TABLE report_day_groups ADD COLUMN transferred_in INTEGER NOT NULL DEFAULT 0;
