-- The HTTP API (docs/http-api.md): a message may carry the URL its final outcome is POSTed to and
-- the client's own reference, both kept with the message so that they survive a crash. NULL for
-- messages that came over SMPP. The quarantine keeps them too (rows are copied by column name).
ALTER TABLE message ADD COLUMN callback_url TEXT;
ALTER TABLE message ADD COLUMN client_ref TEXT;
ALTER TABLE quarantine ADD COLUMN callback_url;
ALTER TABLE quarantine ADD COLUMN client_ref;
