-- Records (docs/operations.md#call-detail-records): an outbox of final outcomes. While CDRs are on
-- (MessageStore.keepFinalOutcomes), the store's statements that make a message final add a row here
-- in the same transaction, so a CDR can be written after that commit and none is missed across a
-- crash; the CDR writer deletes the rows it has written (and synced). Purges keep the messages rows
-- here still name. No trigger: any trigger on message costs every update of it (docs/PERFORMANCE.md).
-- V12 in both dialects: the first number free in both.
CREATE TABLE cdr_outbox (
    seq        INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL
);
