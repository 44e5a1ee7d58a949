-- Retention at scale (docs/scaling.md "Retention and partitions"): message and its history
-- (attempt) become tables partitioned by RANGE of the message's submit_time, so that a purge drops
-- a whole partition (DETACH + DROP) once every message in it is final before the cutoff and owes
-- nothing. attempt carries its message's submit_time, so a message and its history always sit in
-- partitions of the same name suffix (message_p20261207 and attempt_p20261207) and go together.
--
-- PostgreSQL requires every unique index of a partitioned table to hold the partition key: the
-- primary key becomes (id, submit_time). A look-up by id alone probes each partition's primary key
-- index (one B-tree descent per partition; few partitions by design, see the docs).
--
-- This migration keeps every row: it builds the partitioned tables beside the old ones, copies the
-- rows (seq values kept), drops the old tables and renames the new ones. Rows already stored go to
-- one partition, message_legacy (MINVALUE up to the UTC midnight after the newest submit_time);
-- message_default takes any row no other partition covers. The partitions of days, weeks or months
-- from now on are created by the store (PostgresPartitions), at start and on a timer. Flyway holds
-- its lock while this runs, so several nodes starting together run it once.

-- The CDR trigger (MessageStore.keepFinalOutcomes) is on while CDRs are; it is put back below.
CREATE TEMPORARY TABLE v17_cdr_trigger ON COMMIT DROP AS
    SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'cdr_final' AND tgrelid = 'message'::regclass) AS was_on;

-- The columns of message and attempt as they are (same names, types, order, NOT NULL, defaults),
-- with seq, the claim order's last tie-breaker, on a plain sequence default: an identity column on
-- a partitioned table needs PostgreSQL 17 to serve rows routed to a partition alike.
CREATE SEQUENCE message_seq;
CREATE TABLE message_new (LIKE message INCLUDING DEFAULTS, PRIMARY KEY (id, submit_time))
    PARTITION BY RANGE (submit_time);
ALTER TABLE message_new ALTER COLUMN seq SET DEFAULT nextval('message_seq');
ALTER SEQUENCE message_seq OWNED BY message_new.seq;

-- attempt's submit_time is the one of the message the entry belongs to (its partition key); the
-- entry's own time if no such message exists.
CREATE SEQUENCE attempt_seq;
CREATE TABLE attempt_new (LIKE attempt INCLUDING DEFAULTS, submit_time BIGINT NOT NULL)
    PARTITION BY RANGE (submit_time);
ALTER TABLE attempt_new ALTER COLUMN seq SET DEFAULT nextval('attempt_seq');
ALTER SEQUENCE attempt_seq OWNED BY attempt_new.seq;

DO $$
DECLARE
    newest BIGINT;
BEGIN
    SELECT max(submit_time) INTO newest FROM message;
    IF newest IS NOT NULL THEN
        -- day: 86,400,000 ms; floor division that also holds for times before 1970
        EXECUTE format('CREATE TABLE message_legacy PARTITION OF message_new FOR VALUES FROM (MINVALUE) TO (%s)',
                (floor(newest / 86400000.0)::bigint + 1) * 86400000);
        EXECUTE format('CREATE TABLE attempt_legacy PARTITION OF attempt_new FOR VALUES FROM (MINVALUE) TO (%s)',
                (floor(newest / 86400000.0)::bigint + 1) * 86400000);
    END IF;
END
$$;
CREATE TABLE message_default PARTITION OF message_new DEFAULT;
CREATE TABLE attempt_default PARTITION OF attempt_new DEFAULT;

INSERT INTO message_new SELECT * FROM message;
SELECT setval('message_seq', COALESCE((SELECT max(seq) FROM message_new), 0) + 1, false);

INSERT INTO attempt_new SELECT a.*, COALESCE(m.submit_time, a.at)
    FROM attempt a LEFT JOIN message m ON m.id = a.message_id;
SELECT setval('attempt_seq', COALESCE((SELECT max(seq) FROM attempt_new), 0) + 1, false);

-- The old tables go with their indexes and triggers (message_work, cdr_final); the functions stay.
DROP TABLE message;
DROP TABLE attempt;
ALTER TABLE message_new RENAME TO message;
ALTER TABLE message RENAME CONSTRAINT message_new_pkey TO message_pkey;
ALTER TABLE attempt_new RENAME TO attempt;

-- The indexes of V1, V2 and V13, on every partition.
CREATE INDEX message_due ON message (target, priority_flag DESC, next_attempt, seq) WHERE state IN (0, 1);
CREATE INDEX message_receipt_due ON message (owner, receipt_next, seq) WHERE receipt_state = 1;
CREATE INDEX message_expiry ON message (expiry_time) WHERE state IN (0, 1);
CREATE INDEX message_final ON message (final_time) WHERE final_time IS NOT NULL;
CREATE INDEX message_dedupe ON message (owner, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX message_match ON message (owner, source_addr) WHERE state IN (0, 1);
CREATE INDEX message_unknown_state ON message (state) WHERE state < 0 OR state > 8;
CREATE INDEX message_campaign ON message (id COLLATE "C") WHERE id LIKE 'C%';
CREATE INDEX attempt_message ON attempt (message_id, seq);

-- V5's wake-ups, and the CDR trigger if it was on; both are cloned onto every partition.
CREATE TRIGGER message_work AFTER INSERT OR UPDATE OF lease_until, next_attempt, receipt_state, receipt_lease_until
    ON message FOR EACH ROW EXECUTE FUNCTION tern_notify_work();
DO $$
BEGIN
    IF (SELECT was_on FROM v17_cdr_trigger) THEN
        CREATE TRIGGER cdr_final AFTER INSERT OR UPDATE OF state ON message
            FOR EACH ROW EXECUTE FUNCTION tern_cdr_outbox();
    END IF;
END
$$;
