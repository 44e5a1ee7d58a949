package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks and opt-out from the HTTP API's side: a message's {@code callback_url} takes its receipt
 * instead of the account's receipts URL, signed with the account's secret and with its
 * {@code client_ref}; a callback_url without webhooks to sign it is refused; a message to an
 * opted-out number is a problem naming the recipient, and nothing is stored.
 */
class WebhookApiTest {

    private static final String SECRET = "alice-webhook-secret";

    @TempDir
    Path dir;
    TestServer tern;
    WebhookEndpoint endpoint;
    /** path → the last body POSTed there with a valid signature. */
    Map<String, JsonObject> received;

    @BeforeEach
    void start() throws Exception {
        endpoint = WebhookEndpoint.start(SECRET);
        received = endpoint.received;
        String url = endpoint.url("");
        tern = TestServer.start(dir, """
                http: {port: 0}
                accounts:
                  - {system_id: alice, password_hash: HASH, webhooks: {receipts: '%s/account', secret: %s}}
                  - {system_id: bob, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '4474*', behaviour: deliver}
                """.formatted(url, SECRET));
    }

    @AfterEach
    void stop() {
        tern.close();
        endpoint.close();
    }

    private String url(String path) {
        return endpoint.url(path);
    }

    private String send(String auth, String json) throws Exception {
        HttpResponse<String> r = tern.api("POST", "/messages", auth, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getJsonArray("messages").getJsonObject(0).getString("id");
    }

    @Test
    void aCallbackUrlTakesTheReceiptOfItsMessageAndTheOthersGoToTheAccountsUrl() throws Exception {
        String withCallback = send(TestServer.basic("alice"), """
                {"from": "ACME", "to": "+447400123001", "text": "parcel", "receipt": true, "client_ref": "order-9",
                 "callback_url": "%s"}""".formatted(url("/order-9")));
        String plain = send(TestServer.basic("alice"), """
                {"from": "ACME", "to": "+447400123002", "text": "parcel", "receipt": true}""");

        await().atMost(Duration.ofSeconds(20)).until(() -> received.containsKey("/order-9")
                && received.containsKey("/account"));
        JsonObject callback = received.get("/order-9");
        assertThat(callback.getString("id")).isEqualTo(withCallback);
        assertThat(callback.getString("state")).isEqualTo("DELIVERED");
        assertThat(callback.getString("client_ref")).isEqualTo("order-9");
        assertThat(received.get("/account").getString("id")).isEqualTo(plain);
        assertThat(received.get("/account").containsKey("client_ref")).isFalse();
    }

    @Test
    void aCallbackUrlWithoutWebhooksToSignItIsRefused() throws Exception {
        HttpResponse<String> r = tern.api("POST", "/messages", TestServer.basic("bob"), """
                {"from": "BOB", "to": "+447400123003", "text": "x", "callback_url": "%s"}""".formatted(url("/b")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("callback_url");
        assertThat(new JsonObject(r.body()).getString("detail")).contains("webhooks");
    }

    @Test
    void aMessageToAnOptedOutNumberIsRefusedNamingTheRecipient() throws Exception {
        tern.server.smsc().suppressions().add("alice", "+447400123005", "reply STOP").join();

        HttpResponse<String> r = tern.api("POST", "/messages", TestServer.basic("alice"), """
                {"from": "ACME", "to": ["+447400123004", "+447400123005"], "text": "offer"}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject p = new JsonObject(r.body());
        assertThat(p.getString("field")).isEqualTo("to[1]");
        assertThat(p.getString("detail")).contains("447400123005").contains("opted out");
        assertThat(tern.server.smsc().store().countByState().join().values().stream().mapToLong(Long::longValue)
                .sum()).as("nothing stored").isZero();
        assertThat(send(TestServer.basic("bob"), """
                {"from": "BOB", "to": "+447400123005", "text": "another account's list"}""")).isNotBlank();
    }
}
