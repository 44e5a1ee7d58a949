package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connector metrics through two Terns over real sockets: A forwards through connector b to B, which
 * delivers and sends its receipts back; A's /metrics shows the connector's binds, window and
 * counters as ConnectorStatus has them, and the forwarded attempts.
 */
class ConnectorMetricsTest {

    @TempDir
    Path dir;
    TestServer upstream;
    TestServer tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aConnectorChangedOrAddedAtRunTimeIsScrapedAsItIsNow() throws Exception {
        upstream = TestServer.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                """);
        String before = """
                http: {port: 0, metrics_interval: 100ms}
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %1$d, system_id: tern-a, password: secret}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.smppPort());
        tern = TestServer.start(dir.resolve("a"), before);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tern.scrape().get("tern_connector_sessions_bound", "connector", "b")).isEqualTo(1));

        String after = before.replace("password: secret}", "password: secret, sessions: 2}\n"
                + "  - {name: c, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret}"
                        .formatted(upstream.smppPort()));
        tern.server.smsc().apply(io.tern.smsc.config.ConfigLoader.parse(
                TestServer.yaml(dir.resolve("a"), after), dir));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape m = tern.scrape();
            assertThat(m.get("tern_connector_sessions", "connector", "b")).as("the rebuilt connector").isEqualTo(2);
            assertThat(m.get("tern_connector_sessions_bound", "connector", "b")).isEqualTo(2);
            assertThat(m.get("tern_connector_sessions_bound", "connector", "c")).as("the added one").isEqualTo(1);
        });
    }

    @Test
    void theOverviewListsTheErrorOfAConnectorThatHasOneAndNoneForAHealthyOne() throws Exception {
        upstream = TestServer.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                """);
        int nobody;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        tern = TestServer.start(dir.resolve("a"), """
                http: {port: 0}
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret}
                  - {name: gone, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret,
                     reconnect: {min: 100ms, max: 1s}}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.smppPort(), nobody));
        TernMetrics metrics = tern.server.metrics().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            io.vertx.core.json.JsonObject o = metrics.overview();
            assertThat(o.getJsonArray("connectors").stream().map(c -> ((io.vertx.core.json.JsonObject) c)
                    .getString("state"))).containsExactly("up", "down");
            assertThat(o.getJsonArray("errors").size()).as(o.encode()).isEqualTo(1);
        });
        io.vertx.core.json.JsonObject error = metrics.overview().getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("source")).isEqualTo("connector gone");
        assertThat(error.getString("error")).startsWith("bind failed: ");
        assertThat(error.getString("cleared_at")).as("a connector still down has not cleared it").isNull();
        assertThat(java.time.Instant.parse(error.getString("at"))).isBefore(java.time.Instant.now().plusSeconds(1));
    }

    @Test
    void theConnectorsStateAndCountersAreScraped() throws Exception {
        upstream = TestServer.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                """);
        tern = TestServer.start(dir.resolve("a"), """
                http: {port: 0, metrics_interval: 100ms}
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret, bind: trx,
                     sessions: 2, window: 20, reconnect: {min: 100ms, max: 1s}}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.smppPort()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tern.scrape().get("tern_connector_sessions_bound", "connector", "b")).isEqualTo(2));

        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        for (int i = 0; i < 5; i++) {
            alice.submit("447700800001", "4477009" + String.format("%05d", i), "through b " + i, 1);
        }
        for (int i = 0; i < 5; i++) {
            alice.nextReceipt();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape m = tern.scrape();
            assertThat(m.get("tern_connector_sessions", "connector", "b")).isEqualTo(2);
            assertThat(m.get("tern_connector_sessions_bound", "connector", "b")).isEqualTo(2);
            assertThat(m.get("tern_connector_window_size", "connector", "b")).isEqualTo(40);
            assertThat(m.get("tern_connector_window_in_use", "connector", "b")).isEqualTo(0);
            assertThat(m.get("tern_connector_paused", "connector", "b")).isEqualTo(0);
            assertThat(m.get("tern_connector_submitted_total", "connector", "b")).isEqualTo(5);
            assertThat(m.get("tern_connector_forwarded_total", "connector", "b")).isEqualTo(5);
            assertThat(m.get("tern_connector_receipts_total", "connector", "b")).isEqualTo(5);
            assertThat(m.get("tern_connector_failed_total", "connector", "b")).isEqualTo(0);
            assertThat(m.get("tern_connector_throttled_total", "connector", "b")).isEqualTo(0);
            assertThat(m.get("tern_deliveries_total", "channel", "connector", "outcome", "forwarded")).isEqualTo(5);
            assertThat(m.get("tern_receipts_sent_total", "account", "alice")).isEqualTo(5);
            assertThat(m.get("tern_messages", "state", "delivered")).isEqualTo(5);
            assertThat(m.get("tern_messages_waiting", "target", "connector:b")).isEqualTo(0);
        });

        // every series the Grafana dashboard in docs/ queries exists in a real scrape
        String dashboard = Files.readString(Path.of("..", "docs", "grafana-tern.json"));
        Set<String> scraped = tern.scrape().series().stream().map(Scrape.Series::name).collect(Collectors.toSet());
        Matcher names = Pattern.compile("\\b((?:tern|jvm|process|system)_[a-z0-9_]+)").matcher(dashboard);
        Set<String> queried = new TreeSet<>();
        while (names.find()) {
            // Micrometer registers the GC pause timer at the first collection, which a short test may not see
            if (!names.group(1).startsWith("jvm_gc_pause_")) {
                queried.add(names.group(1));
            }
        }
        assertThat(queried).contains("tern_submits_total", "tern_store_commit_seconds_bucket",
                "tern_connector_window_in_use", "jvm_memory_used_bytes");
        assertThat(scraped).containsAll(queried);
    }
}
