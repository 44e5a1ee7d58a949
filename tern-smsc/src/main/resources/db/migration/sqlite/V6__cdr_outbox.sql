-- Records (docs/operations.md#call-detail-records): an outbox of final outcomes. While CDRs are on,
-- the triggers of MessageStore.keepFinalOutcomes add a row here in the same transaction that makes
-- a message final, so a CDR can be written after that commit and none is missed across a crash; the
-- CDR writer deletes the rows it has written (and synced). Rows name messages that purges keep
-- until their CDR is written.
CREATE TABLE cdr_outbox (
    seq        INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL
);
