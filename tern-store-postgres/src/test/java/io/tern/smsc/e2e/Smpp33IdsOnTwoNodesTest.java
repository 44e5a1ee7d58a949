package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.Esme.INTL;
import static io.tern.smsc.e2e.Esme.ISDN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.SharedStore;
import io.tern.smsc.store.StoredMessage;
import io.tern.store.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.InterfaceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMPP 3.3 ESMEs (interface_version 0x33) on two nodes of one PostgreSQL store, submitting at the
 * same time, get 8-digit message_ids that no other message has: each node's 3.3 ids carry its slot
 * (docs/scaling.md, "Keys and look-ups"). Without the slot the two nodes make the same id in the
 * same millisecond, and the second message is refused (ESME_RSYSERR) or stored under an id that
 * query_sm cannot tell from the first's.
 */
class Smpp33IdsOnTwoNodesTest {

    private static final int PER_NODE = 300;
    private static final int THREADS_PER_ESME = 2;

    @TempDir
    Path dir;
    private Smsc a;
    private Smsc b;
    private final List<Esme> clients = new ArrayList<>();
    private final ExecutorService submitters = Executors.newFixedThreadPool(2 * THREADS_PER_ESME);

    @AfterEach
    void stop() {
        submitters.shutdownNow();
        clients.forEach(Esme::close);
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** A message as its ESME submitted it: the id it was given is the key it is kept under. */
    private record Submitted(Esme esme, String account, String source, String destination) {}

    @Test
    void smpp33EsmesOnTwoNodesSubmittingAtOnceGetDistinctIdsThatQuerySmFinds() throws Exception {
        String url = TestDatabase.create("tern_ids33");
        a = PostgresEndToEndTest.startNode(url, dir.resolve("a"), "node-a");
        b = PostgresEndToEndTest.startNode(url, dir.resolve("b"), "node-b");
        Esme alice = bind33(a, "alice");
        Esme bob = bind33(b, "bob");

        Map<String, Submitted> byId = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS_PER_ESME; t++) {
            running.add(submitters.submit(submitting(alice, "alice", "5550001", "4477001", t, byId, failures)));
            running.add(submitters.submit(submitting(bob, "bob", "5551001", "4477002", t, byId, failures)));
        }
        for (Future<?> f : running) {
            f.get(2, TimeUnit.MINUTES);
        }

        assertThat(failures).as("submits that failed").isEmpty();
        assertThat(byId).as("distinct ids for the 2 x " + PER_NODE + " messages").hasSize(2 * PER_NODE);
        int slotA = ((SharedStore) a.store()).idSlot();
        int slotB = ((SharedStore) b.store()).idSlot();
        assertThat(slotA).isNotEqualTo(slotB);
        Map<String, Integer> perAccount = new HashMap<>();
        for (Map.Entry<String, Submitted> e : byId.entrySet()) {
            String id = e.getKey();
            Submitted s = e.getValue();
            assertThat(id).matches("[0-9a-f]{8}");
            assertThat(Long.parseLong(id, 16) & 0x3F).as("the slot in " + id)
                    .isEqualTo(s.account().equals("alice") ? slotA : slotB);
            // the shared store, read by the other node, holds the message under the id it was given
            StoredMessage stored = (s.account().equals("alice") ? b : a).store().find(id).join().orElseThrow();
            assertThat(stored.owner()).isEqualTo(s.account());
            assertThat(stored.destination().addr()).isEqualTo(s.destination());
            // query_sm by the id answers the submitter (another account's message would be ESME_RINVMSGID)
            assertThat(s.esme().session.queryShortMessage(id, INTL, ISDN, s.source()).getMessageState())
                    .as("query_sm " + id).isNotNull();
            perAccount.merge(s.account(), 1, Integer::sum);
        }
        assertThat(perAccount).containsEntry("alice", PER_NODE).containsEntry("bob", PER_NODE);
        assertThat(new HashSet<>(byId.values().stream().map(Submitted::destination).toList())).hasSize(2 * PER_NODE);
    }

    private Esme bind33(Smsc node, String systemId) throws Exception {
        Esme e = Esme.bind(node.ports().get(0), systemId, TestSmsc.PASSWORD, BindType.BIND_TRX, 3,
                InterfaceVersion.IF_33);
        clients.add(e);
        return e;
    }

    /**
     * {@link #PER_NODE} / {@link #THREADS_PER_ESME} submits from {@code esme} to handsets
     * {@code prefix}TNNNN, each recorded under the id it was given, or its failure in {@code failures}.
     */
    private static Runnable submitting(Esme esme, String account, String source, String prefix, int thread,
            Map<String, Submitted> byId, List<String> failures) {
        return () -> {
            for (int i = 0; i < PER_NODE / THREADS_PER_ESME; i++) {
                String destination = prefix + thread + String.format("%04d", i);
                try {
                    String id = esme.submit(source, destination, "m" + i, 0);
                    Submitted earlier = byId.putIfAbsent(id, new Submitted(esme, account, source, destination));
                    if (earlier != null) {
                        failures.add(destination + ": id " + id + " already given to " + earlier.destination());
                    }
                } catch (Exception e) {
                    failures.add(destination + ": " + e);
                }
            }
        };
    }
}
