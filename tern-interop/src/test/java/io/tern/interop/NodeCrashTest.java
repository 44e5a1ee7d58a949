package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.account.AccountService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code tern serve} nodes (child JVMs) on one PostgreSQL database; node A takes a submit load
 * and is killed with SIGKILL ten times, while node B runs on. After each kill, A stays down until
 * every message it acknowledged is DELIVERED: the ones A had reserved (leased) for delivery when it
 * died can only have been delivered by B, once A's leases ran out ({@code delivery.lease}). Then A
 * starts again on its own data directory. At the end every acknowledged message is in the database,
 * DELIVERED, and at least one kill left reserved work that B took over, so the property was
 * exercised and not passed vacuously.
 */
class NodeCrashTest {

    private static final String PASSWORD = "crash123";
    private static final int CYCLES = 10;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void aKilledNodesMessagesAreDeliveredByTheOtherNodeAfterItsLeasesRunOut() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Path log = work.resolve("nodes.log");
            Path configA = config("node-a", url);
            Path configB = config("node-b", url);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            Random random = new Random(20261207L);
            long tookOver = 0;
            TernProcess b = TernProcess.start(configB, log, READY);
            try {
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    TernProcess a = TernProcess.start(configA, log, READY);
                    int target = 100 + random.nextInt(300);
                    int before = acked.size();
                    Load load = new Load(a.port(), acked, cycle);
                    List<String> ids;
                    long pending;
                    try {
                        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() - before >= target);
                    } finally {
                        a.kill(); // while the load runs: the kill lands among submits and deliveries
                        // what A had not finished when it died, read at once (A's leases run for seconds)
                        ids = new ArrayList<>(acked);
                        pending = ids.size() - states(pg, ids).getOrDefault(DELIVERED, 0);
                        load.close();
                    }
                    ids = new ArrayList<>(acked); // and any submit answered in the instant before the kill
                    tookOver += pending;
                    System.out.printf("node-crash: cycle %d: %d acknowledged, %d not yet delivered at the kill%n",
                            cycle, acked.size() - before, pending);
                    List<String> all = ids;
                    Awaitility.await().atMost(LEASE.plusSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .untilAsserted(() -> assertThat(states(pg, all)).as("states of acknowledged messages")
                                    .containsOnlyKeys(DELIVERED).containsEntry(DELIVERED, all.size()));
                }
            } finally {
                b.kill();
            }
            System.out.printf("node-crash: kills=%d acknowledged=%d taken_over_by_b=%d lost=0%n", CYCLES,
                    acked.size(), tookOver);
            assertThat(tookOver).as("messages left reserved by a killed node, delivered by the other").isPositive();
        }
    }

    /** MessageState.DELIVERED's code in the store. */
    private static final int DELIVERED = MessageState.DELIVERED.value();

    private static Map<Integer, Integer> states(EmbeddedPostgres pg, List<String> ids) throws Exception {
        Map<Integer, Integer> states = new TreeMap<>();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT state, count(*) FROM message WHERE id = ANY(?) GROUP BY state")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return states;
    }

    /**
     * A node on the shared database: handsets behind 4477* that take 300 ms to accept, so that a
     * kill finds deliveries in flight; leases of {@link #LEASE}.
     */
    private Path config(String node, String url) throws IOException {
        return TernProcess.clusterConfig(work, node, url, LEASE,
                "accounts:",
                "  - {system_id: load, password_hash: '" + AccountService.hash(PASSWORD) + "'}",
                "handsets:",
                "  - {numbers: '4477*', behaviour: deliver, latency: 300ms}",
                "routes:",
                "  - {destination: '44*', target: sim}");
    }

    /** Four jSMPP transmitters submitting one at a time until closed or their session dies. */
    private static final class Load {
        private static final AtomicLong NEXT = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        Load(int port, Set<String> acked, int cycle) {
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> submit(port, acked), "node-crash-load-" + cycle + "-" + t);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void submit(int port, Set<String> acked) {
            SMPPSession s = new SMPPSession();
            s.setTransactionTimer(5_000);
            try {
                s.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TX, "load", PASSWORD, "",
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, null));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (running && System.nanoTime() < deadline) {
                    long i = NEXT.incrementAndGet();
                    acked.add(s.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                            "4470000001", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                            String.format("4477%08d", i), new ESMClass(), (byte) 0, (byte) 0, null, null,
                            new RegisteredDelivery((byte) 0), (byte) 0, DataCodings.ZERO, (byte) 0,
                            ("node crash " + i).getBytes(StandardCharsets.ISO_8859_1)).getMessageId());
                }
            } catch (Exception e) {
                // the node was killed under this submit: it was not acknowledged
            } finally {
                s.close();
            }
        }

        void close() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }
}
