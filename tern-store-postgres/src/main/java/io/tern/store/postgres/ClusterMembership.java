package io.tern.store.postgres;

import io.tern.smsc.logging.RateLimitedLog;
import io.tern.smsc.store.NodeStatus;
import io.tern.smsc.store.StoreException;
import io.tern.smsc.submit.MessageIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster sharing the database: a row in {@code cluster_node} whose
 * heartbeat it renews every {@link #HEARTBEAT}, and a row in {@code cluster_session} per SMPP
 * session bound here, so that an account's {@code max_binds} holds across nodes. A node whose
 * heartbeat is older than {@link #NODE_TIMEOUT} is dead: its sessions no longer count (a killed
 * node cannot release them), and it removes them itself when it starts again. Times are the
 * database's clock, so the nodes' clocks need not agree.
 *
 * <p>After each heartbeat it runs the tasks given to {@link #onHeartbeat} (picking up what other
 * nodes changed). One thread of its own does all of it; a bind waits for one short transaction that takes an
 * advisory lock on the account, so that two nodes binding the last place at once cannot both
 * get it.
 */
final class ClusterMembership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

    /** Serialises the joins' choice of a slot. */
    private static final long SLOT_LOCK = 0x7465726E736C6F74L;

    /** How often the node renews its heartbeat and re-reads the others. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** A node not heard from for this long is dead: its sessions stop counting. */
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(15);

    static final String NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    private final DataSource dataSource;
    private final String nodeId;
    private final ScheduledExecutorService thread;
    private final RateLimitedLog failures = RateLimitedLog.of(log);
    private volatile List<NodeStatus> nodes = List.of();
    private volatile int inFlight;
    private volatile int idSlot = -1;
    private final List<Runnable> afterHeartbeat = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Map<String, Integer> accountNodes = Map.of();
    /** A run of the tasks for {@link #changed} is queued and has not started. */
    private final java.util.concurrent.atomic.AtomicBoolean pollQueued = new java.util.concurrent.atomic.AtomicBoolean();

    ClusterMembership(DataSource dataSource, String nodeId) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-pg-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins: the sessions this node left in a crash are removed, its row (re)written; then the
     * heartbeat runs. Waits for the join so that the node is listed before it takes binds.
     */
    void start() {
        try {
            thread.submit(() -> {
                transaction(c -> {
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM cluster_session WHERE node_id = ?");
                            PreparedStatement up = c.prepareStatement("INSERT INTO cluster_node (node_id, started_at,"
                                    + " heartbeat_at) VALUES (?, " + NOW_MS + ", " + NOW_MS + ") ON CONFLICT (node_id)"
                                    + " DO UPDATE SET started_at = EXCLUDED.started_at,"
                                    + " heartbeat_at = EXCLUDED.heartbeat_at")) {
                        del.setString(1, nodeId);
                        int left = del.executeUpdate();
                        if (left > 0) {
                            log.info("removed {} sessions an earlier run of node {} left in the cluster", left, nodeId);
                        }
                        up.setString(1, nodeId);
                        up.executeUpdate();
                    }
                    idSlot = takeIdSlot(c);
                    return null;
                });
                nodes = readNodes();
                return null;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StoreException("cannot join the cluster as node " + nodeId, e);
        }
        thread.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * This node's slot for its message ids (V18): the one its row holds from an earlier run, else the
     * lowest one no live node holds (a node not heard from for {@link #NODE_TIMEOUT} gives its slot up).
     */
    private int takeIdSlot(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)");
                PreparedStatement own = c.prepareStatement("SELECT id_slot FROM cluster_node WHERE node_id = ?");
                PreparedStatement dead = c.prepareStatement("UPDATE cluster_node SET id_slot = NULL"
                        + " WHERE id_slot IS NOT NULL AND node_id <> ? AND heartbeat_at < " + NOW_MS + " - ?");
                PreparedStatement free = c.prepareStatement("SELECT s FROM generate_series(0, ?) s WHERE NOT EXISTS"
                        + " (SELECT 1 FROM cluster_node n WHERE n.id_slot = s) ORDER BY s LIMIT 1");
                PreparedStatement take = c.prepareStatement("UPDATE cluster_node SET id_slot = ? WHERE node_id = ?")) {
            lock.setLong(1, SLOT_LOCK);
            lock.execute();
            own.setString(1, nodeId);
            try (ResultSet rs = own.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    return rs.getInt(1);
                }
            }
            dead.setString(1, nodeId);
            dead.setLong(2, NODE_TIMEOUT.toMillis());
            dead.executeUpdate();
            free.setInt(1, MessageIds.MAX_SLOTS - 1);
            int slot;
            try (ResultSet rs = free.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("every one of the " + MessageIds.MAX_SLOTS + " message id slots is held by a live"
                            + " node: at most " + MessageIds.MAX_SLOTS + " nodes share one database");
                }
                slot = rs.getInt(1);
            }
            take.setInt(1, slot);
            take.setString(2, nodeId);
            take.executeUpdate();
            return slot;
        }
    }

    /** The slot this node writes into its message ids; known once {@link #start} has returned. */
    int idSlot() {
        return idSlot;
    }

    private void heartbeat() {
        try {
            transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cluster_node (node_id, started_at,"
                        + " heartbeat_at, in_flight) VALUES (?, " + NOW_MS + ", " + NOW_MS + ", ?) ON CONFLICT (node_id)"
                        + " DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at, in_flight = EXCLUDED.in_flight")) {
                    ps.setString(1, nodeId);
                    ps.setInt(2, inFlight);
                    ps.executeUpdate();
                }
                return null;
            });
            nodes = readNodes();
            failures.report();
        } catch (SQLException | RuntimeException e) {
            failures.warn("cluster heartbeat failed", "node " + nodeId + " cannot renew its cluster heartbeat (its"
                    + " sessions stop counting towards max_binds on other nodes after " + NODE_TIMEOUT.toSeconds()
                    + " s): " + e, null);
            return;
        }
        runTasks();
    }

    /**
     * Something nodes hold in memory changed (a notification, on any node's change): runs the
     * heartbeat's tasks now, on this thread, once for a burst of notifications.
     */
    void changed() {
        if (pollQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    pollQueued.set(false);
                    runTasks();
                });
            } catch (RejectedExecutionException e) {
                pollQueued.set(false); // stopping
            }
        }
    }

    private void runTasks() {
        try {
            accountNodes = readAccountNodes();
        } catch (SQLException | RuntimeException e) {
            failures.warn("cluster sessions", "cannot read the sessions of other nodes (the next heartbeat tries"
                    + " again): " + e, null);
        }
        for (Runnable task : afterHeartbeat) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("a task after the cluster heartbeat failed", e);
            }
        }
    }

    /** Runs {@code task} on this thread after every heartbeat from now on. */
    void onHeartbeat(Runnable task) {
        afterHeartbeat.add(task);
    }

    private List<NodeStatus> readNodes() throws SQLException {
        List<NodeStatus> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT n.node_id, n.started_at, n.heartbeat_at,"
                        + " n.heartbeat_at > " + NOW_MS + " - ?,"
                        + " (SELECT count(*) FROM cluster_session s WHERE s.node_id = n.node_id), n.in_flight"
                        + " FROM cluster_node n ORDER BY n.node_id")) {
            ps.setLong(1, NODE_TIMEOUT.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new NodeStatus(id, Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getBoolean(4), rs.getInt(5), rs.getInt(6)));
                }
            }
        }
        return List.copyOf(out);
    }

    private Map<String, Integer> readAccountNodes() throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT s.system_id, count(DISTINCT s.node_id)"
                        + " FROM cluster_session s JOIN cluster_node n ON n.node_id = s.node_id"
                        + " WHERE n.heartbeat_at > " + NOW_MS + " - ? GROUP BY s.system_id")) {
            ps.setLong(1, NODE_TIMEOUT.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return Map.copyOf(out);
    }

    /** For each account with sessions on live nodes, on how many, as of the last heartbeat or notification. */
    Map<String, Integer> accountNodes() {
        return accountNodes;
    }

    /** The nodes as of the last heartbeat. */
    List<NodeStatus> nodes() {
        return nodes;
    }

    /** This node's deliveries in flight, published with its next heartbeat. */
    void reportInFlight(int n) {
        inFlight = n;
    }

    CompletableFuture<Boolean> reserveBind(String systemId, String sessionKey, String bindType, int maxBinds) {
        return onThread(() -> transaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))");
                    PreparedStatement count = c.prepareStatement("SELECT count(*) FROM cluster_session s"
                            + " JOIN cluster_node n ON n.node_id = s.node_id"
                            + " WHERE s.system_id = ? AND n.heartbeat_at > " + NOW_MS + " - ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO cluster_session (session_key, node_id,"
                            + " system_id, bind_type, bound_at) VALUES (?, ?, ?, ?, " + NOW_MS + ")")) {
                lock.setString(1, "tern-bind:" + systemId);
                lock.executeQuery().close();
                count.setString(1, systemId);
                count.setLong(2, NODE_TIMEOUT.toMillis());
                int bound;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    bound = rs.getInt(1);
                }
                if (bound >= maxBinds) {
                    return false;
                }
                insert.setString(1, sessionKey);
                insert.setString(2, nodeId);
                insert.setString(3, systemId);
                insert.setString(4, bindType);
                insert.executeUpdate();
                return true;
            }
        }));
    }

    CompletableFuture<Void> releaseBind(String sessionKey) {
        return onThread(() -> transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_session WHERE session_key = ?")) {
                ps.setString(1, sessionKey);
                ps.executeUpdate();
            }
            return null;
        }));
    }

    /** Leaves: this node's sessions and row are removed, so that the others need not wait for its timeout. */
    @Override
    public void close() {
        try {
            thread.submit(() -> transaction(c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM cluster_session WHERE node_id = ?");
                        PreparedStatement n = c.prepareStatement("DELETE FROM cluster_node WHERE node_id = ?")) {
                    s.setString(1, nodeId);
                    s.executeUpdate();
                    n.setString(1, nodeId);
                    n.executeUpdate();
                }
                return null;
            })).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("node {} did not leave the cluster cleanly (the others drop it after {} s): {}", nodeId,
                    NODE_TIMEOUT.toSeconds(), e.toString());
        } finally {
            thread.shutdownNow();
        }
    }

    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private interface Task<T> {
        T call() throws SQLException;
    }

    private <T> T transaction(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private <T> CompletableFuture<T> onThread(Task<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(task.call());
                } catch (SQLException | RuntimeException e) {
                    f.completeExceptionally(new StoreException("cluster session table not updated", e));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new StoreException("store is closed"));
        }
        return f;
    }
}
