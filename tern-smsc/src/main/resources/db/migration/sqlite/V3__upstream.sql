-- Upstream connectors (docs/architecture.md): a message forwarded to an upstream SMSC is known
-- there by the id of its submit_sm_resp, and that SMSC's receipts name it by that id only.

-- The upstream id of each forwarded message, written in the transaction that records the hand-over.
-- A table of its own keeps the message row (and the quarantine copy of it) as it was, and costs
-- messages that never leave through a connector nothing.
CREATE TABLE upstream_link (
    message_id  TEXT NOT NULL PRIMARY KEY,
    upstream    TEXT NOT NULL,
    upstream_id TEXT NOT NULL
);
-- A receipt is matched by (connector, canonical id). Not UNIQUE: an upstream may reuse ids after
-- a wrap-around; the newest link wins (ORDER BY rowid DESC in the match).
CREATE INDEX upstream_link_id ON upstream_link (upstream, upstream_id);

-- Receipts from upstream that matched no forwarded message yet (they came before the
-- submit_sm_resp was recorded, or name an id Tern never got): kept and matched when the link is
-- written, purged with a warning after a bounded time.
CREATE TABLE upstream_receipt (
    upstream    TEXT    NOT NULL,
    upstream_id TEXT    NOT NULL,
    state       INTEGER NOT NULL,
    error_code  INTEGER NOT NULL,
    done_at     INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (upstream, upstream_id)
);
CREATE INDEX upstream_receipt_age ON upstream_receipt (received_at);
