-- The expiry sweep only ever looks at pending messages (state 0 or 1), but message_expiry indexed
-- every message by (state, expiry_time): each outcome moved its entry (a delete and an insert) and
-- final messages kept theirs for the whole retention period. Pending messages only now: a final
-- outcome just removes the entry, and the index stays the size of the queue.
DROP INDEX message_expiry;
CREATE INDEX message_expiry ON message (expiry_time) WHERE state IN (0, 1);

-- The periodic sweep for rows whose state is not a message_state (damaged by hand or by disk; see
-- SqliteMessageStore.quarantineUnknownStates) used the old index's leading column. It gets its own
-- partial index, empty while every row is sound, so it costs nothing on writes. The condition must
-- match that query's text for the planner to use it: 8 is MessageState.REJECTED, the highest code.
CREATE INDEX message_unknown_state ON message (state) WHERE state < 0 OR state > 8;
