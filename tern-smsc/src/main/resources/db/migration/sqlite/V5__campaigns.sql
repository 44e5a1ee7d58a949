-- Bulk campaigns (docs/campaigns.md). Times are epoch milliseconds (UTC).
-- campaign.state: 0 UPLOADING (invisible; deleted at start-up), 1 RUNNING, 2 PAUSED, 3 CANCELLED,
-- 4 SENT (every accepted row handed to the message store), 5 FINISHED (and every message final).
CREATE TABLE campaign (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    owner          TEXT    NOT NULL,
    name           TEXT,
    source_addr    TEXT    NOT NULL,
    template       TEXT    NOT NULL,
    rate           INTEGER NOT NULL,
    start_at       INTEGER,
    validity_ms    INTEGER,
    window_start   INTEGER,
    window_end     INTEGER,
    receipt        INTEGER NOT NULL,
    default_region TEXT,
    state          INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    total          INTEGER NOT NULL DEFAULT 0,
    accepted       INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    sent           INTEGER NOT NULL DEFAULT 0,
    refused        INTEGER NOT NULL DEFAULT 0,
    -- The rows of the batch being submitted: after a crash, its rows whose message exists are sent.
    inflight_lo    INTEGER,
    inflight_hi    INTEGER,
    -- Counts frozen when the campaign finished, so that purging its messages does not change them.
    finished_at    INTEGER,
    delivered      INTEGER,
    failed         INTEGER,
    expired        INTEGER
);
CREATE INDEX campaign_owner ON campaign (owner, id);

-- One accepted recipient: its number (E.164 digits), the rendered text. state: 0 PENDING, 2 SENT,
-- 4 REFUSED (no longer routable when its turn came).
CREATE TABLE campaign_row (
    campaign_id INTEGER NOT NULL,
    row_no      INTEGER NOT NULL,
    dest_addr   TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    state       INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, row_no)
) WITHOUT ROWID;

-- A rejected CSV line, as read, with the reason.
CREATE TABLE campaign_reject (
    campaign_id INTEGER NOT NULL,
    line_no     INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    line        TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, line_no)
) WITHOUT ROWID;
