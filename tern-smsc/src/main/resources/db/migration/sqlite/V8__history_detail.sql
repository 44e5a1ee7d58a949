-- A line of text with the history entries that need one (HistoryEntry.detail): the sender-ID rule
-- that rewrote a message's source address at submission (event SENDER_REWRITTEN, written with the
-- message) and the reason of a permanent failure (e.g. a character the destination's encoding
-- lacks). A column, not a table: the entries are history rows already, and NULL costs nothing.
ALTER TABLE attempt ADD COLUMN detail TEXT;
