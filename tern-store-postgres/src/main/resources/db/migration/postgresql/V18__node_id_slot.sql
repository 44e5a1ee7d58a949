-- Each live node holds a slot, 0..63, written into the message ids it makes (MessageIds: 44 bits of
-- milliseconds, 6 bits of slot, 14 bits of counter), so that two nodes making an id in the same
-- millisecond make different ones. Taken when the node joins (the lowest free one, under an
-- advisory lock), freed when it leaves; the slot of a node not heard from for the node timeout
-- may be taken by a joining node.
ALTER TABLE cluster_node ADD COLUMN id_slot SMALLINT;
CREATE UNIQUE INDEX cluster_node_id_slot ON cluster_node (id_slot);
