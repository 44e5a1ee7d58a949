package io.tern.smsc.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs signed webhook requests with the JDK's HTTP client, asynchronously: no caller thread waits,
 * every request has a timeout, and a slow endpoint holds only its own requests (the scheduler
 * bounds how many each endpoint has in flight).
 */
public final class WebhookClient implements AutoCloseable {

    /** How a request ended: an HTTP status, or 0 and why no response came. */
    public record Outcome(int status, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return status > 0 ? "HTTP " + status : error;
        }
    }

    /** Threads for the HTTP client's own work (connecting, TLS, reading); no request holds one while it waits. */
    private static final int THREADS = 2;
    /** How long a connection to an endpoint may take; each request's own timeout is its caller's. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "tern-webhook");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * POSTs {@code body} (JSON) to {@code url}, signed with {@code secret}; {@code deliveryId} names
     * the event, the same on every retry, so the receiver can drop repeats. Never fails: errors are
     * an {@link Outcome}.
     */
    public CompletableFuture<Outcome> post(URI url, String secret, Duration timeout, String event, String deliveryId,
            byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        if ("http".equalsIgnoreCase(url.getScheme())) {
            // HTTP/1.1 outright: the client's default would offer an h2c upgrade on every request, which
            // some servers and proxies answer with an error; https negotiates HTTP/2 by ALPN instead
            b.version(HttpClient.Version.HTTP_1_1);
        }
        HttpRequest request = b
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tern-Webhook")
                .header("X-Tern-Event", event)
                .header("X-Tern-Delivery", deliveryId)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((r, e) -> e == null ? new Outcome(r.statusCode(), null)
                            : new Outcome(0, describe(e)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(0, describe(e)));
        }
    }

    private static String describe(Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
