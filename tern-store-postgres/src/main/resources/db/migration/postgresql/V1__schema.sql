-- Tern message store, PostgreSQL dialect: the same tables as db/migration/sqlite, with the same
-- version numbers so that a later change lands as the same V<n> in both. Times are epoch
-- milliseconds (UTC) in BIGINT, as in SQLite, so both stores map rows alike; states are the SMPP
-- message_state numbers; receipt_state 0 NONE, 1 PENDING, 2 SENT.

CREATE TABLE message (
    id                     TEXT     NOT NULL PRIMARY KEY,
    owner                  TEXT     NOT NULL,
    source_ton             INTEGER  NOT NULL,
    source_npi             INTEGER  NOT NULL,
    source_addr            TEXT     NOT NULL,
    dest_ton               INTEGER  NOT NULL,
    dest_npi               INTEGER  NOT NULL,
    dest_addr              TEXT     NOT NULL,
    service_type           TEXT     NOT NULL,
    esm_class              INTEGER  NOT NULL,
    protocol_id            INTEGER  NOT NULL,
    priority_flag          INTEGER  NOT NULL,
    data_coding            INTEGER  NOT NULL,
    registered_delivery    INTEGER  NOT NULL,
    short_message          BYTEA    NOT NULL,
    tlvs                   BYTEA    NOT NULL,
    user_message_reference INTEGER,
    target                 TEXT     NOT NULL,
    submit_time            BIGINT   NOT NULL,
    schedule_time          BIGINT,
    expiry_time            BIGINT   NOT NULL,
    state                  INTEGER  NOT NULL,
    attempts               INTEGER  NOT NULL,
    next_attempt           BIGINT   NOT NULL,
    last_error             INTEGER  NOT NULL,
    final_time             BIGINT,
    receipt_state          INTEGER  NOT NULL,
    receipt_attempts       INTEGER  NOT NULL,
    receipt_next           BIGINT,
    dedupe_key             TEXT,
    -- A claim lease: the message is being handled until then; a crashed claimer's work returns after it.
    lease_until            BIGINT,
    receipt_lease_until    BIGINT,
    -- Insertion order (SQLite's rowid): the last tie-breaker of the claim order.
    seq                    BIGINT   GENERATED ALWAYS AS IDENTITY
);

-- Partial indexes hold pending work only, so years of final messages kept for query_sm cost the
-- hot queries nothing. The queries repeat the WHERE terms verbatim so that the planner can use them.

-- claimDue: pending messages of a target in claim order, so a LIMIT stops early; also the due-work scan.
CREATE INDEX message_due ON message (target, priority_flag DESC, next_attempt, seq) WHERE state IN (0, 1);
-- claimDueReceipts: pending receipts of an owner by due time.
CREATE INDEX message_receipt_due ON message (owner, receipt_next, seq) WHERE receipt_state = 1;
-- expireDue: pending messages only (SQLite reached this form in its V2).
CREATE INDEX message_expiry ON message (expiry_time) WHERE state IN (0, 1);
-- purgeFinalBefore.
CREATE INDEX message_final ON message (final_time) WHERE final_time IS NOT NULL;
-- findByDedupeKey.
CREATE INDEX message_dedupe ON message (owner, dedupe_key) WHERE dedupe_key IS NOT NULL;
-- cancel_sm without message_id and replace_if_present.
CREATE INDEX message_match ON message (owner, source_addr) WHERE state IN (0, 1);

CREATE TABLE attempt (
    seq        BIGINT  GENERATED ALWAYS AS IDENTITY,
    message_id TEXT    NOT NULL,
    at         BIGINT  NOT NULL,
    event      TEXT    NOT NULL,
    error_code INTEGER NOT NULL
);
CREATE INDEX attempt_message ON attempt (message_id, seq);

-- Rows that could not be read as messages, moved here with the reason. PostgreSQL enforces the
-- column types, so what can be damaged is a value out of its domain (an unknown state); the
-- columns are nullable so that whatever the row held survives the move.
CREATE TABLE quarantine (
    seq                    BIGINT GENERATED ALWAYS AS IDENTITY,
    id                     TEXT,
    owner                  TEXT,
    source_ton             INTEGER,
    source_npi             INTEGER,
    source_addr            TEXT,
    dest_ton               INTEGER,
    dest_npi               INTEGER,
    dest_addr              TEXT,
    service_type           TEXT,
    esm_class              INTEGER,
    protocol_id            INTEGER,
    priority_flag          INTEGER,
    data_coding            INTEGER,
    registered_delivery    INTEGER,
    short_message          BYTEA,
    tlvs                   BYTEA,
    user_message_reference INTEGER,
    target                 TEXT,
    submit_time            BIGINT,
    schedule_time          BIGINT,
    expiry_time            BIGINT,
    state                  INTEGER,
    attempts               INTEGER,
    next_attempt           BIGINT,
    last_error             INTEGER,
    final_time             BIGINT,
    receipt_state          INTEGER,
    receipt_attempts       INTEGER,
    receipt_next           BIGINT,
    dedupe_key             TEXT,
    lease_until            BIGINT,
    receipt_lease_until    BIGINT,
    quarantined_at         BIGINT NOT NULL,
    error                  TEXT   NOT NULL
);
