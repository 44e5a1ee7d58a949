-- SQLite's V2 made message_expiry partial (done in V1 here) and gave the sweep for rows whose
-- state is not a message_state its own partial index, empty while every row is sound. The
-- condition must match the query's text (PostgresMessageStore.UNKNOWN_STATE_SWEEP): 8 is
-- MessageState.REJECTED, the highest code.
CREATE INDEX message_unknown_state ON message (state) WHERE state < 0 OR state > 8;
