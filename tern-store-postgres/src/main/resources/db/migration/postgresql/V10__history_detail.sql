-- The same as SQLite's V8: a line of text with the history entries that need one (the sender-ID
-- rule applied at submission, the reason of a permanent failure).
ALTER TABLE attempt ADD COLUMN detail TEXT;
