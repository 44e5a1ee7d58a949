package io.tern.http;

import com.sun.net.httpserver.HttpServer;
import io.tern.smsc.webhook.WebhookSignature;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A webhook receiver on loopback that keeps, by path, the last body POSTed with a valid signature. */
final class WebhookEndpoint implements AutoCloseable {

    /** path → the last body POSTed there with a valid signature. */
    final Map<String, JsonObject> received = new ConcurrentHashMap<>();
    private final HttpServer server;

    private WebhookEndpoint(String secret) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (WebhookSignature.verify(secret, body, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER))) {
                    received.put(ex.getRequestURI().getPath(), new JsonObject(new String(body, StandardCharsets.UTF_8)));
                }
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    /** Listening on a free port, verifying signatures with {@code secret}. */
    static WebhookEndpoint start(String secret) throws IOException {
        return new WebhookEndpoint(secret);
    }

    /** The URL of {@code path} (starting with /) on this endpoint. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
