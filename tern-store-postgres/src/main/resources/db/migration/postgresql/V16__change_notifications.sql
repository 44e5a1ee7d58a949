-- Changes other nodes must see reach them at once (docs/scaling.md "Changes across nodes"): a
-- new version of the managed configuration, or a moved change counter (V15), notifies tern_work
-- with the payload 'c*'; every node listening then polls as it does after its heartbeat, which
-- stays the fallback for a notification lost while a listener reconnects. Sent at commit, and
-- several in one transaction arrive as one.
CREATE FUNCTION cluster_change_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tern_work', 'c*');
    RETURN NULL;
END
$$;

CREATE TRIGGER admin_config_changed AFTER INSERT ON admin_config
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_change_notify();
CREATE TRIGGER cluster_change_changed AFTER UPDATE ON cluster_change
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_change_notify();

-- A session bound or gone on any node changes over how many nodes its account's throughput is
-- split (docs/scaling.md "Throughput across nodes"): every node re-reads the split at once.
CREATE TRIGGER cluster_session_changed AFTER INSERT OR DELETE ON cluster_session
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_change_notify();
