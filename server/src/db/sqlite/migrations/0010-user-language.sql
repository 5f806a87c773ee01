-- The language each user chose for the clerk panel and the console, remembered across
-- computers. Everyone starts in Polish, the office's language.

ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'en', 'uk'));
