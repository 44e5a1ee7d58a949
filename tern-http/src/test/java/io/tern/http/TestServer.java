package io.tern.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smsc.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jsmpp.bean.BindType;

/**
 * A {@link TernServer} for tests: SMPP and HTTP on port 0, the store in a temporary directory, fast
 * scans and metric refreshes, plus a real HTTP client and the ESMEs bound to it, closed together.
 */
final class TestServer implements AutoCloseable {

    static final String PASSWORD = "secret";
    private static volatile String hash;

    final TernServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<TestEsme> clients = new ArrayList<>();

    private TestServer(String yaml) {
        this.server = TernServer.start(ConfigLoader.parse(yaml, Path.of(".")), Clock.systemUTC());
    }

    static String passwordHash() {
        if (hash == null) {
            synchronized (TestServer.class) {
                if (hash == null) {
                    hash = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
                }
            }
        }
        return hash;
    }

    /** The test defaults plus {@code body}, in which {@code HASH} stands for the hash of {@link #PASSWORD}. */
    static String yaml(Path dir, String body) {
        StringBuilder y = new StringBuilder();
        y.append("listeners: [{host: 127.0.0.1, port: 0}]\n");
        y.append("store: {path: '").append(dir.resolve("data").toAbsolutePath()).append("'}\n");
        y.append("smpp: {response_timeout: 2s, unbind_timeout: 2s}\n");
        y.append("delivery: {scan_interval: 100ms, retry: {initial: 10s, max: 1m, jitter: 0}}\n");
        y.append(body.replace("HASH", "'" + passwordHash() + "'"));
        return y.toString();
    }

    static TestServer start(Path dir, String body) {
        return new TestServer(yaml(dir, body));
    }

    int smppPort() {
        return server.smsc().ports().get(0);
    }

    int httpPort() {
        return server.httpPort().orElseThrow();
    }

    TestEsme bind(String systemId, BindType type) throws IOException {
        TestEsme e = TestEsme.bind(smppPort(), systemId, PASSWORD, type);
        synchronized (clients) {
            clients.add(e);
        }
        return e;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data directory (for API keys). */
    Path dataDir() {
        return server.smsc().config().store().dataDir();
    }

    /** HTTP Basic credentials of {@code systemId} with {@link #PASSWORD}. */
    static String basic(String systemId) {
        return basic(systemId, PASSWORD);
    }

    static String basic(String systemId, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((systemId + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A request to the API ({@code /api/v1} + {@code path}); {@code auth} and {@code json} may be null. */
    HttpResponse<String> api(String method, String path, String auth, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/api/v1" + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + r.statusCode() + ": " + r.body());
        }
        return Scrape.parse(r.body());
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(TestEsme::close);
        }
        server.close();
    }
}
