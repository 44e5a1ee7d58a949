package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API over TLS (http.tls, the same keys as an SMPP listener's): a client that trusts the
 * test CA submits and reads a message over HTTPS, an account with require_tls is served there,
 * and plain HTTP to the TLS port gets no answer.
 */
class HttpsApiTest {

    @TempDir
    Path dir;
    TestServer tern;
    HttpClient https;

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = HttpsApiTest.class.getResourceAsStream("/session/tls/" + name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    @BeforeEach
    void start() throws Exception {
        String body = "http: {port: 0, tls: {certificate: '" + resource("server.pem") + "', key: '"
                + resource("server.key") + "'}}\n" + """
                accounts:
                  - {system_id: alice, password_hash: HASH, require_tls: true}
                routes:
                  - {destination: '*', target: sim}
                """;
        tern = TestServer.start(dir, body);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(resource("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private HttpResponse<String> send(String scheme, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + tern.httpPort()
                + "/api/v1" + path)).timeout(Duration.ofSeconds(10)).header("Authorization", TestServer.basic("alice"))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return (scheme.equals("https") ? https : tern.http).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAccountThatRequiresTlsSubmitsAndReadsItsMessageOverHttps() throws Exception {
        HttpResponse<String> r = send("https", "POST", "/messages",
                "{\"from\": \"ACME\", \"to\": \"+447400123456\", \"text\": \"over TLS\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.sslSession()).isPresent();
        String id = new JsonObject(r.body()).getJsonArray("messages").getJsonObject(0).getString("id");
        HttpResponse<String> m = send("https", "GET", "/messages/" + id, null);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(m.body()).getString("to")).isEqualTo("+447400123456");
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        assertThatThrownBy(() -> send("http", "GET", "/account", null)).isInstanceOf(IOException.class);
    }
}
