package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import io.tern.store.postgres.PostgresMessageStore;
import io.tern.store.postgres.TcpProxy;
import io.tern.store.postgres.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jsmpp.bean.BindType;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Tern node under load when its database goes away: partitioned from it (a proxy that stops
 * forwarding) and restarted (a real PostgreSQL stopped and started on the same data). While the
 * database is gone submitters get ESME_RSYSERR or ESME_RMSGQFUL or no answer, never an OK for a
 * message that was not committed; afterwards the node reconnects by itself, OKs again, and every
 * message it acknowledged, before, during or after the fault, is in the database and delivered.
 */
class PostgresFaultsTest {

    private static final int ESME_RSYSERR = 0x08;
    private static final int ESME_RMSGQFUL = 0x14;

    @TempDir
    Path dir;
    private Smsc smsc;
    private TcpProxy proxy;
    private EmbeddedPostgres ownServer;
    private Load load;
    private final ListAppender<ILoggingEvent> storeLog = new ListAppender<>();

    @BeforeEach
    void watchTheStoreLog() {
        storeLog.start();
        ((Logger) LoggerFactory.getLogger(PostgresMessageStore.class)).addAppender(storeLog);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(PostgresMessageStore.class)).detachAppender(storeLog);
        if (load != null) {
            load.stop();
        }
        if (smsc != null) {
            smsc.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (ownServer != null) {
            ownServer.close();
        }
    }

    @Test
    void partitionFromTheDatabaseUnderLoadLosesNothingAndHealsByItself() throws Exception {
        String url = TestDatabase.create("tern_partition");
        proxy = new TcpProxy("127.0.0.1", TestDatabase.server().getPort());
        smsc = startNode(url.replace(":" + TestDatabase.server().getPort() + "/", ":" + proxy.port() + "/"));
        load = Load.start(smsc.ports().get(0));

        load.awaitOks(200);
        proxy.blackhole();
        long oksBefore = load.oks.size();
        // the fault is seen: submits fail or go unanswered (the writer's statement times out first)
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.failures() >= 3);
        proxy.heal();
        load.awaitOks(oksBefore + 200);
        load.stop();

        assertEveryOkCommittedAndDelivered(url);
    }

    @Test
    void databaseRestartUnderLoadLosesNothingAndTheNodeReconnects() throws Exception {
        Path data = dir.resolve("pg");
        ownServer = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on").start();
        int port = ownServer.getPort();
        String url = ownServer.getJdbcUrl("postgres", "postgres");
        smsc = startNode(url);
        load = Load.start(smsc.ports().get(0));

        load.awaitOks(200);
        ownServer.close();
        long oksBefore = load.oks.size();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.failures() >= 3);
        ownServer = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").start();
        load.awaitOks(oksBefore + 200);
        load.stop();

        assertEveryOkCommittedAndDelivered(url);
    }

    private void assertEveryOkCommittedAndDelivered(String url) throws Exception {
        System.out.println("faults: " + load.summary());
        assertThat(load.statuses.keySet()).as("error statuses while the database was gone")
                .isSubsetOf(ESME_RSYSERR, ESME_RMSGQFUL);
        // every failing batch and every reconnect attempt is counted, not logged: a few lines per outage
        List<String> lines = storeLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).as("the store's log during the outage").hasSizeLessThanOrEqualTo(12);
        assertThat(lines).anyMatch(l -> l.startsWith("store writable again after"));
        List<String> ids = new ArrayList<>(load.oks);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<Integer, Integer> states = statesInDatabase(url, ids);
            assertThat(states.values().stream().mapToInt(Integer::intValue).sum())
                    .as("acknowledged messages in the database").isEqualTo(ids.size());
            assertThat(states).containsOnlyKeys(MessageState.DELIVERED.value());
        });
    }

    /** state → how many of {@code ids} are in it, read from the database directly. */
    private static Map<Integer, Integer> statesInDatabase(String url, List<String> ids) throws Exception {
        Map<Integer, Integer> states = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM message WHERE id = ANY(?) "
                        + "GROUP BY state")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return states;
    }

    /** One node, writes that give up after 3 s of silence, handsets behind 44*. */
    private Smsc startNode(String url) {
        url = url + (url.contains("?") ? "&" : "?") + "socketTimeout=3";
        String yaml = "node_id: faults\n"
                + "listeners: [{host: 127.0.0.1, port: 0}]\n"
                + "store: {type: postgresql, url: '" + url + "', user: postgres, pool_size: 3,"
                + " path: '" + dir.resolve("node").toAbsolutePath() + "'}\n"
                + "smpp: {response_timeout: 2s, unbind_timeout: 2s}\n"
                + "delivery: {scan_interval: 200ms, retry: {initial: 1s, max: 5s, jitter: 0}}\n"
                + "accounts:\n"
                + "  - {system_id: alice, password_hash: '" + TestSmsc.passwordHash() + "', addresses: ['5550*']}\n"
                + "routes:\n"
                + "  - {destination: '44*', target: sim}\n";
        return Smsc.start(ConfigLoader.parse(yaml, Path.of(".")), Clock.systemUTC());
    }

    /**
     * Two submitters, each one submit_sm at a time, counting OKs (by id), negative answers (by
     * status), unanswered submits and lost sessions; a lost session binds again. Bounded: at most
     * 200,000 submits or two minutes.
     */
    static final class Load {
        final Set<String> oks = ConcurrentHashMap.newKeySet();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong sessionsLost = new AtomicLong();
        private final AtomicLong submitted = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        private volatile boolean running = true;

        static Load start(int port) {
            Load l = new Load();
            for (int t = 0; t < 2; t++) {
                int n = t;
                Thread thread = new Thread(() -> l.run(port, n), "load-" + t);
                thread.setDaemon(true);
                l.threads.add(thread);
                thread.start();
            }
            return l;
        }

        private void run(int port, int n) {
            Esme esme = null;
            while (running && System.nanoTime() < deadline && submitted.get() < 200_000) {
                try {
                    if (esme == null) {
                        esme = Esme.bind(port, "alice", TestSmsc.PASSWORD, BindType.BIND_TX);
                    }
                    long i = submitted.incrementAndGet();
                    oks.add(esme.submit("5550" + n, String.format("4477%08d", i), "load " + i, 0));
                } catch (Exception e) {
                    Throwable c = e;
                    while (c.getCause() != null && !(c instanceof NegativeResponseException)
                            && !(c instanceof ResponseTimeoutException)) {
                        c = c.getCause();
                    }
                    if (c instanceof NegativeResponseException neg) {
                        statuses.computeIfAbsent(neg.getCommandStatus(), k -> new AtomicInteger()).incrementAndGet();
                    } else if (c instanceof ResponseTimeoutException) {
                        timeouts.incrementAndGet();
                    } else {
                        sessionsLost.incrementAndGet();
                        if (esme != null) {
                            esme.close();
                        }
                        esme = null;
                    }
                }
            }
            if (esme != null) {
                esme.close();
            }
        }

        long failures() {
            return timeouts.get() + statuses.values().stream().mapToLong(AtomicInteger::get).sum();
        }

        void awaitOks(long n) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> oks.size() >= n);
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }

        String summary() {
            return "submitted=" + submitted.get() + " ok=" + oks.size() + " statuses=" + statuses + " timeouts="
                    + timeouts.get() + " sessions_lost=" + sessionsLost.get();
        }
    }
}
