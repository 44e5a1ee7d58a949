-- The nodes sharing this database and the SMPP sessions bound on each, so that an account's
-- max_binds holds across the cluster and `tern status` can show every node. Times are the
-- database's clock (epoch milliseconds), so that nodes' clocks need not agree.
CREATE TABLE cluster_node (
    node_id      TEXT PRIMARY KEY,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL,
    in_flight    INT NOT NULL DEFAULT 0
);

CREATE TABLE cluster_session (
    session_key TEXT PRIMARY KEY,
    node_id     TEXT NOT NULL,
    system_id   TEXT NOT NULL,
    bind_type   TEXT NOT NULL,
    bound_at    BIGINT NOT NULL
);

CREATE INDEX cluster_session_by_account ON cluster_session (system_id);
CREATE INDEX cluster_session_by_node ON cluster_session (node_id);
