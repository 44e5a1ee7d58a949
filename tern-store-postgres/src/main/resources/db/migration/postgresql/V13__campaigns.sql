-- Bulk campaigns (docs/campaigns.md): the tables of the SQLite store's V5, plus the send lease that
-- lets one node at a time send a campaign when several share this database (docs/scaling.md).
-- Times are epoch milliseconds (UTC). campaign.state: 0 UPLOADING (invisible; deleted at start-up),
-- 1 RUNNING, 2 PAUSED, 3 CANCELLED, 4 SENT (every accepted row handed to the message store),
-- 5 FINISHED (and every message final).
CREATE TABLE campaign (
    id             BIGSERIAL PRIMARY KEY,
    owner          TEXT     NOT NULL,
    name           TEXT,
    source_addr    TEXT     NOT NULL,
    template       TEXT     NOT NULL,
    rate           INT      NOT NULL,
    start_at       BIGINT,
    validity_ms    BIGINT,
    window_start   INT,
    window_end     INT,
    receipt        SMALLINT NOT NULL,
    default_region TEXT,
    state          SMALLINT NOT NULL,
    created_at     BIGINT   NOT NULL,
    total          BIGINT   NOT NULL DEFAULT 0,
    accepted       BIGINT   NOT NULL DEFAULT 0,
    rejected       BIGINT   NOT NULL DEFAULT 0,
    sent           BIGINT   NOT NULL DEFAULT 0,
    refused        BIGINT   NOT NULL DEFAULT 0,
    -- The rows of the batch being submitted: after a crash, its rows whose message exists are sent.
    inflight_lo    BIGINT,
    inflight_hi    BIGINT,
    -- Counts frozen when the campaign finished, so that purging its messages does not change them.
    finished_at    BIGINT,
    delivered      BIGINT,
    failed         BIGINT,
    expired        BIGINT,
    -- The node sending the campaign, until when (its clock); another node may take it once it passed.
    lease_node     TEXT,
    lease_until    BIGINT
);
CREATE INDEX campaign_owner ON campaign (owner, id);

-- One accepted recipient: its number (E.164 digits), the rendered text. state: 0 PENDING, 2 SENT,
-- 4 REFUSED (no longer routable when its turn came).
CREATE TABLE campaign_row (
    campaign_id BIGINT   NOT NULL,
    row_no      BIGINT   NOT NULL,
    dest_addr   TEXT     NOT NULL,
    text        TEXT     NOT NULL,
    state       SMALLINT NOT NULL,
    PRIMARY KEY (campaign_id, row_no)
);

-- A rejected CSV line, as read, with the reason.
CREATE TABLE campaign_reject (
    campaign_id BIGINT NOT NULL,
    line_no     BIGINT NOT NULL,
    reason      TEXT   NOT NULL,
    line        TEXT   NOT NULL,
    PRIMARY KEY (campaign_id, line_no)
);

-- A campaign's messages have the ids 'CN_row' and 'CN_row.part'; its counts read them by the
-- range ['CN_', 'CN`') in byte order, which this index serves whatever the database's collation.
CREATE INDEX message_campaign ON message (id COLLATE "C") WHERE id LIKE 'C%';
