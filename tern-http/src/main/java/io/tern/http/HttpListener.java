package io.tern.http;

import io.tern.http.api.Api;
import io.tern.http.api.ApiContext;
import io.tern.http.api.ApiKeys;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.StoreHealth;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tern's HTTP listener (Vert.x Web on one event loop of its own, apart from the SMPP ones), plain
 * or TLS: {@code GET /health/live}, {@code GET /health/ready}, {@code GET /metrics} and the HTTP
 * API under {@code /api/v1} ({@link Api}), and the web dashboard at {@code /} ({@link Dashboard}). The
 * health checks read volatile state only; the
 * metrics are formatted on a worker thread, never on the event loop.
 */
public final class HttpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final Vertx vertx;
    /**
     * Event loops serving HTTP, one server on each sharing the port (Vert.x hands the accepted
     * connections to them in turn). One by default: on 2 cores, with the load generator on the
     * same cores, two loops showed no gain (HttpApiBench, docs/PERFORMANCE.md); the system property
     * {@code tern.http.event-loops} sets another number, for machines with more cores and for
     * benchmarks.
     */
    static final int EVENT_LOOPS = Math.max(1, Integer.getInteger("tern.http.event-loops", 1));

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final Router router;
    private final HttpServerOptions serverOptions;
    private final Smsc smsc;
    private final TernMetrics metrics;

    private HttpListener(Vertx vertx, Smsc smsc, TernMetrics metrics, TernConfig.Http config, ApiKeys keys,
            AdminApi admin) {
        this.vertx = vertx;
        this.smsc = smsc;
        this.metrics = metrics;
        Router router = Router.router(vertx);
        // HEAD too: load balancers and uptime checkers often probe with it (the status, no body)
        router.route("/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::live);
        router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::ready);
        router.get("/metrics").blockingHandler(this::metrics, false);
        new Dashboard().mount(router);
        if (admin != null) {
            // before the public API's router, which would take /api/v1/admin/ for its own
            admin.mount(router);
        }
        router.route(Api.PREFIX + "/*").subRouter(Api.router(vertx, new ApiContext(smsc, keys, config, metrics)));
        Api.errorPages(router);
        this.router = router;
        this.serverOptions = options(config);
        // keys made or revoked by `tern apikey` take effect within a second
        vertx.setPeriodic(1000, id -> vertx.executeBlocking(() -> {
            keys.reloadIfChanged();
            return null;
        }).onFailure(e -> log.warn("cannot re-read {}: {}", ApiKeys.FILE, e.toString())));
    }

    private static HttpServerOptions options(TernConfig.Http config) {
        HttpServerOptions o = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setCompressionSupported(false).setMaxFormAttributeSize(8192)
                // HTTP/1.1 only: no clear-text upgrade to HTTP/2 halfway through a connection
                .setHttp2ClearTextEnabled(false);
        TernConfig.Tls tls = config.tls();
        if (tls != null) {
            o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certificate().toString())
                    .setKeyPath(tls.key().toString()));
            if (tls.trust() != null) {
                o.setTrustOptions(new PemTrustOptions().addCertPath(tls.trust().toString()));
            }
            o.setClientAuth(switch (tls.clientAuth()) {
                case NONE -> ClientAuth.NONE;
                case OPTIONAL -> ClientAuth.REQUEST;
                case REQUIRE -> ClientAuth.REQUIRED;
            });
            o.setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2", "TLSv1.3"));
            if (tls.ciphers() != null) {
                tls.ciphers().forEach(o::addEnabledCipherSuite);
            }
        }
        return o;
    }

    /** Starts listening on {@code config}'s host and port and waits until it does. */
    public static HttpListener start(TernConfig.Http config, Smsc smsc, TernMetrics metrics) {
        return start(config, smsc, metrics, null);
    }

    /** {@link #start(TernConfig.Http, Smsc, TernMetrics)} with the admin API when {@code admin} is not null. */
    static HttpListener start(TernConfig.Http config, Smsc smsc, TernMetrics metrics, AdminApi admin) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        HttpListener l;
        try {
            l = new HttpListener(vertx, smsc, metrics, config, ApiKeys.load(smsc.config().store().dataDir(),
                    () -> smsc.config().apiKeys()), admin);
        } catch (java.io.IOException | RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("cannot start the HTTP listener: " + e.getMessage(), e);
        }
        try {
            l.listen(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
        log.info("HTTP listener on {}", config.url(l.port()));
        return l;
    }

    /**
     * One server per event loop, each on its own loop (a verticle instance each), all on one port:
     * a configured 0 becomes -1, Vert.x's one random port shared by every server asking for -1.
     */
    private io.vertx.core.Future<String> listen(TernConfig.Http config) {
        int port = config.port() == 0 ? -1 : config.port();
        return vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public io.vertx.core.Future<?> start() {
                HttpServer s = vertx.createHttpServer(serverOptions).requestHandler(router);
                servers.add(s);
                return s.listen(port, config.host());
            }
        }, new DeploymentOptions().setInstances(EVENT_LOOPS));
    }

    /** The port it listens on (the one picked when configured with 0). */
    public int port() {
        return servers.get(0).actualPort();
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
