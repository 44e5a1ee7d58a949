-- PostgreSQL only (SQLite has one node per database, so its leases need no owner): the node_id of
-- the node holding each lease, so that a node starting up releases its own leases (a crash left
-- them) and nobody else's. A lease with no node (none, or written before this version) counts as
-- the releasing node's. The next migration shared by both dialects is V6 in both (V5 is PostgreSQL only too).
ALTER TABLE message ADD COLUMN lease_node TEXT, ADD COLUMN receipt_lease_node TEXT;
ALTER TABLE quarantine ADD COLUMN lease_node TEXT, ADD COLUMN receipt_lease_node TEXT;
