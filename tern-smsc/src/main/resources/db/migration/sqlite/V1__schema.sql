-- Tern message store, SQLite dialect. Times are epoch milliseconds (UTC); states are the SMPP
-- message_state numbers; receipt_state 0 NONE, 1 PENDING, 2 SENT.

CREATE TABLE message (
    id                     TEXT    NOT NULL PRIMARY KEY,
    owner                  TEXT    NOT NULL,
    source_ton             INTEGER NOT NULL,
    source_npi             INTEGER NOT NULL,
    source_addr            TEXT    NOT NULL,
    dest_ton               INTEGER NOT NULL,
    dest_npi               INTEGER NOT NULL,
    dest_addr              TEXT    NOT NULL,
    service_type           TEXT    NOT NULL,
    esm_class              INTEGER NOT NULL,
    protocol_id            INTEGER NOT NULL,
    priority_flag          INTEGER NOT NULL,
    data_coding            INTEGER NOT NULL,
    registered_delivery    INTEGER NOT NULL,
    short_message          BLOB    NOT NULL,
    tlvs                   BLOB    NOT NULL,
    user_message_reference INTEGER,
    target                 TEXT    NOT NULL,
    submit_time            INTEGER NOT NULL,
    schedule_time          INTEGER,
    expiry_time            INTEGER NOT NULL,
    state                  INTEGER NOT NULL,
    attempts               INTEGER NOT NULL,
    next_attempt           INTEGER NOT NULL,
    last_error             INTEGER NOT NULL,
    final_time             INTEGER,
    receipt_state          INTEGER NOT NULL,
    receipt_attempts       INTEGER NOT NULL,
    receipt_next           INTEGER,
    dedupe_key             TEXT,
    -- A claim lease: the message is being handled until then; a crashed claimer's work returns after it.
    lease_until            INTEGER,
    receipt_lease_until    INTEGER
);

-- Partial indexes hold pending work only, so years of final messages kept for query_sm cost the
-- hot queries nothing. The queries repeat the WHERE terms verbatim so that SQLite can use them.

-- claimDue: pending messages of a target in claim order, so a LIMIT stops early instead of
-- sorting the target's whole backlog; also the due-work scan.
CREATE INDEX message_due ON message (target, priority_flag DESC, next_attempt) WHERE state IN (0, 1);
-- claimDueReceipts: pending receipts of an owner by due time.
CREATE INDEX message_receipt_due ON message (owner, receipt_next) WHERE receipt_state = 1;
-- expireDue, and its sweep for rows whose state is no message_state.
CREATE INDEX message_expiry ON message (state, expiry_time);
-- purgeFinalBefore.
CREATE INDEX message_final ON message (final_time) WHERE final_time IS NOT NULL;
-- findByDedupeKey.
CREATE INDEX message_dedupe ON message (owner, dedupe_key) WHERE dedupe_key IS NOT NULL;
-- cancel_sm without message_id and replace_if_present.
CREATE INDEX message_match ON message (owner, source_addr) WHERE state IN (0, 1);

CREATE TABLE attempt (
    message_id TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    event      TEXT    NOT NULL,
    error_code INTEGER NOT NULL
);
CREATE INDEX attempt_message ON attempt (message_id);

-- Rows that could not be read as messages, moved here verbatim (columns untyped so that any
-- garbage survives the move) with the reason.
CREATE TABLE quarantine (
    id, owner, source_ton, source_npi, source_addr, dest_ton, dest_npi, dest_addr, service_type,
    esm_class, protocol_id, priority_flag, data_coding, registered_delivery, short_message, tlvs,
    user_message_reference, target, submit_time, schedule_time, expiry_time, state, attempts,
    next_attempt, last_error, final_time, receipt_state, receipt_attempts, receipt_next, dedupe_key,
    lease_until, receipt_lease_until,
    quarantined_at INTEGER NOT NULL,
    error          TEXT    NOT NULL
);
