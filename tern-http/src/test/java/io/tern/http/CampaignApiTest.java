package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign endpoints over real HTTP: a streamed CSV upload far over the body limit, counts, rejects, actions, errors. */
class CampaignApiTest {

    private static final String BODY = """
            http: {port: 0, max_body_size: 4096}
            accounts:
              - {system_id: alice, password_hash: HASH, default_region: GB}
              - {system_id: bob, password_hash: HASH}
            routes:
              - {destination: '*', target: sim}
            handsets:
              - {numbers: '*', behaviour: deliver}
            """;

    @TempDir
    Path dir;
    TestServer tern;

    @BeforeEach
    void start() {
        tern = TestServer.start(dir, BODY);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    static String csv(int n) {
        StringBuilder b = new StringBuilder("to,name\n");
        for (int i = 1; i <= n; i++) {
            b.append("07410").append(100_000 + i).append(",Customer ").append(i).append('\n');
        }
        return b.toString();
    }

    HttpResponse<String> upload(String auth, String query, String contentType, String csv) throws Exception {
        return upload(auth, query, contentType, csv.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> upload(String auth, String query, String contentType, byte[] csv) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tern.httpPort()
                + "/api/v1/campaigns?" + query)).timeout(Duration.ofSeconds(60))
                // a stream of unknown length: sent chunked, as a large file would be
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(csv)));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return tern.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String q(String template) {
        return "from=12345&template=" + URLEncoder.encode(template, StandardCharsets.UTF_8);
    }

    JsonObject status(long id) throws Exception {
        HttpResponse<String> r = tern.api("GET", "/campaigns/" + id, TestServer.basic("alice"), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    @Test
    void aCsvFarOverTheBodyLimitIsStreamedStoredAndSent() throws Exception {
        String csv = csv(5_000) + "12,Bad\n";
        assertThat(csv.length()).isGreaterThan(30 * 4096);

        HttpResponse<String> r = upload(TestServer.basic("alice"), q("Hello {{name}}") + "&name=spring&rate=0",
                "text/csv", csv);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject c = new JsonObject(r.body());
        long id = c.getLong("id");
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/campaigns/" + id);
        assertThat(c.getString("state")).isEqualTo("running");
        assertThat(c.getLong("total")).isEqualTo(5_001);
        assertThat(c.getLong("accepted")).isEqualTo(5_000);
        assertThat(c.getLong("rejected")).isEqualTo(1);
        assertThat(c.getString("default_region")).isEqualTo("GB");
        await().atMost(60, TimeUnit.SECONDS).until(() -> status(id).getBoolean("done"));
        JsonObject s = status(id);
        assertThat(s.getLong("delivered")).isEqualTo(5_000);
        assertThat(s.getLong("sent")).isEqualTo(5_000);
        assertThat(s.getLong("pending")).isZero();
        assertThat(s.getString("name")).isEqualTo("spring");

        HttpResponse<String> rejected = tern.api("GET", "/campaigns/" + id + "/rejected", TestServer.basic("alice"), null);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(rejected.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(rejected.body()).isEqualTo("line,reason,row\n5002,invalid number '12',\"12,Bad\"\n");

        HttpResponse<String> list = tern.api("GET", "/campaigns", TestServer.basic("alice"), null);
        assertThat(new JsonObject(list.body()).getJsonArray("campaigns")).hasSize(1);
        assertThat(new JsonObject(tern.api("GET", "/campaigns", TestServer.basic("bob"), null).body())
                .getJsonArray("campaigns")).isEmpty();
        assertThat(tern.api("GET", "/campaigns/" + id, TestServer.basic("bob"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void theValidityIsShownAsItIsWrittenAndCappedByTheAccountsMaxValidity() throws Exception {
        HttpResponse<String> shorter = upload(TestServer.basic("alice"), q("Hi") + "&validity=90m&rate=1",
                "text/csv", csv(1));
        assertThat(shorter.statusCode()).as(shorter.body()).isEqualTo(201);
        assertThat(new JsonObject(shorter.body()).getString("validity")).isEqualTo("90m");
        // 30 days asked, the account's max_validity (7d, the default) applies to every message: say so
        HttpResponse<String> longer = upload(TestServer.basic("alice"), q("Hi") + "&validity=30d&rate=1",
                "text/csv", csv(1));
        assertThat(longer.statusCode()).as(longer.body()).isEqualTo(201);
        long id = new JsonObject(longer.body()).getLong("id");
        assertThat(new JsonObject(longer.body()).getString("validity")).isEqualTo("7d");
        assertThat(status(id).getString("validity")).isEqualTo("7d");
        HttpResponse<String> zero = upload(TestServer.basic("alice"), q("Hi") + "&validity=0s", "text/csv", csv(1));
        assertThat(zero.statusCode()).as(zero.body()).isEqualTo(400);
        assertThat(new JsonObject(zero.body()).getString("field")).isEqualTo("validity");
    }

    @Test
    void pauseResumeAndCancelOverHttp() throws Exception {
        HttpResponse<String> r = upload(TestServer.basic("alice"), q("Hi {{name}}") + "&rate=100", "text/csv", csv(2_000));
        long id = new JsonObject(r.body()).getLong("id");

        HttpResponse<String> paused = tern.api("POST", "/campaigns/" + id + "/pause", TestServer.basic("alice"), null);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(new JsonObject(paused.body()).getString("state")).isEqualTo("paused");
        HttpResponse<String> again = tern.api("POST", "/campaigns/" + id + "/pause", TestServer.basic("alice"), null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(new JsonObject(again.body()).getString("detail")).contains("is PAUSED: cannot pause");

        assertThat(tern.api("POST", "/campaigns/" + id + "/resume", TestServer.basic("alice"), null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> cancelled = tern.api("POST", "/campaigns/" + id + "/cancel", TestServer.basic("alice"), null);
        assertThat(new JsonObject(cancelled.body()).getString("state")).isEqualTo("cancelled");
        await().atMost(30, TimeUnit.SECONDS).until(() -> status(id).getBoolean("done"));
        JsonObject s = status(id);
        assertThat(s.getLong("cancelled")).isEqualTo(2_000 - s.getLong("sent")).isPositive();
        assertThat(tern.api("POST", "/campaigns/" + id + "/resume", TestServer.basic("alice"), null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void badRequestsAreProblemsNamingTheField() throws Exception {
        HttpResponse<String> wrongType = upload(TestServer.basic("alice"), q("Hi"), "application/json", csv(1));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(wrongType.body()).getString("detail")).contains("text/csv")
                .contains("multipart/form-data");

        HttpResponse<String> noFrom = upload(TestServer.basic("alice"), "template=Hi", "text/csv", csv(1));
        assertThat(noFrom.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(noFrom.body()).getString("field")).isEqualTo("from");

        HttpResponse<String> badColumn = upload(TestServer.basic("alice"), q("Hi {{surname}}"), "text/csv", csv(1));
        assertThat(badColumn.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badColumn.body()).getString("field")).isEqualTo("template");
        assertThat(new JsonObject(badColumn.body()).getString("detail")).contains("{{surname}}");

        HttpResponse<String> badRate = upload(TestServer.basic("alice"), q("Hi") + "&rate=fast", "text/csv", csv(1));
        assertThat(new JsonObject(badRate.body()).getString("field")).isEqualTo("rate");
        HttpResponse<String> badStart = upload(TestServer.basic("alice"), q("Hi") + "&start_at=tomorrow", "text/csv",
                csv(1));
        assertThat(new JsonObject(badStart.body()).getString("field")).isEqualTo("start_at");
        // curl -d style: the offset's '+' not encoded arrives as a space
        HttpResponse<String> plusAsSpace = upload(TestServer.basic("alice"), q("Hi") + "&start_at=2026-12-24T09:00:00+01:00",
                "text/csv", csv(1));
        assertThat(new JsonObject(plusAsSpace.body()).getString("detail")).contains("%2B");
        HttpResponse<String> badWindow = upload(TestServer.basic("alice"), q("Hi") + "&window=9-5", "text/csv", csv(1));
        assertThat(new JsonObject(badWindow.body()).getString("field")).isEqualTo("window");
        HttpResponse<String> noTo = upload(TestServer.basic("alice"), q("Hi"), "text/csv", "phone,name\n1,2\n");
        assertThat(noTo.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(noTo.body()).getString("detail")).contains("no 'to' column");

        assertThat(upload(null, q("Hi"), "text/csv", csv(1)).statusCode()).isEqualTo(401);
        assertThat(tern.api("GET", "/campaigns/999", TestServer.basic("alice"), null).statusCode()).isEqualTo(404);
        assertThat(tern.api("GET", "/campaigns/x", TestServer.basic("alice"), null).statusCode()).isEqualTo(404);
        assertThat(tern.api("POST", "/campaigns/999/cancel", TestServer.basic("alice"), null).statusCode())
                .isEqualTo(404);
        // nothing of the refused uploads became a campaign
        assertThat(new JsonObject(tern.api("GET", "/campaigns", TestServer.basic("alice"), null).body())
                .getJsonArray("campaigns")).isEmpty();
    }

    @Test
    void aMisspeltParameterIsRefusedNotIgnoredAndEachDetailNamesItsFieldOnce() throws Exception {
        // 'rates' for 'rate': ignored, the campaign would go out without its cap
        HttpResponse<String> misspelt = upload(TestServer.basic("alice"), q("Hi") + "&rates=10", "text/csv", csv(2));
        assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(400);
        JsonObject p = new JsonObject(misspelt.body());
        assertThat(p.getString("field")).isEqualTo("rates");
        assertThat(p.getString("detail")).startsWith("rates: unknown parameter").contains("rate", "window");

        byte[] body = form("b0undary", java.util.Map.of("from", "12345", "template", "Hi", "windw", "09:00-20:00"),
                "file", csv(2));
        HttpResponse<String> inForm = uploadForm("", body, "b0undary");
        assertThat(inForm.statusCode()).as(inForm.body()).isEqualTo(400);
        assertThat(new JsonObject(inForm.body()).getString("field")).isEqualTo("windw");

        for (String query : new String[] {"template=Hi", q("Hi") + "&rate=-1", q("Hi") + "&validity=PT6H",
                q("Hi") + "&start_at=tomorrow", q("Hi") + "&receipt=yes", q("Hi {{name")}) {
            JsonObject bad = new JsonObject(upload(TestServer.basic("alice"), query, "text/csv", csv(1)).body());
            String field = bad.getString("field");
            assertThat(bad.getString("detail")).as(query).startsWith(field + ": ").doesNotContain(field + ": " + field + ":");
        }
        assertThat(new JsonObject(tern.api("GET", "/campaigns", TestServer.basic("alice"), null).body())
                .getJsonArray("campaigns")).isEmpty();
    }

    @Test
    void aCsvThatIsNotUtf8IsRefusedNamingTheLineAndNothingIsSent() throws Exception {
        // "Renée" saved as Latin-1 on line 3: once, this became U+FFFD in a UCS-2 message
        byte[] latin1 = "to,name\n07410100001,Ann\n07410100002,Ren\u00e9e\n".getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> r = upload(TestServer.basic("alice"), q("Hi {{name}}"), "text/csv", latin1);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains("line 3").contains("not UTF-8");
        assertThat(new JsonObject(tern.api("GET", "/campaigns", TestServer.basic("alice"), null).body())
                .getJsonArray("campaigns")).isEmpty();
        assertThat(tern.server.smsc().store().find("C1_1").join()).isEmpty();
    }

    @Test
    void aRefusedUploadReadToItsEndLogsNoError() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            // the whole body is read before the unclosed quote on its last line refuses it
            HttpResponse<String> r = upload(TestServer.basic("alice"), q("Hi"), "text/csv", "to\n07410100001\n\"07410");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            // the listener's one event loop drops the body before it answers the next request
            assertThat(tern.api("GET", "/campaigns", TestServer.basic("alice"), null).statusCode()).isEqualTo(200);
            assertThat(log.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            root.detachAppender(log);
        }
    }

    @Test
    void aCsvWithAByteOrderMarkAndCrlfLineEndsIsReadAsPlainUtf8() throws Exception {
        HttpResponse<String> r = upload(TestServer.basic("alice"), q("Hi {{name}}"), "text/csv",
                "\uFEFFto,name\r\n07410100001,Zo\u00eb\r\n");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        long id = new JsonObject(r.body()).getLong("id");
        assertThat(new JsonObject(r.body()).getInteger("accepted")).isEqualTo(1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> status(id).getBoolean("done"));
        io.tern.smsc.store.StoredMessage m = tern.server.smsc().store().find("C" + id + "_1").join().orElseThrow();
        assertThat(new String(m.shortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("Hi Zo\u00eb");
    }

    /** A multipart/form-data body (RFC 7578): {@code fields} in order, then the CSV as the part {@code filePart}. */
    static byte[] form(String boundary, java.util.Map<String, String> fields, String filePart, String csv) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        if (filePart != null) {
            b.append("--").append(boundary).append("\r\n").append("Content-Disposition: form-data; name=\"")
                    .append(filePart).append("\"; filename=\"customers.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                    .append(csv).append("\r\n");
        }
        b.append("--").append(boundary).append("--\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    HttpResponse<String> uploadForm(String query, byte[] body, String boundary) throws Exception {
        return tern.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tern.httpPort()
                + "/api/v1/campaigns" + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(60))
                .header("Authorization", TestServer.basic("alice"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                // in small pieces: the fields and the file arrive in different reads
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.FilterInputStream(
                        new ByteArrayInputStream(body)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        return super.read(b, off, Math.min(len, 97));
                    }
                })).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMultipartFormWithTheCsvFarOverTheBodyLimitIsStreamedStoredAndSent() throws Exception {
        String boundary = "----tern" + System.nanoTime();
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("from", "12345");
        fields.put("template", "Hello {{name}}");
        fields.put("name", "form");
        byte[] body = form(boundary, fields, "file", csv(3_000) + "12,Bad\n");
        assertThat(body.length).isGreaterThan(10 * 4096);

        HttpResponse<String> r = uploadForm("rate=0&name=query", body, boundary);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject c = new JsonObject(r.body());
        long id = c.getLong("id");
        assertThat(c.getString("name")).as("a form field wins over the query string").isEqualTo("form");
        assertThat(c.getLong("accepted")).isEqualTo(3_000);
        assertThat(c.getLong("rejected")).isEqualTo(1);
        await().atMost(60, TimeUnit.SECONDS).until(() -> status(id).getBoolean("done"));
        assertThat(status(id).getLong("delivered")).isEqualTo(3_000);
        HttpResponse<String> rejected = tern.api("GET", "/campaigns/" + id + "/rejected", TestServer.basic("alice"), null);
        assertThat(rejected.body()).isEqualTo("line,reason,row\n3002,invalid number '12',\"12,Bad\"\n");
    }

    @Test
    void aMultipartFormWithoutTheCsvOrWithABadFieldIsAProblemNamingTheField() throws Exception {
        String boundary = "----tern" + System.nanoTime();
        HttpResponse<String> noFile = uploadForm("", form(boundary, java.util.Map.of("from", "12345",
                "template", "Hi"), "attachment", csv(2)), boundary);
        assertThat(noFile.statusCode()).as(noFile.body()).isEqualTo(400);
        JsonObject p = new JsonObject(noFile.body());
        assertThat(p.getString("field")).isEqualTo("file");
        assertThat(p.getString("detail")).isEqualTo("file: the multipart form has no part named 'file' holding the CSV");

        HttpResponse<String> badRate = uploadForm("", form(boundary, java.util.Map.of("from", "12345",
                "template", "Hi", "rate", "fast"), "file", csv(2)), boundary);
        assertThat(badRate.statusCode()).as(badRate.body()).isEqualTo(400);
        assertThat(new JsonObject(badRate.body()).getString("field")).isEqualTo("rate");

        HttpResponse<String> noFrom = uploadForm("", form(boundary, java.util.Map.of("template", "Hi"), "file",
                csv(2)), boundary);
        assertThat(noFrom.statusCode()).as(noFrom.body()).isEqualTo(400);
        assertThat(new JsonObject(noFrom.body()).getString("field")).isEqualTo("from");

        assertThat(new JsonObject(tern.api("GET", "/campaigns", TestServer.basic("alice"), null).body())
                .getJsonArray("campaigns")).isEmpty();
    }
}
