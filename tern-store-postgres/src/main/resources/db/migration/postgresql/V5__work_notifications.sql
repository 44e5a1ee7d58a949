-- PostgreSQL only: wake-ups between nodes. When a message becomes claimable (inserted or released
-- unleased, pending and due) or a receipt becomes claimable (PENDING and unleased), the transaction
-- that did it notifies channel tern_work at its COMMIT, with 't' || target or 'r' || owner as
-- payload (PostgreSQL sends one notification per distinct payload and transaction). Every node
-- LISTENs and wakes that queue: a hint, the periodic scan still finds what a lost one would miss.
-- The common path of one node (messages inserted leased to it, receipts leased to it as they
-- become PENDING) notifies nothing. The next migration shared by both dialects is V6 in both.
CREATE FUNCTION tern_notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state IN (0, 1) AND NEW.lease_until IS NULL
            AND NEW.next_attempt <= (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint
            AND (TG_OP = 'INSERT' OR OLD.lease_until IS NOT NULL OR OLD.next_attempt <> NEW.next_attempt) THEN
        PERFORM pg_notify('tern_work', 't' || NEW.target);
    END IF;
    IF NEW.receipt_state = 1 AND NEW.receipt_lease_until IS NULL
            AND (TG_OP = 'INSERT' OR OLD.receipt_state <> 1 OR OLD.receipt_lease_until IS NOT NULL) THEN
        PERFORM pg_notify('tern_work', 'r' || NEW.owner);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER message_work AFTER INSERT OR UPDATE OF lease_until, next_attempt, receipt_state, receipt_lease_until
    ON message FOR EACH ROW EXECUTE FUNCTION tern_notify_work();
