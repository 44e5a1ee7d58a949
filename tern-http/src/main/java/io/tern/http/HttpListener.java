package io.tern.http;

import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.StoreHealth;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tern's HTTP listener (Vert.x Web on one event loop of its own, apart from the SMPP ones):
 * {@code GET /health/live}, {@code GET /health/ready} and {@code GET /metrics}. The health checks
 * read volatile state only; the metrics are formatted on a worker thread, never on the event loop.
 */
public final class HttpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final HttpServer server;
    private final Smsc smsc;
    private final TernMetrics metrics;

    private HttpListener(Vertx vertx, Smsc smsc, TernMetrics metrics, TernConfig.Http config, AdminApi admin) {
        this.vertx = vertx;
        this.smsc = smsc;
        this.metrics = metrics;
        Router router = Router.router(vertx);
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").blockingHandler(this::metrics, false);
        if (admin != null) {
            admin.mount(router);
        }
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(router);
    }

    /** Starts listening on {@code config}'s host and port and waits until it does. */
    public static HttpListener start(TernConfig.Http config, Smsc smsc, TernMetrics metrics) {
        return start(config, smsc, metrics, null);
    }

    /** {@link #start(TernConfig.Http, Smsc, TernMetrics)} with the admin API when {@code admin} is not null. */
    static HttpListener start(TernConfig.Http config, Smsc smsc, TernMetrics metrics, AdminApi admin) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        HttpListener l = new HttpListener(vertx, smsc, metrics, config, admin);
        try {
            l.server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            l.close();
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot start the HTTP listener on " + config.host() + ":" + config.port()
                    + ": " + root.getMessage(), e);
        }
        // the first exposition loads and compiles the formatting code: not in the first scrape's time
        vertx.executeBlocking(() -> metrics.scrape().length());
        log.info("HTTP listener on {}:{}", config.host(), l.port());
        return l;
    }

    /** The port it listens on (the one picked when configured with 0). */
    public int port() {
        return server.actualPort();
    }

    private void live(RoutingContext ctx) {
        ctx.response().putHeader("content-type", JSON).end(new JsonObject().put("status", "UP").encode());
    }

    /** Ready: the store commits writes and the SMPP listeners are up; otherwise 503 with why. */
    private void ready(RoutingContext ctx) {
        StoreHealth store = smsc.store().health();
        boolean listening = smsc.listening();
        JsonObject body = new JsonObject()
                .put("store", new JsonObject().put("writable", store.writable()).put("reason", store.reason())
                        .put("since", store.since().toString()))
                .put("smpp", new JsonObject().put("listening", listening).put("ports", smsc.ports()));
        int status;
        if (!listening) {
            status = 503;
            body.put("status", "DOWN").put("reason", "SMPP listeners are not up (starting or shutting down)");
        } else if (!store.writable()) {
            status = 503;
            body.put("status", "DOWN").put("reason", "store not writable since " + store.since() + ": "
                    + store.reason());
        } else {
            status = 200;
            body.put("status", "UP");
        }
        ctx.response().setStatusCode(status).putHeader("content-type", JSON).end(body.encode());
    }

    private void metrics(RoutingContext ctx) {
        String text = metrics.scrape();
        ctx.response().putHeader("content-type", PROMETHEUS_TEXT).end(text);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("HTTP listener not closed cleanly: {}", e.toString());
        }
    }
}
