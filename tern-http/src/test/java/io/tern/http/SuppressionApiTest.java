package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/suppressions} over real HTTP against a real TernServer: add, page, remove, CSV
 * import and export, the errors as problem+json, and the list's effect on SMPP submits.
 */
class SuppressionApiTest {

    private static final int ESME_RINVDSTADR = 0x0B;

    @TempDir
    Path dir;
    TestServer tern;

    @BeforeEach
    void start() {
        tern = TestServer.start(dir, """
                http: {port: 0}
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['5550*']}
                  - {system_id: bob, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String accept, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tern.httpPort() + "/api/v1" + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", TestServer.basic("alice"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return tern.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonArray list(String query) throws Exception {
        HttpResponse<String> r = tern.api("GET", "/suppressions" + query, TestServer.basic("alice"), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("suppressions");
    }

    @Test
    void anAddedNumberIsListedRefusedOverSmppAndRemovable() throws Exception {
        TestEsme alice = tern.bind("alice", BindType.BIND_TX);

        HttpResponse<String> added = tern.api("POST", "/suppressions", TestServer.basic("alice"),
                "{\"number\": \"+447700900123\", \"reason\": \"asked by phone\"}");

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(added.body()).getInteger("added")).isEqualTo(1);
        JsonObject listed = list("").getJsonObject(0);
        assertThat(listed.getString("number")).isEqualTo("447700900123");
        assertThat(listed.getString("reason")).isEqualTo("asked by phone");
        assertThat(alice.submitRefused("447700900001", "447700900123", "offer")).isEqualTo(ESME_RINVDSTADR);
        assertThat(tern.api("GET", "/suppressions", TestServer.basic("bob"), null).body())
                .as("bob's list").contains("\"suppressions\":[]");

        HttpResponse<String> removed = tern.api("DELETE", "/suppressions/+447700900123", TestServer.basic("alice"), null);
        HttpResponse<String> again = tern.api("DELETE", "/suppressions/447700900123", TestServer.basic("alice"), null);

        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(list("")).isEmpty();
        assertThat(alice.submit("447700900001", "447700900123", "offer", 0)).isNotBlank();
    }

    @Test
    void aStopReplyOverSmppShowsInTheList() throws Exception {
        TestEsme bob = tern.bind("bob", BindType.BIND_TX);

        bob.submit("447700900777", "5550001", "Stop", 0);

        JsonObject listed = list("").getJsonObject(0);
        assertThat(listed.getString("number")).isEqualTo("447700900777");
        assertThat(listed.getString("reason")).isEqualTo("reply STOP");
    }

    @Test
    void theListIsPagedInNumberOrder() throws Exception {
        JsonArray numbers = new JsonArray();
        for (int i = 0; i < 25; i++) {
            numbers.add(String.format("4477009%05d", 24 - i));
        }
        HttpResponse<String> added = tern.api("POST", "/suppressions", TestServer.basic("alice"),
                new JsonObject().put("numbers", numbers).encode());
        assertThat(new JsonObject(added.body()).getInteger("added")).isEqualTo(25);

        JsonObject page1 = new JsonObject(tern.api("GET", "/suppressions?limit=10", TestServer.basic("alice"), null).body());
        JsonArray page3 = list("?limit=10&after=447700900019");

        assertThat(page1.getJsonArray("suppressions").getJsonObject(0).getString("number")).isEqualTo("447700900000");
        assertThat(page1.getString("next")).isEqualTo("447700900009");
        assertThat(page3).hasSize(5);
        assertThat(page3.getJsonObject(4).getString("number")).isEqualTo("447700900024");
    }

    @Test
    void csvImportThenExport() throws Exception {
        HttpResponse<String> imported = send("POST", "/suppressions", "text/csv", null,
                "number,name\n447700900301,Ann\n\"+447700900302\",Bob\n\n447700900301,Ann again\n");

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(new JsonObject(imported.body()).getInteger("added")).isEqualTo(2);
        assertThat(new JsonObject(imported.body()).getInteger("already_listed")).isEqualTo(1);

        HttpResponse<String> exported = send("GET", "/suppressions", null, "text/csv", null);

        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        assertThat(exported.body().split("\n")).hasSize(3);
        assertThat(exported.body()).startsWith("number,added_at,reason\n447700900301,")
                .contains("\n447700900302,").contains(",import\n");
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        String alice = TestServer.basic("alice");
        assertField(tern.api("POST", "/suppressions", alice, "{\"number\": \"07700 900123\"}"), "number");
        assertField(tern.api("POST", "/suppressions", alice, "{\"numbers\": [\"447700900001\", 5]}"), "numbers[1]");
        assertField(tern.api("POST", "/suppressions", alice, "{}"), "number");
        // a misspelt field is refused, not ignored (here the number would be listed without its reason)
        assertField(tern.api("POST", "/suppressions", alice, "{\"number\": \"447700900001\", \"reson\": \"x\"}"),
                "reson");
        assertField(tern.api("POST", "/suppressions", alice, "{\"number\": \"447700900001\", \"reason\": \"\"}"),
                "reason");
        assertField(tern.api("GET", "/suppressions?limit=0", alice, null), "limit");
        assertField(tern.api("DELETE", "/suppressions/abc", alice, null), "number");
        assertField(send("POST", "/suppressions", "text/csv", null, "number\n4477009x\n"), "line 2");
        assertThat(send("POST", "/suppressions", "text/plain", null, "447700900001").statusCode()).isEqualTo(415);
        assertThat(tern.api("GET", "/suppressions", null, null).statusCode()).isEqualTo(401);
        assertThat(list("")).isEmpty();
    }

    private static void assertField(HttpResponse<String> r, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("field")).isEqualTo(field);
    }
}
