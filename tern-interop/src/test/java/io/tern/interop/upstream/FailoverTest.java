package io.tern.interop.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connector groups over real sockets with two upstream SMSCs ({@link ScriptedUpstream}, which
 * accept everything and keep the receipts they owe across a restart, as an SMSC with a store does):
 * a failover group whose first upstream dies under load and comes back on the same port, and a
 * weighted group. Nothing the ESME got a message_id for may lose its receipt; messages the
 * upstreams saw twice are counted and printed.
 */
class FailoverTest {

    @TempDir
    Path dir;
    ScriptedUpstream a;
    ScriptedUpstream b;
    TernUnderTest tern;

    @AfterEach
    void stop() throws Exception {
        if (tern != null) {
            tern.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private TestEsme start(String group) throws Exception {
        a = ScriptedUpstream.start("a", 1_000_000);
        b = ScriptedUpstream.start("b", 2_000_000);
        tern = TernUnderTest.start(dir, """
                connectors:
                  - {name: a, host: 127.0.0.1, port: %d, system_id: tern, password: pw, window: 50,
                     response_timeout: 5s, reconnect: {min: 100ms, max: 300ms}}
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern, password: pw, window: 50,
                     response_timeout: 5s, reconnect: {min: 100ms, max: 300ms}}
                connector_groups:
                  - %s
                routes:
                  - {destination: '44*', target: 'group:g'}
                """.formatted(a.port(), b.port(), group));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.status("a").bound() == 1 && tern.status("b").bound() == 1);
        return tern.bind();
    }

    private static String dest(int i) {
        return "4477009" + String.format("%05d", i);
    }

    @Test
    void failoverUnderLoadLosesNothingAndTrafficReturnsToTheFirstUpstream() throws Exception {
        TestEsme esme = start("{name: g, strategy: failover, members: [a, b]}");
        List<String> ids = new ArrayList<>();

        // 1. 800 messages; once the first upstream has accepted 200 of them it hangs (reads and does
        // not answer) until 20 are in Tern's window, and dies
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> submit(esme, 0, 800));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.accepted.get() >= 200);
        a.script(s -> ScriptedUpstream.Answer.SILENT);
        await().atMost(Duration.ofSeconds(20)).until(() -> tern.status("a").windowInUse() >= 20);
        a.stop();
        a.script(s -> ScriptedUpstream.Answer.ACCEPT);
        int aBeforeStop = a.accepted.get();
        ids.addAll(first.get());
        await().atMost(Duration.ofSeconds(20)).until(() -> tern.status("a").bound() == 0);

        // 2. 400 more while it is down: all to the second
        int bBefore = b.accepted.get();
        ids.addAll(submit(esme, 800, 400));
        await().atMost(Duration.ofSeconds(20)).until(() -> b.accepted.get() >= bBefore + 400);
        assertThat(a.accepted.get()).isEqualTo(aBeforeStop);

