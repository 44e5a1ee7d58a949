package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smsc.config.ConfigDocument;
import io.tern.smsc.config.TernConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over real HTTP against a running Tern with its SQLite store: every operation, the
 * errors for bad input (problem+json naming the field), changes in force at once for SMPP sessions,
 * and what the database keeps across a restart.
 */
class AdminApiTest {

    static final String BODY = """
            http: {port: 0}
            accounts:
              - {system_id: alice, password_hash: HASH}
              - {system_id: bob, password_hash: HASH}
            routes:
              - {destination: '44*', target: sim}
            """;
    /** An account owning 5550*, so that handsets' MOs to those numbers (replies) reach it. */
    static final String ACME = """
            http: {port: 0}
            accounts:
              - {system_id: acme, password_hash: HASH, addresses: ['5550*']}
            routes:
              - {destination: '44*', target: sim}
            """;
    static final String STRONG = "Tern2day";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestServer tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** Asserts a problem+json answer with {@code status} naming {@code field}; returns its detail. */
    static String problem(HttpResponse<String> r, int status, String field) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("field").asText(null)).isEqualTo(field);
        assertThat(p.path("detail").asText()).isNotBlank();
        return p.path("detail").asText();
    }

    @Test
    void createsAnAccountThatBindsAtOnceWithItsPasswordNeverShown() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        HttpResponse<String> r = tern.admin("POST", "/accounts", """
                {"system_id": "carol", "password": "%s", "max_binds": 2, "throughput": {"rate": 100},
                 "allowed_ips": ["127.0.0.0/8"], "addresses": ["5559*"]}""".formatted(STRONG));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("password_hash").asText()).isEqualTo("****");
        assertThat(r.body()).doesNotContain(STRONG);

        try (TestEsme carol = TestEsme.bind(tern.smppPort(), "carol", STRONG, BindType.BIND_TRX)) {
            assertThat(carol.submit("5559000", "447700900001", "hi", 0)).isNotBlank();
            JsonNode shown = json(tern.admin("GET", "/accounts/carol", null));
            assertThat(shown.path("sessions_bound").asInt()).isEqualTo(1);
            assertThat(shown.path("sessions").get(0).path("bind").asText()).isEqualTo("transceiver");
            assertThat(shown.path("sessions").get(0).path("remote").asText()).startsWith("/127.0.0.1:");
            assertThat(shown.path("sessions").get(0).path("interface_version").asText()).isEqualTo("3.4");
        }
        JsonNode list = json(tern.admin("GET", "/accounts", null));
        assertThat(list.findValuesAsText("system_id")).containsExactly("alice", "bob", "carol");
        assertThat(list.findValuesAsText("password_hash")).containsOnly("****");
        JsonNode carol = json(tern.admin("GET", "/accounts/carol", null));
        assertThat(carol.path("max_binds").asInt()).isEqualTo(2);
        assertThat(carol.path("sessions_bound").asInt()).isZero();
        assertThat(carol.path("sessions")).isEmpty();
    }

    @Test
    void anAccountsWebhookSecretIsNeverShownButExportedForItsFile() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        String secret = "alice-webhook-hmac-key-0001";
        HttpResponse<String> r = tern.admin("PATCH", "/accounts/alice",
                "{\"webhooks\": {\"receipts\": \"https://crm.example.com/r\", \"secret\": \"" + secret + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(secret);

        assertThat(json(tern.admin("GET", "/accounts/alice", null)).path("webhooks").path("secret").asText())
                .isEqualTo("****");
        assertThat(tern.admin("GET", "/accounts", null).body()).doesNotContain(secret);
        assertThat(tern.admin("GET", "/audit?limit=5", null).body()).doesNotContain(secret);
        // the export is a configuration file --config accepts: the secret is in it, as the password hashes are
        assertThat(tern.admin("GET", "/export", null).body()).contains(secret);
    }

    @Test
    void badInputIsRefusedWithProblemDetailsNamingTheField() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        assertThat(problem(tern.admin("POST", "/accounts",
                "{\"system_id\": \"alice\", \"password\": \"" + STRONG + "\"}"), 409, "system_id"))
                .contains("alice");
        assertThat(problem(tern.admin("POST", "/accounts", "{\"system_id\": \"dave\", \"password\": \"abc\"}"),
                400, "password")).contains("weak password");
        assertThat(problem(tern.admin("POST", "/accounts", "{\"system_id\": \"dave\", \"password\": \"dave1234\"}"),
                400, "password")).contains("system_id");
        assertThat(problem(tern.admin("POST", "/accounts",
                "{\"system_id\": \"dave\", \"password\": \"" + STRONG + "\", \"allowed_ips\": [\"10.0.0.0/33\"]}"),
                400, "allowed_ips[0]")).contains("10.0.0.0/33");
        assertThat(problem(tern.admin("POST", "/accounts",
                "{\"system_id\": \"dave\", \"password\": \"" + STRONG + "\", \"throughput\": {\"rate\": \"fast\"}}"),
                400, "throughput.rate")).contains("fast");
        assertThat(problem(tern.admin("POST", "/accounts", "{\"system_id\": \"dave\", \"password\": \"" + STRONG
                + "\", \"colour\": \"red\"}"), 400, "colour")).contains("unknown key");
        assertThat(problem(tern.admin("PATCH", "/accounts/nobody", "{\"max_binds\": 2}"), 404, "system_id"))
                .contains("nobody");
        assertThat(problem(tern.admin("POST", "/accounts/nobody/disable", null), 404, "system_id"))
                .contains("nobody");
        problem(tern.admin("POST", "/accounts", "{not json"), 400, null);
        assertThat(problem(tern.admin("POST", "/accounts", "{\"system_id\": \"dave\", \"password\": \"" + STRONG
                + "\", \"system_id\": \"erin\"}"), 400, null)).contains("Duplicate field 'system_id'");
        // a path that exists with another method: 405 and the methods it has, not 404
        HttpResponse<String> wrong = tern.admin("PUT", "/accounts/nobody", "{}");
        assertThat(problem(wrong, 405, null)).contains("allowed: DELETE, GET, PATCH");
        assertThat(wrong.headers().firstValue("Allow")).hasValue("DELETE, GET, PATCH");
        assertThat(problem(tern.admin("GET", "/no-such-thing", null), 404, null)).contains("no admin operation");
        assertThat(problem(tern.admin("DELETE", "/connectors/nowhere", null), 404, "name")).contains("nowhere");
        assertThat(problem(tern.admin("POST", "/routes", "{\"destination\": \"33*\", \"target\": \"connector:x\"}"),
                400, "target")).contains("no connector named 'x'");
        assertThat(problem(tern.admin("DELETE", "/routes/7", null), 404, "index")).contains("7");
        assertThat(problem(tern.admin("PUT", "/handsets/12ab", "{\"present\": true}"), 400, "msisdn")).isNotBlank();

        // nothing of it was kept: the configuration is still version 1, the seed
        assertThat(json(tern.admin("GET", "/config/version", null)).path("version").asLong()).isEqualTo(1);
        assertThat(json(tern.admin("GET", "/accounts", null)).findValuesAsText("system_id"))
                .containsExactly("alice", "bob");
    }

    @Test
    void withoutAValidTokenOrFromAnotherAddressNothingIsAnswered() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        problem(tern.admin("GET", "/accounts", null, null), 401, "authorization");
        problem(tern.admin("GET", "/accounts", null, "tern_admin_forged"), 401, "authorization");
        tern.close();

        tern = TestServer.startAdministered(dir, BODY.replace("http: {port: 0}",
                "http: {port: 0, admin_allowed_ips: ['10.0.0.0/8']}"));
        assertThat(problem(tern.admin("GET", "/accounts", null), 403, null)).contains("127.0.0.1");
    }

    @Test
    void aDisabledAccountsSessionsAreUnboundAndOthersAreNotDisturbed() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        TestEsme bob = tern.bind("bob", BindType.BIND_TRX);

        HttpResponse<String> r = tern.admin("POST", "/accounts/alice/disable", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("enabled").asBoolean(true)).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !alice.bound());
        assertThat(bob.bound()).isTrue();
        assertThat(bob.submit("1234", "447700900002", "still here", 0)).isNotBlank();
        assertThatThrownBy(() -> TestEsme.bind(tern.smppPort(), "alice", TestServer.PASSWORD, BindType.BIND_TX))
                .isInstanceOf(IOException.class);

        assertThat(tern.admin("POST", "/accounts/alice/enable", null).statusCode()).isEqualTo(200);
        try (TestEsme again = TestEsme.bind(tern.smppPort(), "alice", TestServer.PASSWORD, BindType.BIND_TX)) {
            assertThat(again.submit("1234", "447700900003", "back", 0)).isNotBlank();
        }
    }

    @Test
    void anAdministratorUnbindsAnAccountsSessionsWhichMayBindAgain() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        TestEsme alice1 = tern.bind("alice", BindType.BIND_TRX);
        TestEsme alice2 = tern.bind("alice", BindType.BIND_RX);
        TestEsme bob = tern.bind("bob", BindType.BIND_TRX);

        HttpResponse<String> r = tern.admin("POST", "/accounts/alice/unbind", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("unbound_sessions").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !alice1.bound() && !alice2.bound());
        assertThat(bob.bound()).isTrue();
        try (TestEsme again = TestEsme.bind(tern.smppPort(), "alice", TestServer.PASSWORD, BindType.BIND_TX)) {
            assertThat(again.submit("1234", "447700900003", "back at once", 0)).isNotBlank();
        }
        JsonNode audit = json(tern.admin("GET", "/audit?limit=1", null)).get(0);
        assertThat(audit.path("action").asText()).isEqualTo("account.unbind");
        assertThat(audit.path("subject").asText()).isEqualTo("alice");
        assertThat(problem(tern.admin("POST", "/accounts/nobody/unbind", null), 404, "system_id")).contains("nobody");
    }

    @Test
    void updatesThroughputAddressesAndPasswordWhileBobStaysBound() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        TestEsme bob = tern.bind("bob", BindType.BIND_TRX);
        try (TestEsme alice = TestEsme.bind(tern.smppPort(), "alice", TestServer.PASSWORD, BindType.BIND_TX)) {
            HttpResponse<String> r = tern.admin("PATCH", "/accounts/alice", "{\"source_addresses\": [\"1234\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(alice.submitRefused("999", "447700900001", "three")).isEqualTo(0x0A); // ESME_RINVSRCADR
            r = tern.admin("PATCH", "/accounts/alice", "{\"throughput\": {\"rate\": 1, \"burst\": 1}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(alice.submit("1234", "447700900001", "one", 0)).isNotBlank();
            assertThat(alice.submitRefused("1234", "447700900001", "two")).isEqualTo(0x58); // ESME_RTHROTTLED
        }
        HttpResponse<String> r;
        r = tern.admin("POST", "/accounts/alice/password", "{\"password\": \"" + STRONG + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThatThrownBy(() -> TestEsme.bind(tern.smppPort(), "alice", TestServer.PASSWORD, BindType.BIND_TX))
                .isInstanceOf(IOException.class);
        TestEsme.bind(tern.smppPort(), "alice", STRONG, BindType.BIND_TX).close();
        assertThat(bob.bound()).isTrue();

        assertThat(tern.admin("DELETE", "/accounts/alice", null).statusCode()).isEqualTo(204);
        problem(tern.admin("GET", "/accounts/alice", null), 404, "system_id");
    }

    @Test
    void aChangedRouteTakesEffectForNewMessagesOnly() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        TestEsme bob = tern.bind("bob", BindType.BIND_RX);
        String before = alice.submit("1234", "447700900001", "to the handsets", 0);

        HttpResponse<String> r = tern.admin("PUT", "/routes",
                "[{\"destination\": \"44*\", \"target\": \"esme:bob\"}]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String after = alice.submit("1234", "447700900001", "to bob", 0);

        assertThat(new String(bob.nextMessage().getShortMessage())).isEqualTo("to bob");
        assertThat(tern.server.smsc().store().find(before).join().orElseThrow().target()).isEqualTo("sim");
        assertThat(tern.server.smsc().store().find(after).join().orElseThrow().target()).isEqualTo("esme:bob");

        // a route inserted first wins; removing it restores the table
        r = tern.admin("POST", "/routes?position=0", "{\"destination\": \"4477*\", \"target\": \"reject:ESME_RINVDSTADR\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(alice.submitRefused("1234", "447700900001", "nowhere")).isEqualTo(0x0B);
        r = tern.admin("DELETE", "/routes/0", null);
        assertThat(json(r).size()).isEqualTo(1);
        assertThat(alice.submit("1234", "447700900001", "to bob again", 0)).isNotBlank();
    }

    @Test
    void connectorsAreAddedDisabledEnabledAndRemovedWithoutARestart() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        String connector = """
                {"name": "up", "host": "127.0.0.1", "port": 9, "system_id": "tern", "password": "pw123",
                 "reconnect": {"min": "1s", "max": "1s"}}""";
        HttpResponse<String> r = tern.admin("POST", "/connectors", connector);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("password").asText()).isEqualTo("****");
        assertThat(tern.server.smsc().connectors().connector("up")).isNotNull();
        problem(tern.admin("POST", "/connectors", connector), 409, "name");

        r = tern.admin("POST", "/routes?position=0", "{\"destination\": \"33*\", \"target\": \"connector:up\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(tern.admin("POST", "/connectors/up/disable", null).statusCode()).isEqualTo(200);
        assertThat(tern.server.smsc().connectors().connector("up")).isNull();
        assertThat(tern.admin("POST", "/connectors/up/enable", null).statusCode()).isEqualTo(200);
        assertThat(tern.server.smsc().connectors().connector("up")).isNotNull();
        r = tern.admin("PATCH", "/connectors/up", "{\"sessions\": 2}");
        assertThat(json(r).path("sessions").asInt()).isEqualTo(2);
        assertThat(tern.server.smsc().connectors().connector("up").config().sessions()).isEqualTo(2);

        assertThat(problem(tern.admin("DELETE", "/connectors/up", null), 409, "routes[0].target")).contains("up");
        assertThat(tern.admin("DELETE", "/routes/0", null).statusCode()).isEqualTo(200);
        assertThat(tern.admin("DELETE", "/connectors/up", null).statusCode()).isEqualTo(204);
        assertThat(tern.server.smsc().connectors().connector("up")).isNull();
    }

    @Test
    void apiKeysAreMadeForAnAccountAndRevokedAtOnce() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        HttpResponse<String> r = tern.admin("POST", "/accounts/alice/api-keys", "{\"label\": \"crm\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String token = json(r).path("token").asText();
        String id = json(r).path("id").asText();
        assertThat(token).startsWith("tern_");
        assertThat(json(r).path("scope").asText()).isEqualTo("cluster");
        assertThat(json(tern.admin("GET", "/accounts/alice/api-keys", null)).findValuesAsText("label"))
                .containsExactly("crm");
        // kept in the configuration database, in force on this node as soon as the answer is given
        assertThat(apiAccount(token).statusCode()).isEqualTo(200);
        assertThat(tern.server.smsc().config().apiKeys()).extracting(TernConfig.ApiKey::id).containsExactly(id);

        assertThat(tern.admin("POST", "/accounts/alice/disable", null).statusCode()).isEqualTo(200);
        assertThat(apiAccount(token).statusCode()).isEqualTo(403);
        assertThat(tern.admin("POST", "/accounts/alice/enable", null).statusCode()).isEqualTo(200);

        problem(tern.admin("DELETE", "/accounts/bob/api-keys/" + id, null), 404, "key");
        problem(tern.admin("POST", "/accounts/nobody/api-keys", "{}"), 404, "system_id");
        problem(tern.admin("POST", "/accounts/alice/api-keys", "{\"label\": \"" + "x".repeat(101) + "\"}"), 400,
                "label");
        assertThat(tern.admin("DELETE", "/accounts/alice/api-keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(apiAccount(token).statusCode()).isEqualTo(401);
        JsonNode log = json(tern.admin("GET", "/audit?limit=10", null));
        assertThat(log.findValuesAsText("action")).contains("account.api_key.create", "account.api_key.revoke");
        assertThat(log.toString()).doesNotContain(token).doesNotContain(sha256Hex(token));
    }

    @Test
    void apiKeysOutliveARestartAndGoWithTheirAccount() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        String kept = json(tern.admin("POST", "/accounts/alice/api-keys", "{}")).path("token").asText();
        String gone = json(tern.admin("POST", "/accounts/bob/api-keys", "{}")).path("token").asText();
        // a key of this node's data directory (`tern apikey`) is listed and revoked beside them
        io.tern.http.api.ApiKeys.Created local = io.tern.http.api.ApiKeys.create(tern.dataDir(), "alice", "local",
                java.time.Instant.now());
        tern.close();
        tern = TestServer.startAdministered(dir, BODY);
        assertThat(apiAccount(kept).statusCode()).isEqualTo(200);
        assertThat(apiAccount(gone).statusCode()).isEqualTo(200);
        assertThat(apiAccount(local.token()).statusCode()).isEqualTo(200);
        assertThat(json(tern.admin("GET", "/accounts/alice/api-keys", null)).findValuesAsText("scope"))
                .containsExactly("cluster", "node");

        assertThat(tern.admin("DELETE", "/accounts/bob", null).statusCode()).isEqualTo(204);
        assertThat(apiAccount(gone).statusCode()).isEqualTo(401);
        assertThat(tern.server.smsc().config().apiKeys()).extracting(TernConfig.ApiKey::systemId)
                .containsExactly("alice");
        assertThat(tern.admin("DELETE", "/accounts/alice/api-keys/" + local.key().id(), null).statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> apiAccount(local.token()).statusCode() == 401);
        assertThat(apiAccount(kept).statusCode()).isEqualTo(200);
    }

    private static String sha256Hex(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> apiAccount(String apiKey) throws IOException, InterruptedException {
        return tern.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + tern.httpPort() + "/api/v1/account")).header("authorization", "Bearer " + apiKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handsetsAreMadeAbsentAndPresent() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        HttpResponse<String> r = tern.admin("PUT", "/handsets/447700900009", "{\"present\": false}");
        assertThat(json(r).path("present").asBoolean()).isFalse();
        assertThat(tern.server.smsc().handsets().isPresent("447700900009")).isFalse();
        r = tern.admin("PUT", "/handsets/447700900009", "{\"present\": true}");
        assertThat(json(r).path("present").asBoolean()).isTrue();
        problem(tern.admin("PUT", "/handsets/447700900009", "{\"present\": \"maybe\"}"), 400, "present");
    }

    @Test
    void aReplySetAtRunTimeMakesHandsetsAnswerStopAndOptOut() throws Exception {
        tern = TestServer.startAdministered(dir, ACME);
        TestEsme acme = tern.bind("acme", BindType.BIND_TRX);
        HttpResponse<String> r = tern.admin("PUT", "/handset-replies",
                "{\"pattern\": \"447700900777\", \"text\": \"STOP\", \"probability\": 1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("percent").asDouble()).isEqualTo(100.0);
        assertThat(json(tern.admin("GET", "/handsets/447700900777", null)).path("reply").path("text").asText())
                .isEqualTo("STOP");
        assertThat(json(tern.admin("GET", "/handset-replies", null)).findValuesAsText("pattern"))
                .containsExactly("447700900777");

        acme.submit("5550001", "447700900777", "offer 1", 0);

        assertThat(new String(acme.nextMessage().getShortMessage(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("STOP");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.server.smsc().suppressions().isSuppressed("acme", "447700900777"));
        assertThat(acme.submitRefused("5550001", "447700900777", "offer 2")).isEqualTo(0x0B);

        // a probability of 0 silences the handset; removing the reply restores its range's (none)
        tern.admin("PUT", "/handset-replies", "{\"pattern\": \"447700900778\", \"text\": \"STOP\", \"percent\": 0}");
        assertThat(tern.server.smsc().handsets().replyOf("447700900778").percent()).isZero();
        assertThat(tern.admin("DELETE", "/handset-replies/447700900778", null).statusCode()).isEqualTo(204);
        assertThat(tern.server.smsc().handsets().replyOf("447700900778")).isNull();
    }

    @Test
    void badHandsetRepliesAreRefusedWithProblemDetails() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        assertThat(problem(tern.admin("PUT", "/handset-replies",
                "{\"pattern\": \"44*\", \"text\": \"STOP\", \"probability\": 1.5}"), 400, "probability"))
                .contains("0 to 1");
        assertThat(problem(tern.admin("PUT", "/handset-replies",
                "{\"pattern\": \"44*\", \"text\": \"STOP\", \"probability\": -0.1}"), 400, "probability"))
                .contains("0 to 1");
        assertThat(problem(tern.admin("PUT", "/handset-replies",
                "{\"pattern\": \"44*\", \"text\": \"STOP\", \"percent\": 101}"), 400, "percent"))
                .contains("0 to 100");
        assertThat(problem(tern.admin("PUT", "/handset-replies",
                "{\"pattern\": \"44*\", \"text\": \"STOP\", \"probability\": \"often\"}"), 400,
                "probability")).contains("often");
        problem(tern.admin("PUT", "/handset-replies", "{\"pattern\": \"44*\", \"text\": \"STOP\"}"), 400,
                "probability");
        problem(tern.admin("PUT", "/handset-replies",
                "{\"pattern\": \"44*\", \"text\": \"STOP\", \"probability\": 1, \"percent\": 100}"), 400,
                "probability");
        assertThat(problem(tern.admin("PUT", "/handset-replies",
                "{\"pattern\": \"44ab\", \"text\": \"STOP\", \"probability\": 1}"), 400, "pattern"))
                .contains("44ab");
        problem(tern.admin("PUT", "/handset-replies", "{\"pattern\": \"44*\", \"probability\": 1}"), 400, "text");
        assertThat(problem(tern.admin("DELETE", "/handset-replies/44*", null), 404, "pattern")).contains("44*");
        assertThat(tern.server.smsc().handsets().replies()).isEmpty();
    }

    @Test
    void everyChangeIsAuditedWithSecretsMasked() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        tern.admin("POST", "/accounts", "{\"system_id\": \"carol\", \"password\": \"" + STRONG + "\"}");
        tern.admin("PATCH", "/accounts/carol", "{\"max_binds\": 3}");
        tern.admin("POST", "/accounts/carol/password", "{\"password\": \"Other9pw\"}");

        JsonNode log = json(tern.admin("GET", "/audit?limit=10", null));
        assertThat(log.findValuesAsText("action")).containsExactly("account.password", "account.update",
                "account.create", "config.seed");
        JsonNode update = log.get(1);
        assertThat(update.path("actor").asText()).isEqualTo("test");
        assertThat(update.path("subject").asText()).isEqualTo("carol");
        assertThat(update.path("before").has("max_binds")).isFalse();
        assertThat(update.path("after").path("max_binds").asInt()).isEqualTo(3);
        assertThat(update.path("config_version").asLong()).isEqualTo(3);
        assertThat(log.toString()).doesNotContain(STRONG).doesNotContain("Other9pw").doesNotContain("$2a$");
        assertThat(log.findValuesAsText("password_hash")).containsOnly("****");
        assertThat(json(tern.admin("GET", "/audit?limit=1", null)).size()).isEqualTo(1);
        assertThat(json(tern.admin("GET", "/audit?before=" + log.get(2).path("id").asLong(), null))
                .findValuesAsText("action")).containsExactly("config.seed");
    }

    @Test
    void theDatabaseConfigurationWinsOverTheFileAfterARestart() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        tern.admin("POST", "/accounts", "{\"system_id\": \"carol\", \"password\": \"" + STRONG + "\"}");
        tern.admin("DELETE", "/accounts/bob", null);
        tern.close();

        tern = TestServer.startAdministered(dir, BODY);
        assertThat(json(tern.admin("GET", "/accounts", null)).findValuesAsText("system_id"))
                .containsExactly("alice", "carol");
        TestEsme.bind(tern.smppPort(), "carol", STRONG, BindType.BIND_TX).close();
        assertThatThrownBy(() -> TestEsme.bind(tern.smppPort(), "bob", TestServer.PASSWORD, BindType.BIND_TX))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theExportIsAConfigurationFileThatStartsTheSameTern() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        tern.admin("POST", "/accounts", "{\"system_id\": \"carol\", \"password\": \"" + STRONG
                + "\", \"allowed_ips\": [\"127.0.0.1/32\"], \"throughput\": {\"rate\": 50, \"burst\": 5}}");
        tern.admin("POST", "/accounts/bob/disable", null);
        tern.admin("POST", "/connectors", "{\"name\": \"up\", \"host\": \"127.0.0.1\", \"port\": 9,"
                + " \"system_id\": \"tern\", \"password\": \"pw123\", \"enabled\": false}");
        tern.admin("PUT", "/routes", "[{\"destination\": \"44*\", \"target\": \"sim\"},"
                + " {\"destination\": \"33*\", \"target\": \"connector:up\"}]");
        HttpResponse<String> r = tern.admin("GET", "/export", null);
        assertThat(r.statusCode()).isEqualTo(200);
        String yaml = r.body();
        TernConfig running = tern.server.smsc().config();
        tern.close();

        Path file = dir.resolve("exported.yaml");
        Files.writeString(file, yaml);
        ConfigDocument doc = ConfigDocument.load(file);
        TernConfig loaded = doc.resolve();
        assertThat(loaded.accounts()).isEqualTo(running.accounts());
        assertThat(loaded.connectors()).isEqualTo(running.connectors());
        assertThat(loaded.routes().stream().map(x -> x.target().key()).toList())
                .containsExactly("sim", "connector:up");
        assertThat(doc.toYaml()).isEqualTo(ConfigDocument.parse(doc.toYaml(), dir).toYaml());

        // a fresh data directory seeded from the export runs the same accounts
        Path fresh = dir.resolve("fresh");
        Files.createDirectories(fresh);
        tern = TestServer.startAdministered(fresh, yaml.replace(dir.resolve("data").toAbsolutePath().toString(),
                fresh.resolve("data").toAbsolutePath().toString()));
        TestEsme.bind(tern.smppPort(), "carol", STRONG, BindType.BIND_TX).close();
        assertThatThrownBy(() -> TestEsme.bind(tern.smppPort(), "bob", TestServer.PASSWORD, BindType.BIND_TX))
                .isInstanceOf(IOException.class);
        assertThat(tern.server.smsc().connectors().connector("up")).isNull();
    }

    @Test
    void changesUnderLoadLoseNothingAcknowledged() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        TestEsme bob = tern.bind("bob", BindType.BIND_TRX);
        List<String> acked = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        int messages = 3000;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Thread load = new Thread(() -> {
            for (int i = 0; i < messages && System.nanoTime() < deadline; i++) {
                try {
                    acked.add(alice.submit("1234", "4477009" + String.format("%05d", i), "m" + i, 0));
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        }, "load");
        load.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 200);
        assertThat(tern.admin("PATCH", "/accounts/alice", "{\"throughput\": {\"rate\": 100000}, \"max_binds\": 4}")
                .statusCode()).isEqualTo(200);
        assertThat(tern.admin("PUT", "/routes", "[{\"destination\": \"4477*\", \"target\": \"esme:bob\"},"
                + " {\"destination\": \"44*\", \"target\": \"sim\"}]").statusCode()).isEqualTo(200);
        assertThat(tern.admin("PATCH", "/accounts/bob", "{\"max_binds\": 3}").statusCode()).isEqualTo(200);
        load.join(Duration.ofSeconds(90).toMillis());
        assertThat(load.isAlive()).isFalse();

        assertThat(failed.get()).isZero();
        assertThat(acked).hasSize(messages);
        assertThat(alice.bound()).isTrue();
        assertThat(bob.bound()).isTrue();
        int toBob = 0;
        for (String id : acked) {
            var m = tern.server.smsc().store().find(id).join();
            assertThat(m).as("message %s acknowledged and stored", id).isPresent();
            toBob += m.get().target().equals("esme:bob") ? 1 : 0;
        }
        assertThat(toBob).as("messages submitted after the route change go to bob").isPositive()
                .isLessThan(messages);
    }
}
