package io.tern.smsc.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tern.smsc.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP server on a loopback port 0 that plays a webhook endpoint: each request is answered
 * as {@link #behaviour} says for its sequence number (a status, or {@link #HANG}: no answer until
 * the receiver closes, so the client times out), and every request is recorded with whether its
 * signature was right.
 */
final class WebhookReceiver implements AutoCloseable {

    /** Answer nothing: the request hangs until the client gives up. */
    static final int HANG = -1;

    /** One request as it arrived. */
    record Request(String path, String event, String deliveryId, JsonNode body, boolean signedCorrectly, int answer,
            String upgrade) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String secret;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger sequence = new AtomicInteger();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Delivery ids answered 2xx, by event. */
    final Map<String, Set<String>> delivered = new ConcurrentHashMap<>();
    volatile IntFunction<Integer> behaviour = n -> 200;

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            int answer = behaviour.apply(sequence.getAndIncrement());
            String event = ex.getRequestHeaders().getFirst("X-Tern-Event");
            String id = ex.getRequestHeaders().getFirst("X-Tern-Delivery");
            boolean signed = WebhookSignature.verify(secret, body,
                    ex.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            requests.add(new Request(ex.getRequestURI().getPath(), event, id, JSON.readTree(body), signed, answer,
                    ex.getRequestHeaders().getFirst("Upgrade")));
            if (answer == HANG) {
                closing.await();
                return;
            }
            if (answer >= 200 && answer < 300) {
                delivered.computeIfAbsent(event, e -> ConcurrentHashMap.newKeySet()).add(id);
            }
            ex.sendResponseHeaders(answer, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Set<String> delivered(String event) {
        return delivered.getOrDefault(event, Set.of());
    }

    /** The last request for {@code deliveryId} that was answered 2xx. */
    Request accepted(String deliveryId) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Request r = requests.get(i);
            if (deliveryId.equals(r.deliveryId()) && r.answer() >= 200 && r.answer() < 300) {
                return r;
            }
        }
        throw new AssertionError("no accepted request for " + deliveryId);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
