package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.store.StoreFaults;
import io.tern.smsc.store.StoreHealth;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health/live and /health/ready over real HTTP: ready while the store commits and the SMPP
 * listeners are up, 503 with the store's reason while the disk is full (StoreFaults caps the
 * SQLite file as a full disk does), and ready again once space is back, without a restart.
 */
class HealthTest {

    private static final String BODY = """
            http: {port: 0, metrics_interval: 100ms}
            accounts:
              - {system_id: alice, password_hash: HASH}
            routes:
              - {destination: '*', target: sim}
            """;

    @TempDir
    Path dir;
    TestServer tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
    }

    @Test
    void liveAndReadyWhenTheStoreWritesAndTheListenersAreUp() throws Exception {
        tern = TestServer.start(dir, BODY);

        HttpResponse<String> live = tern.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");
        HttpResponse<String> ready = tern.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(ready.body());
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getJsonObject("store").getBoolean("writable")).isTrue();
        assertThat(body.getJsonObject("smpp").getBoolean("listening")).isTrue();
        assertThat(body.getJsonObject("smpp").getJsonArray("ports").getInteger(0)).isEqualTo(tern.smppPort());

        // HEAD answers the status without a body; another method is 405 naming the two
        for (String path : new String[] {"/health/live", "/health/ready"}) {
            HttpResponse<String> head = tern.http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + tern.httpPort() + path))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            HttpResponse<String> post = tern.http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + tern.httpPort() + path))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(path).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).as(path).hasValue("GET, HEAD");
        }
    }

    @Test
    void notReadyWithTheStoresReasonWhileTheDiskIsFullAndReadyAgainOnceItIsFreed() throws Exception {
        tern = TestServer.start(dir, BODY);
        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        alice.submit("12345", "447700900001", "before", 0);

        StoreFaults.fill(tern.server.smsc().store());
        int refused = 0;
        for (int i = 0; i < 10_000 && refused == 0; i++) {
            try {
                alice.submit("12345", "4477009" + String.format("%05d", i), "x".repeat(140), 0);
            } catch (org.jsmpp.extra.NegativeResponseException e) {
                refused = e.getCommandStatus();
            }
        }
        assertThat(refused).as("ESME_RMSGQFUL while the disk is full").isEqualTo(0x14);
        StoreHealth health = tern.server.smsc().store().health();
        assertThat(health.writable()).isFalse();

        HttpResponse<String> ready = tern.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject body = new JsonObject(ready.body());
        assertThat(body.getString("status")).isEqualTo("DOWN");
        assertThat(body.getString("reason")).startsWith("store not writable since ").contains(health.reason());
        assertThat(body.getJsonObject("store").getBoolean("writable")).isFalse();
        assertThat(body.getJsonObject("store").getString("reason")).isNotEmpty();
        // alive all the same: the process runs, only its store waits for space
        assertThat(tern.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(tern.scrape().get("tern_store_writable")).isEqualTo(0);
        assertThat(tern.scrape().get("tern_submits_total", "account", "alice", "command", "submit_sm", "status",
                "ESME_RMSGQFUL")).isEqualTo(1);

        StoreFaults.free(tern.server.smsc().store());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(tern.get("/health/ready").statusCode()).isEqualTo(200));
        assertThat(tern.scrape().get("tern_store_writable")).isEqualTo(1);
    }

    @Test
    void notReadyButAliveWhileTheSmscDrains() throws Exception {
        tern = TestServer.start(dir, BODY);
        assertThat(tern.get("/health/ready").statusCode()).isEqualTo(200);

        // what TernServer.close() does first: the SMSC drains while the HTTP listener still answers
        tern.server.smsc().close();

        HttpResponse<String> ready = tern.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(ready.body()).getString("reason"))
                .isEqualTo("SMPP listeners are not up (starting or shutting down)");
        assertThat(tern.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(tern.scrape().get("tern_smpp_listening")).isEqualTo(0);
    }

    @Test
    void noHttpKeyNoListener() {
        TernServer s = TernServer.start(ConfigLoader.parse(TestServer.yaml(dir, ""), Path.of(".")),
                Clock.systemUTC());
        try {
            assertThat(s.httpPort()).isEmpty();
            assertThat(s.metrics()).isEmpty();
            assertThat(s.smsc().listening()).isTrue();
        } finally {
            s.close();
        }
    }

    @Test
    void aTakenHttpPortStopsStartUpAndReleasesTheSmsc() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String yaml = TestServer.yaml(dir, "http: {port: " + taken.getLocalPort() + "}\n");
            assertThatThrownBy(() -> TernServer.start(ConfigLoader.parse(yaml, Path.of(".")), Clock.systemUTC()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot start the HTTP listener on 127.0.0.1:" + taken.getLocalPort());
        }
        // the data directory's lock went with the SMSC: the same directory starts again
        tern = TestServer.start(dir, BODY);
        assertThat(tern.get("/health/ready").statusCode()).isEqualTo(200);
    }
}