        // 3. the first comes back on the same port; 800 more go to it again
        a.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.status("a").bound() == 1);
        int aBeforeReturn = a.accepted.get();
        int bBeforeReturn = b.accepted.get();
        ids.addAll(submit(esme, 1200, 800));
        assertThat(ids).hasSize(2000).doesNotHaveDuplicates();

        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> esme.receiptedAll(Set.copyOf(ids)));
        } finally {
            List<String> missing = ids.stream().filter(id -> !esme.receipts.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                System.out.println(missing.size() + " without a receipt; a: " + tern.status("a") + ", b: "
                        + tern.status("b") + "; upstream receipts acknowledged a=" + a.receiptsAcknowledged
                        + " b=" + b.receiptsAcknowledged);
                for (String id : missing.subList(0, Math.min(5, missing.size()))) {
                    System.out.println(tern.smsc.store().find(id).join().orElseThrow() + " link="
                            + tern.smsc.store().upstreamLink(id).join());
                }
            }
        }
        int aAfter = a.accepted.get() - aBeforeReturn;
        int bAfter = b.accepted.get() - bBeforeReturn;
        Map<String, Integer> seen = new HashMap<>();
        a.timesSeen.forEach((text, n) -> seen.merge(text, n.get(), Integer::sum));
        b.timesSeen.forEach((text, n) -> seen.merge(text, n.get(), Integer::sum));
        long seenTwice = seen.values().stream().filter(n -> n > 1).count();
        Map<String, Integer> accepted = new HashMap<>(a.acceptedTexts());
        b.acceptedTexts().forEach((text, n) -> accepted.merge(text, n, Integer::sum));
        long acceptedTwice = accepted.values().stream().filter(n -> n > 1).count();
        System.out.printf("failover of 2000 messages: upstream a accepted %d before it stopped, b took over;"
                + " after a came back a accepted %d and b %d of the last 800; %d messages seen twice by the"
                + " upstreams, %d accepted twice (%.2f%%); unmatched receipts a=%d b=%d; receipts to the ESME %d,"
                + " duplicate receipts %d%n", aBeforeStop, aAfter, bAfter, seenTwice, acceptedTwice,
                acceptedTwice * 100.0 / 2000, tern.status("a").unmatchedReceipts(),
                tern.status("b").unmatchedReceipts(), esme.receipts.size(), esme.duplicateReceipts.sum());

        // nothing lost: every message_id the ESME got has its final receipt, DELIVRD, and is DELIVERED
        assertThat(esme.receipts.keySet()).containsAll(ids);
        assertThat(esme.duplicateReceipts.sum()).isZero();
        Set<String> notDelivered = new HashSet<>();
        for (String id : ids) {
            if (esme.receipts.get(id).state() != 2 || tern.state(id) != MessageState.DELIVERED) {
                notDelivered.add(id);
            }
        }
        assertThat(notDelivered).isEmpty();
        assertThat(accepted.keySet()).hasSize(2000);
        // traffic went back to the first upstream once it was back
        assertThat(aAfter).as("of the last 800, accepted by a").isGreaterThanOrEqualTo(700);
        // at most the window of the session that died, and the answers lost with it
        assertThat(seenTwice).isLessThanOrEqualTo(100);
    }

    @Test
    void aThrottlingFirstUpstreamHandsTrafficToTheSecondForItsPauseOnly() throws Exception {
        TestEsme esme = start("{name: g, strategy: failover, members: [a, b]}");
        a.script(s -> ScriptedUpstream.Answer.refuse(io.tern.smpp.pdu.CommandStatus.ESME_RTHROTTLED));

        List<String> ids = submit(esme, 0, 50);

        await().atMost(Duration.ofSeconds(20)).until(() -> esme.receiptedAll(Set.copyOf(ids)));
        assertThat(a.accepted.get()).isZero();
        assertThat(b.accepted.get()).isEqualTo(50);
        assertThat(tern.status("a").throttled()).isPositive();
        for (String id : ids) {
            assertThat(tern.attempts(id)).as("a throttle is no failed attempt").isEqualTo(1);
        }

        // once the first stops throttling, traffic goes back to it after the pause
        a.script(s -> ScriptedUpstream.Answer.ACCEPT);
        await().atMost(Duration.ofSeconds(5)).until(() -> tern.smsc.connectors().connector("a").healthy());
        List<String> later = submit(esme, 50, 50);
        await().atMost(Duration.ofSeconds(20)).until(() -> esme.receiptedAll(Set.copyOf(later)));
        assertThat(a.accepted.get()).isEqualTo(50);
        assertThat(b.accepted.get()).isEqualTo(50);
    }

    @Test
    void aWeightedGroupSplitsTrafficByWeight() throws Exception {
        TestEsme esme = start("{name: g, strategy: weighted, members: [{connector: a, weight: 3},"
                + " {connector: b, weight: 1}]}");

        List<String> ids = submit(esme, 0, 400);

        await().atMost(Duration.ofSeconds(20)).until(() -> esme.receiptedAll(Set.copyOf(ids)));
        System.out.printf("weighted 3:1 over 400 messages: a %d, b %d%n", a.accepted.get(), b.accepted.get());
        assertThat(a.accepted.get() + b.accepted.get()).isEqualTo(400);
        assertThat(a.accepted.get()).isBetween(270, 330);
        assertThat(a.duplicates() + b.duplicates()).isZero();
    }

    private static List<String> submit(TestEsme esme, int from, int count) {
        try {
            return esme.submitAll(count, 8, i -> dest(from + i), i -> "load " + (from + i));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
