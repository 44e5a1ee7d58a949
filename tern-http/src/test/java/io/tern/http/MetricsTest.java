package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A known load through real SMPP sessions, then GET /metrics over HTTP: the counters and gauges
 * moved by exactly what the load did, in the Prometheus text format, with bounded labels.
 */
class MetricsTest {

    private static final String SRC = "12345";

    @TempDir
    Path dir;
    TestServer tern;

    @BeforeEach
    void start() {
        tern = TestServer.start(dir, """
                http: {host: 127.0.0.1, port: 0, metrics_interval: 100ms}
                accounts:
                  - {system_id: alice, password_hash: HASH}
                  - {system_id: bob, password_hash: HASH}
                  - {system_id: carol, password_hash: HASH}
                routes:
                  - {destination: '5551*', target: 'esme:bob'}
                  - {destination: '5552*', target: 'esme:carol'}
                  - {destination: '99*', target: 'reject:ESME_RINVDSTADR'}
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '4471*', behaviour: fail}
                  - {numbers: '44*', behaviour: deliver}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void countersAndGaugesMoveWithAKnownLoad() throws Exception {
        Scrape before = tern.scrape();
        // declared before anything happened: a rate() sees the first event
        assertThat(before.get("tern_submits_total", "account", "alice", "command", "submit_sm", "status", "ESME_ROK"))
                .isEqualTo(0);
        assertThat(before.get("tern_deliveries_total", "channel", "connector", "outcome", "forwarded")).isEqualTo(0);
        assertThat(before.get("tern_messages_waiting", "target", "esme:carol")).isEqualTo(0);

        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        TestEsme bob = tern.bind("bob", BindType.BIND_RX);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(alice.submit(SRC, "44770090000" + i, "to a handset " + i, 1));
        }
        ids.add(alice.submit(SRC, "447100000001", "to a failing handset", 1));
        for (int i = 0; i < 2; i++) {
            ids.add(alice.submit(SRC, "555100" + i, "to bob " + i, 0));
        }
        for (int i = 0; i < 2; i++) {
            ids.add(alice.submit(SRC, "555200" + i, "to carol, who is not bound", 0));
        }
        assertThat(alice.submitRefused(SRC, "990000", "refused by the routes")).isEqualTo(0x0B);
        for (int i = 0; i < 4; i++) {
            alice.nextReceipt();
        }
        bob.nextMessage();
        bob.nextMessage();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape m = tern.scrape();
            assertThat(m.get("tern_submits_total", "account", "alice", "command", "submit_sm", "status", "ESME_ROK"))
                    .isEqualTo(8);
            assertThat(m.get("tern_submits_total", "account", "alice", "command", "submit_sm", "status",
                    "ESME_RINVDSTADR")).isEqualTo(1);
            assertThat(m.get("tern_deliveries_total", "channel", "sim", "outcome", "delivered")).isEqualTo(3);
            assertThat(m.get("tern_deliveries_total", "channel", "sim", "outcome", "permanent")).isEqualTo(1);
            assertThat(m.get("tern_deliveries_total", "channel", "esme", "outcome", "delivered")).isEqualTo(2);
            assertThat(m.get("tern_receipts_sent_total", "account", "alice")).isEqualTo(4);
            assertThat(m.get("tern_receipts_pending", "account", "alice")).isEqualTo(0);
            assertThat(m.get("tern_messages", "state", "delivered")).isEqualTo(5);
            assertThat(m.get("tern_messages", "state", "undeliverable")).isEqualTo(1);
            assertThat(m.get("tern_messages", "state", "enroute")).isEqualTo(2);
            assertThat(m.get("tern_messages_waiting", "target", "esme:carol")).isEqualTo(2);
            assertThat(m.get("tern_messages_waiting", "target", "sim")).isEqualTo(0);
            assertThat(m.get("tern_sessions_bound", "account", "alice", "bind_type", "transceiver")).isEqualTo(1);
            assertThat(m.get("tern_sessions_bound", "account", "bob", "bind_type", "receiver")).isEqualTo(1);
            assertThat(m.get("tern_sessions_bound", "account", "carol", "bind_type", "receiver")).isEqualTo(0);
        });

        Scrape m = tern.scrape();
        // not a single ESME_ROK more than the load: counters count each event once
        assertThat(m.all("tern_submits_total").stream().mapToDouble(Scrape.Series::value).sum()).isEqualTo(9);
        assertThat(m.get("tern_store_commits_total")).isPositive();
        assertThat(m.get("tern_store_committed_operations_total"))
                .isGreaterThanOrEqualTo(m.get("tern_store_commits_total"));
        assertThat(m.get("tern_store_writable")).isEqualTo(1);
        // commit latency and batch size as histograms: every transaction since start-up in +Inf. The
        // two are recorded one after the other for each commit, and background writes (sweeps) go on:
        // a scrape taken between the two sees them one apart, so the comparison takes a scrape
        // where no commit was half recorded
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape h = tern.scrape();
            double commits = h.get("tern_store_commit_seconds_count");
            assertThat(commits).isPositive().isLessThanOrEqualTo(h.get("tern_store_commits_total"));
            assertThat(h.get("tern_store_commit_seconds_bucket", "le", "+Inf")).isEqualTo(commits);
            assertThat(h.value("tern_store_commit_seconds_bucket", "le", "0.001")).isPresent();
            assertThat(h.get("tern_store_batch_size_count")).isEqualTo(commits);
            assertThat(h.get("tern_store_batch_size_sum")).isGreaterThanOrEqualTo(commits);
            assertThat(h.get("tern_store_batch_size_bucket", "le", "1.0")).isLessThanOrEqualTo(commits);
        });
        assertThat(m.types()).containsEntry("tern_store_commit_seconds", "histogram");
        assertThat(m.get("tern_smpp_listening")).isEqualTo(1);
        assertThat(m.types()).containsEntry("tern_submits_total", "counter").containsEntry("tern_messages", "gauge");
        // the JVM and the process
        assertThat(m.all("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(m.all("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
        assertThat(m.get("jvm_threads_live_threads")).isPositive();
        assertThat(m.get("system_cpu_count")).isPositive();
        assertThat(m.value("process_uptime_seconds")).isPresent();
        assertThat(m.value("process_cpu_usage")).isPresent();

        // bounded labels: no message id and no address anywhere in the exposition
        for (String id : ids) {
            assertThat(m.text()).doesNotContain(id);
        }
        assertThat(m.text()).doesNotContain("4477009").doesNotContain("555100").doesNotContain(SRC);
        // every label value of Tern's own series is from a small, known vocabulary
        Pattern allowed = Pattern.compile("alice|bob|carol|submit_sm|data_sm|submit_multi|ESME_R[A-Z_]+|OK|esme|sim"
                + "|connector|delivered|forwarded|temporary|permanent|unavailable|throttled|transmitter|receiver"
                + "|transceiver|scheduled|enroute|expired|deleted|undeliverable|accepted|unknown|rejected"
                + "|esme:(bob|carol)");
        for (Scrape.Series s : m.series()) {
            if (s.name().startsWith("tern_")) {
                s.labels().forEach((k, v) -> {
                    if (!k.equals("le")) { // a histogram's bucket bound
                        Matcher x = allowed.matcher(v);
                        assertThat(x.matches()).as("label value '%s' of %s", v, s.name()).isTrue();
                    }
                });
            }
        }
    }

    @Test
    void receiptsOwedToAnAccountWithoutReceiverArePendingUntilItBinds() throws Exception {
        TestEsme alice = tern.bind("alice", BindType.BIND_TX);
        for (int i = 0; i < 3; i++) {
            alice.submit(SRC, "44770090000" + i, "receipt owed " + i, 1);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape m = tern.scrape();
            assertThat(m.get("tern_messages", "state", "delivered")).isEqualTo(3);
            assertThat(m.get("tern_receipts_pending", "account", "alice")).isEqualTo(3);
            assertThat(m.get("tern_receipts_sent_total", "account", "alice")).isEqualTo(0);
            assertThat(m.get("tern_sessions_bound", "account", "alice", "bind_type", "transmitter")).isEqualTo(1);
        });

        TestEsme receiver = tern.bind("alice", BindType.BIND_RX);
        for (int i = 0; i < 3; i++) {
            receiver.nextReceipt();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape m = tern.scrape();
            assertThat(m.get("tern_receipts_pending", "account", "alice")).isEqualTo(0);
            assertThat(m.get("tern_receipts_sent_total", "account", "alice")).isEqualTo(3);
            assertThat(m.get("tern_sessions_bound", "account", "alice", "bind_type", "receiver")).isEqualTo(1);
        });
    }

    @Test
    void metricsAreTheTextFormatWithTernNames() throws Exception {
        HttpResponse<String> r = tern.get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain").contains("version=0.0.4"));
        assertThat(r.body()).contains("# TYPE tern_submits_total counter")
                .contains("# HELP tern_deliveries_total");
        Scrape s = Scrape.parse(r.body());
        assertThat(s.series()).isNotEmpty();
        assertThat(s.series().stream().map(Scrape.Series::name).filter(n -> n.contains("tern")))
                .allMatch(n -> n.startsWith("tern_"));
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertThat(tern.get("/nope").statusCode()).isEqualTo(404);
    }
}
