-- The forward link moves onto the message row (docs/architecture.md, "Upstream connectors"): a
-- forward is then one UPDATE of the row it changes anyway, where it was a row in upstream_link
-- (three b-trees) and a FORWARDED history row (two more); forwarded_at is that history entry.
-- The partial index costs messages that never leave through a connector nothing.
ALTER TABLE message ADD COLUMN upstream TEXT;
ALTER TABLE message ADD COLUMN upstream_id TEXT;
ALTER TABLE message ADD COLUMN forwarded_at INTEGER;

-- Links written before: their FORWARDED history rows stay, forwarded_at stays NULL.
UPDATE message SET upstream = l.upstream, upstream_id = l.upstream_id
  FROM upstream_link l WHERE l.message_id = message.id;
DROP TABLE upstream_link;

-- A receipt is matched by (connector, canonical id). Not UNIQUE: an upstream may reuse ids after
-- a wrap-around; the newest forward wins (ORDER BY forwarded_at DESC in the match).
CREATE INDEX message_upstream ON message (upstream, upstream_id) WHERE upstream_id IS NOT NULL;
