package io.tern.http;

import io.tern.smsc.admin.AdminTokens;
import io.tern.smsc.admin.Administration;
import io.tern.smsc.config.ConfigDocument;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What {@code tern serve} runs: the {@link Smsc} and, when the configuration has an {@code http}
 * key, its HTTP listener with health checks and metrics. Without the key it is the SMSC alone,
 * counting nothing.
 */
public final class TernServer implements AutoCloseable {

    private final Smsc smsc;
    private final TernMetrics metrics;
    private final HttpListener http;
    private final Administration administration;

    private TernServer(Smsc smsc, TernMetrics metrics, HttpListener http, Administration administration) {
        this.smsc = smsc;
        this.metrics = metrics;
        this.http = http;
        this.administration = administration;
    }

    /**
     * Starts the SMSC, then the HTTP listener; if the listener cannot start, the SMSC is closed
     * again and the exception says why.
     */
    public static TernServer start(TernConfig config, Clock clock) {
        return start(config, null, clock);
    }

    /**
     * Starts Tern on {@code document}, the configuration file, with runtime administration: the
     * managed sections (accounts, routes, connectors, groups) come from the database, seeded from
     * the file on first start; changes over the admin API ({@code /api/v1/admin/}, when the file
     * has an {@code http} key) are put in force at once (docs/operations.md#admin-api).
     *
     * @param overrides the command line's changes to the resolved configuration (data directory, port)
     */
    public static TernServer start(ConfigDocument document, UnaryOperator<TernConfig> overrides, Clock clock) {
        Administration admin = Administration.open(document, overrides, clock);
        TernServer server = start(admin.config(), admin, clock);
        admin.onChange(server.smsc::apply);
        if (server.smsc.store() instanceof io.tern.smsc.store.SharedStore shared) {
            // changes made through other nodes, in force here within a heartbeat (docs/scaling.md)
            shared.onHeartbeat(new io.tern.smsc.admin.ClusterChanges(admin, server.smsc.suppressions(),
                    () -> server.smsc.config().accounts().stream().map(a -> a.systemId()).toList())::poll);
        }
        return server;
    }

    private static TernServer start(TernConfig config, Administration admin, Clock clock) {
        TernConfig.Http h = config.http();
        if (h == null) {
            return new TernServer(Smsc.start(config, clock), null, null, admin);
        }
        TernMetrics metrics = new TernMetrics();
        Smsc smsc;
        try {
            smsc = Smsc.start(config, clock, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        try {
            metrics.bind(smsc, h.metricsInterval());
            AdminApi adminApi = admin == null ? null
                    : new AdminApi(admin, smsc, new AdminTokens(config.store().dataDir()), h.adminAllowedIps(), h.maxBodySize(),
                            metrics);
            return new TernServer(smsc, metrics, HttpListener.start(h, smsc, metrics, adminApi), admin);
        } catch (RuntimeException e) {
            smsc.close();
            metrics.close();
            throw e;
        }
    }

    public Smsc smsc() {
        return smsc;
    }

    /** The runtime administration, when started on a configuration document (not on a resolved configuration). */
    public Optional<Administration> administration() {
        return Optional.ofNullable(administration);
    }

    /** The HTTP listener's port, when there is one. */
    public Optional<Integer> httpPort() {
        return http == null ? Optional.empty() : Optional.of(http.port());
    }

    /** The metrics, when there is an HTTP listener. */
    public Optional<TernMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    /**
     * Drains the SMSC (the readiness check answers 503 meanwhile, liveness 200), then stops the
     * HTTP listener.
     */
    @Override
    public void close() {
        smsc.close();
        if (http != null) {
            http.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
