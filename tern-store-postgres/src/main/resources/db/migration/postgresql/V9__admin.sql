-- Runtime administration (docs/operations.md#admin-api): the managed sections of the configuration
-- (accounts, routes, connectors, connector_groups) as versioned documents, and the audit log.
-- The same tables as the SQLite store's V7.

CREATE TABLE admin_config (
    version    BIGINT NOT NULL PRIMARY KEY,
    changed_at BIGINT NOT NULL,
    actor      TEXT   NOT NULL,
    body       TEXT   NOT NULL
);

CREATE TABLE admin_audit (
    id             BIGSERIAL PRIMARY KEY,
    at             BIGINT NOT NULL,
    actor          TEXT   NOT NULL,
    action         TEXT   NOT NULL,
    subject        TEXT   NOT NULL,
    before         TEXT,
    after          TEXT,
    config_version BIGINT NOT NULL
);
