-- Records (docs/operations.md#call-detail-records): an outbox of final outcomes, as in the SQLite
-- dialect's V12. The trigger function is created here; MessageStore.keepFinalOutcomes attaches it to
-- message (and detaches it) as CDRs are turned on and off.
CREATE TABLE cdr_outbox (
    seq        BIGSERIAL PRIMARY KEY,
    message_id TEXT NOT NULL
);

CREATE FUNCTION tern_cdr_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state BETWEEN 2 AND 8 AND (TG_OP = 'INSERT' OR OLD.state NOT BETWEEN 2 AND 8) THEN
        INSERT INTO cdr_outbox (message_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END
$$;
