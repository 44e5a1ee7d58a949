package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.store.StoreFaults;
import io.tern.smsc.store.StoredMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.Test;

/**
 * {@code POST/GET/DELETE /api/v1/messages} over real HTTP against a real TernServer (SQLite in a
 * temporary directory, the virtual handset network): 201 only once committed, numbers normalised
 * to E.164, long texts split, delivery and receipt visible in GET, cancel, and every error status.
 */
class MessagesApiTest extends ApiServerTest {

    private static final String BODY = """
            http: {port: 0, max_body_size: 64KiB}
            accounts:
              - {system_id: alice, password_hash: HASH, default_region: GB, webhooks: {secret: alice-webhook-secret}}
              - {system_id: bob, password_hash: HASH}
              - {system_id: slow, password_hash: HASH, throughput: {rate: 0.01, burst: 3}}
            routes:
              - {destination: '4479*', target: 'esme:bob'}
              - {destination: '*', target: sim}
            handsets:
              - {numbers: '4474*', behaviour: deliver}
            """;
    private static final String ALICE = TestServer.basic("alice");

    @Override
    String config() {
        return BODY;
    }

    private HttpResponse<String> post(String auth, String json) throws Exception {
        return tern.api("POST", "/messages", auth, json);
    }

    private JsonObject problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonObject p = new JsonObject(r.body());
        assertThat(p.getInteger("status")).isEqualTo(status);
        return p;
    }

    private Optional<StoredMessage> stored(String id) {
        return tern.server.smsc().store().find(id).join();
    }

    @Test
    void aMessageIsCommittedBeforeThe201AndTheNationalNumberIsNormalisedToE164() throws Exception {
        HttpResponse<String> r = post(ALICE, """
                {"from": "ACME", "to": "07400 123123", "text": "Your code is 4711", "client_ref": "order-17",
                 "callback_url": "https://crm.example.com/hook"}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject m = new JsonObject(r.body()).getJsonArray("messages").getJsonObject(0);
        assertThat(m.getString("to")).isEqualTo("+447400123123");
        assertThat(m.getInteger("parts")).isEqualTo(1);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/messages/" + m.getString("id"));
        // the 201 is a promise: the message is in the store when the answer arrives
        StoredMessage s = stored(m.getString("id")).orElseThrow();
        assertThat(s.owner()).isEqualTo("alice");
        assertThat(s.destination().addr()).isEqualTo("447400123123");
        assertThat(s.source().ton()).isEqualTo(5);
        assertThat(s.clientRef()).isEqualTo("order-17");
        assertThat(s.callbackUrl()).isEqualTo("https://crm.example.com/hook");
        assertThat(tern.scrape().get("tern_submits_total", "account", "alice", "command", "http_message", "status",
                "ESME_ROK")).isEqualTo(1.0);
    }

    @Test
    void aStoreThatCannotCommitGets503AndNothingIsStored() throws Exception {
        StoreFaults.fill(tern.server.smsc().store());
        HttpResponse<String> r = null;
        for (int i = 0; i < 10_000; i++) {
            r = post(ALICE, "{\"from\": \"ACME\", \"to\": \"+4474001" + String.format("%05d", i)
                    + "\", \"text\": \"" + "x".repeat(150) + "\"}");
            if (r.statusCode() != 201) {
                break;
            }
        }
        JsonObject p = problem(r, 503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(p.getString("detail")).contains("nothing was stored");
        StoreFaults.free(tern.server.smsc().store());
    }

    @Test
    void aMessageIsDeliveredThroughTheHandsetNetworkAndItsReceiptShowsInGet() throws Exception {
        HttpResponse<String> r = post(ALICE, """
                {"from": "+447400123001", "to": ["+447400123002", "+447400123003"], "text": "hello", "receipt": true}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonArray messages = new JsonObject(r.body()).getJsonArray("messages");
        assertThat(messages).hasSize(2);
        String id = messages.getJsonObject(1).getString("id");

        await().atMost(Duration.ofSeconds(20)).until(() -> new JsonObject(
                tern.api("GET", "/messages/" + id, ALICE, null).body()).getString("state").equals("DELIVERED"));
        JsonObject m = new JsonObject(tern.api("GET", "/messages/" + id, ALICE, null).body());
        assertThat(m.getString("to")).isEqualTo("+447400123003");
        assertThat(m.getString("channel")).isEqualTo("sim");
        JsonObject part = m.getJsonArray("parts").getJsonObject(0);
        assertThat(part.getJsonArray("attempts")).singleElement()
                .satisfies(a -> {
                    JsonObject attempt = (JsonObject) a;
                    assertThat(attempt.getString("outcome")).isEqualTo("DELIVERED");
                    assertThat(attempt.getString("channel")).isEqualTo("sim");
                    assertThat(Instant.parse(attempt.getString("at"))).isNotNull();
                });
        JsonObject receipt = m.getJsonObject("receipt");
        assertThat(receipt.getBoolean("requested")).isTrue();
        assertThat(receipt.getString("stat")).isEqualTo("DELIVERED");
        assertThat(receipt.getString("done_at")).isNotNull();
    }

    @Test
    void aLongTextIsSplitIntoConcatenatedPartsEachStoredAndReported() throws Exception {
        String text = "Ünïcødé ✓ ".repeat(10); // UCS-2: 100 characters, 2 parts of 67
        HttpResponse<String> r = post(ALICE, new JsonObject().put("from", "ACME").put("to", "+447400123004")
                .put("text", text).encode());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("encoding")).isEqualTo("ucs2");
        String id = body.getJsonArray("messages").getJsonObject(0).getString("id");
        assertThat(body.getJsonArray("messages").getJsonObject(0).getInteger("parts")).isEqualTo(2);
        StoredMessage second = stored(id + ".2").orElseThrow();
        assertThat(second.esmClass() & 0x40).as("UDHI").isEqualTo(0x40);
        assertThat(second.dataCoding()).isEqualTo(8);
        await().atMost(Duration.ofSeconds(20)).until(() -> new JsonObject(
                tern.api("GET", "/messages/" + id, ALICE, null).body()).getString("state").equals("DELIVERED"));
        assertThat(new JsonObject(tern.api("GET", "/messages/" + id, ALICE, null).body()).getJsonArray("parts"))
                .hasSize(2);
    }

    @Test
    void aScheduledMessageIsCancelledAndASecondCancelIsAConflict() throws Exception {
        HttpResponse<String> r = post(ALICE, new JsonObject().put("from", "ACME").put("to", "+447400123005")
                .put("text", "later").put("schedule_at", Instant.now().plusSeconds(3600).toString()).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = new JsonObject(r.body()).getJsonArray("messages").getJsonObject(0).getString("id");
        assertThat(new JsonObject(tern.api("GET", "/messages/" + id, ALICE, null).body()).getString("state"))
                .isEqualTo("SCHEDULED");

        HttpResponse<String> cancelled = tern.api("DELETE", "/messages/" + id, ALICE, null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(new JsonObject(cancelled.body()).getString("state")).isEqualTo("DELETED");
        assertThat(stored(id).orElseThrow().state()).isEqualTo(MessageState.DELETED);

        problem(tern.api("DELETE", "/messages/" + id, ALICE, null), 409);
        problem(tern.api("DELETE", "/messages/0000000000000000", ALICE, null), 404);
    }

    /** A message an ESME holds (deliver_sm sent, not yet answered) is out of reach: 409 says so. */
    @Test
    void aMessageBeingDeliveredCannotBeCancelledAndTheConflictSaysWhy() throws Exception {
        java.util.concurrent.CompletableFuture<Void> delivered = new java.util.concurrent.CompletableFuture<>();
        io.tern.smpp.session.SmppClientConfig bobRx = io.tern.smpp.session.SmppClientConfig.of("127.0.0.1",
                tern.smppPort(), "bob", TestServer.PASSWORD, io.tern.smpp.pdu.BindType.RECEIVER);
        // bob takes the deliver_sm and never answers it: the attempt holds the message
        try (io.tern.smpp.session.SmppClient bob = new io.tern.smpp.session.SmppClient(bobRx, (session, request) -> {
            delivered.complete(null);
            return new java.util.concurrent.CompletableFuture<>();
        }, io.tern.smpp.session.SessionListener.NONE)) {
            bob.connect().get(10, java.util.concurrent.TimeUnit.SECONDS);
            HttpResponse<String> r = post(ALICE, new JsonObject().put("from", "ACME").put("to", "+447900000001")
                    .put("text", "on its way").encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String id = new JsonObject(r.body()).getJsonArray("messages").getJsonObject(0).getString("id");
            delivered.get(10, java.util.concurrent.TimeUnit.SECONDS);

            JsonObject p = problem(tern.api("DELETE", "/messages/" + id, ALICE, null), 409);

            assertThat(p.getString("detail")).isEqualTo("message " + id + " can no longer be cancelled: it is being"
                    + " delivered (with its destination or an upstream SMSC)");
            assertThat(stored(id).orElseThrow().state()).isEqualTo(MessageState.ENROUTE);
        }
    }

    @Test
    void theDefaultValidityOfAScheduledMessageCountsFromItsSchedule() throws Exception {
        Instant schedule = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        HttpResponse<String> r = post(ALICE, new JsonObject().put("from", "ACME").put("to", "+447400123011")
                .put("text", "in three days").put("schedule_at", schedule.toString()).encode());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = new JsonObject(r.body()).getJsonArray("messages").getJsonObject(0).getString("id");
        JsonObject m = new JsonObject(tern.api("GET", "/messages/" + id, ALICE, null).body());
        // alice's default validity is delivery.default_validity (48h), counted from the schedule, not from now
        assertThat(Instant.parse(m.getString("expires_at"))).isEqualTo(schedule.plus(Duration.ofHours(48)));
        assertThat(stored(id).orElseThrow().expiryTime()).isEqualTo(schedule.plus(Duration.ofHours(48)));
    }

    @Test
    void aScheduleBeyondTheMaximumValidityIsRefusedNamingBothTimes() throws Exception {
        Instant schedule = Instant.now().plus(Duration.ofDays(30));
        JsonObject p = problem(post(ALICE, new JsonObject().put("from", "ACME").put("to", "+447400123012")
                .put("text", "next month").put("schedule_at", schedule.toString()).encode()), 400);

        assertThat(p.getString("field")).isEqualTo("schedule_at");
        assertThat(p.getString("detail")).contains(schedule.toString()).contains("max_validity");
    }

    @Test
    void anOptedOutRecipientIsNamedOnceWithTheReason() throws Exception {
        tern.server.smsc().suppressions().add("alice", "447400123014", "api").join();

        JsonObject p = problem(post(ALICE, """
                {"from": "ACME", "to": ["+447400123013", "+447400123014"], "text": "x"}"""), 400);

        assertThat(p.getString("field")).isEqualTo("to[1]");
        assertThat(p.getString("detail"))
                .isEqualTo("to[1]: '447400123014' opted out of alice's messages (ESME_RINVDSTADR)");
    }

    @Test
    void anotherAccountsMessageIsNotFound() throws Exception {
        HttpResponse<String> r = post(ALICE, "{\"from\": \"ACME\", \"to\": \"+447400123006\", \"text\": \"x\"}");
        String id = new JsonObject(r.body()).getJsonArray("messages").getJsonObject(0).getString("id");

        problem(tern.api("GET", "/messages/" + id, TestServer.basic("bob"), null), 404);
        problem(tern.api("DELETE", "/messages/" + id, TestServer.basic("bob"), null), 404);
        assertThat(tern.api("GET", "/messages/" + id, ALICE, null).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidFieldsAre400ProblemsNamingTheField() throws Exception {
        String[][] cases = {
            {"{\"from\": \"ACME\", \"to\": [\"+447400123007\", \"07400 12\"], \"text\": \"x\"}", "to[1]", "too short"},
            {"{\"from\": \"ACME\", \"to\": \"+447400123007\"}", "text", "required"},
            {"{\"from\": \"ACME\", \"to\": \"+447400123007\", \"text\": \"x\", \"encoding\": \"ascii\"}", "encoding",
                "auto, gsm7 or ucs2"},
            {"{\"from\": \"ACME\", \"to\": \"+447400123007\", \"text\": \"✓\", \"encoding\": \"gsm7\"}", "text", "GSM"},
            {"{\"from\": \"ACME\", \"to\": \"+447400123007\", \"text\": \"x\", \"colour\": \"red\"}", "colour", "unknown"},
            {"{\"from\": \"ACME\", \"to\": \"+447400123007\", \"text\": \"x\", \"schedule_at\": \"tomorrow\"}",
                "schedule_at", "RFC 3339"},
            {"{\"from\": \"ACME\", \"to\": \"+447400123007\", \"text\": \"x\", \"validity\": \"2 hours\"}", "validity",
                "ISO 8601"},
            {"{\"from\": \"ACME\", \"to\": \"+447400123007\", \"text\": \"x\", \"callback_url\": \"ftp://x\"}",
                "callback_url", "http"},
            {"{\"from\": \"A VERY LONG SENDER\", \"to\": \"+447400123007\", \"text\": \"x\"}", "from", "alphanumeric"},
            {"{\"from\": \"ACME\", \"to\": [], \"text\": \"x\"}", "to", "at least one"},
            {"{\"from\": \"ACME\", \"to\": \"+44\", \"text\": \"x\"}", "to", "'+44'"},
        };
        for (String[] c : cases) {
            JsonObject p = problem(post(ALICE, c[0]), 400);
            assertThat(p.getString("field")).as(c[0]).isEqualTo(c[1]);
            assertThat(p.getString("detail")).as(c[0]).contains(c[2]);
        }
        // bob has no default_region: a national number cannot be placed
        JsonObject p = problem(post(TestServer.basic("bob"), "{\"from\": \"ACME\", \"to\": \"07400123123\", \"text\": \"x\"}"), 400);
        assertThat(p.getString("detail")).contains("default_region");
        JsonObject malformed = problem(post(ALICE, "{\"from\": "), 400);
        assertThat(malformed.getString("title")).isEqualTo("Malformed JSON");
        // where the body goes wrong, without the parser's internals ("Failed to decode:", "[Source: REDACTED (`...")
        assertThat(malformed.getString("detail")).startsWith("the request body is not valid JSON: Unexpected end-of-input")
                .contains("[line: 1, column: ").doesNotContain("Source").doesNotContain("Failed to decode")
                .doesNotContain("\n");
    }

    @Test
    void aBodyThatIsNotJsonIs415AndATooLargeOne413() throws Exception {
        HttpResponse<String> r = tern.http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + tern.httpPort() + "/api/v1/messages"))
                .header("Authorization", ALICE).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("to=447400123008&text=hi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(problem(r, 415).getString("detail")).contains("application/json");

        JsonObject p = problem(post(ALICE, "{\"from\": \"ACME\", \"to\": \"+447400123008\", \"text\": \""
                + "x".repeat(70_000) + "\"}"), 413);
        assertThat(p.getString("detail")).contains("65536");
        problem(tern.api("GET", "/messages/nope", ALICE, null), 404);
        // a 405 says which methods the path has (RFC 9110 15.5.6), in the header and in the problem
        HttpResponse<String> put = tern.api("PUT", "/messages/nope", ALICE, null);
        assertThat(problem(put, 405).getString("detail")).isEqualTo(
                "PUT is not allowed on /api/v1/messages/nope; allowed: DELETE, GET");
        assertThat(put.headers().firstValue("Allow")).hasValue("DELETE, GET");
        HttpResponse<String> get = tern.api("GET", "/messages", ALICE, null);
        problem(get, 405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aFieldNamedTwiceIsRefusedNotOneOfThemKept() throws Exception {
        JsonObject p = problem(post(ALICE, "{\"from\": \"ACME\", \"to\": \"+447400123011\", \"text\": \"a\",\n"
                + " \"to\": \"+447400123012\"}"), 400);
        assertThat(p.getString("title")).isEqualTo("Malformed JSON");
        assertThat(p.getString("detail")).isEqualTo(
                "the request body is not valid JSON: Duplicate field 'to' at line 2, column 6");
        // nested objects too; the same names in different objects are not duplicates
        problem(post(ALICE, "{\"from\": \"ACME\", \"to\": \"+447400123011\", \"text\": \"a\","
                + " \"x\": {\"k\": 1, \"k\": 2}}"), 400);
    }

    @Test
    void theThroughputLimitIsSharedWithSmppAnd429SaysWhenToRetry() throws Exception {
        String slow = TestServer.basic("slow");
        TestEsme esme = tern.bind("slow", BindType.BIND_TX);
        esme.submit("ACME", "447400123009", "over smpp", 0);
        esme.submit("ACME", "447400123009", "over smpp", 0);
        assertThat(post(slow, "{\"from\": \"ACME\", \"to\": \"+447400123010\", \"text\": \"x\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> r = post(slow, "{\"from\": \"ACME\", \"to\": \"+447400123010\", \"text\": \"x\"}");
        JsonObject p = problem(r, 429);
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(p.getString("detail")).contains("throughput");
        assertThat(tern.scrape().get("tern_submits_total", "account", "slow", "command", "http_message", "status",
                "ESME_RTHROTTLED")).isEqualTo(1.0);
    }
}
