-- Runtime administration (docs/operations.md#admin-api): the managed sections of the configuration
-- (accounts, routes, connectors, connector_groups) as versioned documents, and the audit log.

-- One row per version of the managed configuration, the newest in force. A change inserts the next
-- version; two nodes changing at once collide on the primary key instead of losing an update.
CREATE TABLE admin_config (
    version    INTEGER NOT NULL PRIMARY KEY,
    changed_at INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    body       TEXT    NOT NULL
);

-- Every change: who (admin token name), what (action and subject), before and after (JSON, secrets
-- masked), when (epoch milliseconds), and the configuration version it made.
CREATE TABLE admin_audit (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    before         TEXT,
    after          TEXT,
    config_version INTEGER NOT NULL
);
