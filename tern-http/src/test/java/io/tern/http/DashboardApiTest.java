package io.tern.http;

import static io.tern.http.AdminApiTest.json;
import static io.tern.http.AdminApiTest.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard stands on, over real HTTP against a running Tern: its files (content types,
 * ETag revalidation, no caching without it), the overview, the message search, handset ranges and
 * MO injection, and the problem+json answers to bad input.
 */
class DashboardApiTest {

    @TempDir
    Path dir;
    TestServer tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
    }

    private HttpResponse<String> get(String path, String etag) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tern.httpPort() + path));
        if (etag != null) {
            b.header("if-none-match", etag);
        }
        return tern.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesItsFilesWithContentTypesAndRevalidation() throws Exception {
        tern = TestServer.startAdministered(dir, AdminApiTest.BODY);
        String[][] files = {{"/", "text/html; charset=utf-8", "login-form"},
            {"/dashboard/app.js", "text/javascript; charset=utf-8", "sessionStorage"},
            {"/dashboard/style.css", "text/css; charset=utf-8", "[hidden]"}};
        for (String[] f : files) {
            HttpResponse<String> r = get(f[0], null);
            assertThat(r.statusCode()).as(f[0]).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue(f[1]);
            assertThat(r.headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(r.body()).contains(f[2]);
            String etag = r.headers().firstValue("etag").orElseThrow();
            HttpResponse<String> again = get(f[0], etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
        assertThat(get("/dashboard/missing.js", null).statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/index.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void overviewSearchHandsetsAndMoWithTheirErrors() throws Exception {
        tern = TestServer.startAdministered(dir, AdminApiTest.BODY);
        problem(tern.admin("GET", "/overview", null, null), 401, "authorization");
        HttpResponse<String> refused = tern.admin("GET", "/overview", null, "tern_admin_forged");
        assertThat(refused.headers().firstValue("www-authenticate").orElseThrow()).startsWith("Bearer")
                .doesNotContain("Basic");

        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        String id = alice.submit("1234", "447700900055", "hello", 1);
        alice.nextReceipt();
        await().atMost(Duration.ofSeconds(10)).until(() -> json(tern.admin("GET", "/overview", null))
                .path("receipts").asLong() == 1);
        JsonNode o = json(tern.admin("GET", "/overview", null));
        assertThat(o.path("submitted").asLong()).isEqualTo(1);
        assertThat(o.path("delivered").asLong()).isEqualTo(1);
        assertThat(o.path("sessions").asInt()).isEqualTo(1);
        assertThat(o.path("bound_sessions").get(0).path("system_id").asText()).isEqualTo("alice");
        assertThat(o.path("bound_sessions").get(0).path("bind").asText()).isEqualTo("transceiver");
        assertThat(o.path("bound_sessions").get(0).path("remote").asText()).startsWith("/127.0.0.1:");
        assertThat(o.path("messages").has("delivered")).isTrue();

        JsonNode byId = json(tern.admin("GET", "/messages?id=" + id, null));
        assertThat(byId).hasSize(1);
        assertThat(byId.get(0).path("state").asText()).isEqualTo("DELIVERED");
        assertThat(byId.get(0).path("attempts").get(0).path("event").asText()).isEqualTo("DELIVERED");
        assertThat(byId.get(0).path("receipts").get(0).path("event").asText()).isEqualTo("RECEIPT_SENT");
        String from = Instant.now().minusSeconds(3600).toString();
        JsonNode byNumber = json(tern.admin("GET", "/messages?number=%2B447700900055&from=" + from, null));
        assertThat(byNumber.findValuesAsText("id")).containsExactly(id);
        assertThat(json(tern.admin("GET", "/messages?number=447700900056&from=" + from, null))).isEmpty();
        assertThat(json(tern.admin("GET", "/messages?id=nope", null))).isEmpty();
        problem(tern.admin("GET", "/messages", null), 400, "id");
        problem(tern.admin("GET", "/messages?number=12ab", null), 400, "number");
        problem(tern.admin("GET", "/messages?number=1&from=yesterday", null), 400, "from");
        problem(tern.admin("GET", "/messages?number=1&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", null),
                400, "from");

        assertThat(tern.admin("PUT", "/handset-ranges", "{\"pattern\": \"4477009003*\", \"present\": false}")
                .statusCode()).isEqualTo(200);
        assertThat(tern.server.smsc().handsets().isPresent("447700900301")).isFalse();
        assertThat(tern.server.smsc().handsets().isPresent("447700900401")).isTrue();
        problem(tern.admin("PUT", "/handset-ranges", "{\"pattern\": \"44*77\", \"present\": false}"), 400, "pattern");
        problem(tern.admin("PUT", "/handset-ranges", "{\"pattern\": \"44*\"}"), 400, "present");

        HttpResponse<String> mo = tern.admin("POST", "/handsets/447700900001/mo", "{\"to\": \"447700900002\", "
                + "\"text\": \"from a handset\"}");
        assertThat(mo.statusCode()).as(mo.body()).isEqualTo(201);
        String moId = json(mo).path("id").asText();
        assertThat(tern.server.smsc().store().find(moId).join()).isPresent();
        problem(tern.admin("POST", "/handsets/447700900001/mo", "{\"to\": \"x\", \"text\": \"t\"}"), 400, "to");
        problem(tern.admin("POST", "/handsets/447700900001/mo", "{\"to\": \"1\", \"text\": \"\"}"), 400, "text");
    }
}
