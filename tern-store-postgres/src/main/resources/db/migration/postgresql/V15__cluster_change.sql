-- Changes other nodes must see without a restart (docs/scaling.md "Changes across nodes"): a
-- counter per kind, bumped in the transaction of the change, which every node reads on its
-- cluster heartbeat. The managed configuration needs none (admin_config's newest version is its
-- counter); the suppression lists (opt-out) are cached in each node's memory, so every statement
-- that changes the suppression table bumps 'suppressions' through a trigger, whatever wrote it.
CREATE TABLE cluster_change (
    kind    TEXT   NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cluster_change (kind, version) VALUES ('suppressions', 0);

CREATE FUNCTION cluster_change_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cluster_change SET version = version + 1 WHERE kind = TG_ARGV[0];
    RETURN NULL;
END
$$;

CREATE TRIGGER suppression_changed AFTER INSERT OR UPDATE OR DELETE ON suppression
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_change_bump('suppressions');
