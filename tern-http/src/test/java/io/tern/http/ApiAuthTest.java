package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.http.api.ApiKeys;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Authentication of the HTTP API over real HTTP against a real TernServer: Basic with an
 * account's password (the same bcrypt check as a bind), API keys made and revoked in the data
 * directory while the server runs, 401 and 403 as problem+json, 404 and 413 likewise.
 */
class ApiAuthTest extends ApiServerTest {

    private static final String BODY = """
            http: {port: 0, max_body_size: 4096}
            accounts:
              - {system_id: alice, password_hash: HASH, default_region: GB}
              - {system_id: smpponly, password_hash: HASH, http: false}
              - {system_id: tlsonly, password_hash: HASH, require_tls: true}
            routes:
              - {destination: '*', target: sim}
            """;

    @Override
    String config() {
        return BODY;
    }

    @Test
    void basicWithTheAccountsPasswordReachesTheApiAsThatAccount() throws Exception {
        HttpResponse<String> r = tern.api("GET", "/account", TestServer.basic("alice"), null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("system_id")).isEqualTo("alice");
        assertThat(body.getString("default_region")).isEqualTo("GB");
    }

    @Test
    void wrongOrMissingCredentialsAre401ProblemsThatSayHowToAuthenticate() throws Exception {
        for (String auth : new String[] {TestServer.basic("alice", "wrong"), TestServer.basic("nobody"), null,
                "Bearer tern_0000_nothing", "Digest x"}) {
            HttpResponse<String> r = tern.api("GET", "/account", auth, null);

            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
            String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
            if (auth != null && auth.startsWith("Bearer ")) {
                // a refused bearer token: the Bearer challenge only, so a browser opens no password dialog
                assertThat(challenge).contains("Bearer", "invalid_token").doesNotContain("Basic");
            } else {
                assertThat(challenge).contains("Basic", "Bearer");
            }
            JsonObject p = new JsonObject(r.body());
            assertThat(p.getInteger("status")).isEqualTo(401);
            assertThat(p.getString("title")).isEqualTo("Unauthorized");
            assertThat(p.getString("detail")).isNotBlank();
        }
    }

    @Test
    void aSchemeWithoutCredentialsIsToldSoNotCalledUnsupported() throws Exception {
        for (String auth : new String[] {"Bearer", "Bearer ", "basic"}) {
            HttpResponse<String> r = tern.api("GET", "/account", auth, null);

            assertThat(r.statusCode()).as(auth).isEqualTo(401);
            assertThat(new JsonObject(r.body()).getString("detail")).as(auth).contains("no credentials follow it")
                    .doesNotContain("unsupported");
        }
    }

    @Test
    void anAccountWithoutHttpPermissionIs403WithTheReason() throws Exception {
        HttpResponse<String> r = tern.api("GET", "/account", TestServer.basic("smpponly"), null);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("http: false");
        HttpResponse<String> plain = tern.api("GET", "/account", TestServer.basic("tlsonly"), null);
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(plain.body()).getString("detail")).contains("TLS");
    }

    @Test
    void anApiKeyWorksOnceMadeAndStopsOnceRevokedWithoutARestart() throws Exception {
        ApiKeys.Created key = ApiKeys.create(tern.dataDir(), "alice", "crm", Instant.now());
        assertThat(Files.readString(tern.dataDir().resolve(ApiKeys.FILE))).doesNotContain(key.token());

        await().atMost(Duration.ofSeconds(10)).until(
                () -> tern.api("GET", "/account", "Bearer " + key.token(), null).statusCode() == 200);
        HttpResponse<String> ok = tern.api("GET", "/account", "Bearer " + key.token(), null);
        assertThat(new JsonObject(ok.body()).getString("system_id")).isEqualTo("alice");
        assertThat(tern.api("GET", "/account", "Bearer " + key.token() + "x", null).statusCode()).isEqualTo(401);

        assertThat(ApiKeys.revoke(tern.dataDir(), key.key().id())).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> tern.api("GET", "/account", "Bearer " + key.token(), null).statusCode() == 401);
    }

    @Test
    void anApiKeyOfAnAccountWithoutHttpPermissionIs403() throws Exception {
        ApiKeys.Created key = ApiKeys.create(tern.dataDir(), "smpponly", null, Instant.now());

        await().atMost(Duration.ofSeconds(10)).until(
                () -> tern.api("GET", "/account", "Bearer " + key.token(), null).statusCode() == 403);
    }

    @Test
    void unknownPathsAre404AndOversizedBodies413AsProblems() throws Exception {
        HttpResponse<String> missing = tern.api("GET", "/nothing-here", TestServer.basic("alice"), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");

        HttpResponse<String> big = tern.api("POST", "/account", TestServer.basic("alice"),
                "{\"x\":\"" + "a".repeat(5000) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(big.body()).getString("detail")).contains("4096");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutCredentials() throws Exception {
        HttpResponse<String> r = tern.api("GET", "/openapi.json", null, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("openapi")).startsWith("3.");
    }
}
