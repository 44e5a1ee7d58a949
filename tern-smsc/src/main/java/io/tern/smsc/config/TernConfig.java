package io.tern.smsc.config;

import io.tern.smpp.session.ServerLimits;
import io.tern.smsc.account.Account;
import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.connector.ConnectorGroupConfig;
import io.tern.smsc.delivery.RetryPolicy;
import io.tern.smsc.optout.OptOutConfig;
import io.tern.smsc.routing.Route;
import io.tern.smsc.sim.SubscriberRange;
import io.tern.smsc.store.StoreConfig;
import io.tern.smsc.webhook.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Tern's whole configuration, immutable and validated once at start-up by {@link ConfigLoader},
 * then passed down. docs/configuration.md documents every key.
 */
public record TernConfig(
        List<Listener> listeners,
        Smpp smpp,
        StoreConfig store,
        List<Account> accounts,
        List<Route> routes,
        Map<String, List<String>> distributionLists,
        Delivery delivery,
        List<SubscriberRange> handsets,
        List<ConnectorConfig> connectors,
        List<ConnectorGroupConfig> connectorGroups,
        Http http,
        Map<String, WebhookConfig> webhooks,
        Map<String, OptOutConfig> optOut,
        Long handsetSeed,
        Cdr cdr,
        Logging logging,
        List<ApiKey> apiKeys) {

    public TernConfig {
        listeners = List.copyOf(listeners);
        accounts = List.copyOf(accounts);
        routes = List.copyOf(routes);
        distributionLists = Map.copyOf(distributionLists);
        handsets = List.copyOf(handsets);
        connectors = List.copyOf(connectors);
        connectorGroups = List.copyOf(connectorGroups);
        webhooks = Map.copyOf(webhooks);
        optOut = Map.copyOf(optOut);
        apiKeys = List.copyOf(apiKeys);
    }

    /**
     * A key of the HTTP API kept in the configuration database ({@code api_keys}), valid on every
     * node of a cluster: never the token, only its SHA-256 (docs/http-api.md, "API keys").
     */
    public record ApiKey(String id, String systemId, String sha256, Instant created, String label) {
        @Override
        public String toString() {
            return "ApiKey[" + id + ", " + systemId + ", sha256=****]";
        }
    }

    /**
     * Accounts without webhooks, with the default opt-out keywords; without records, logging
     * settings or a fixed handset seed.
     */
    public TernConfig(List<Listener> listeners, Smpp smpp, StoreConfig store, List<Account> accounts, List<Route> routes,
            Map<String, List<String>> distributionLists, Delivery delivery, List<SubscriberRange> handsets,
            List<ConnectorConfig> connectors, List<ConnectorGroupConfig> connectorGroups, Http http) {
        this(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, Map.of(), Map.of(), null, null, null, List.of());
    }

    /** The webhooks of account {@code systemId}, or null if it has none. */
    public WebhookConfig webhooksOf(String systemId) {
        return webhooks.get(systemId);
    }

    /** The opt-out keywords of account {@code systemId} (the defaults unless configured). */
    public OptOutConfig optOutOf(String systemId) {
        return optOut.getOrDefault(systemId, OptOutConfig.DEFAULT);
    }

    /** Without an HTTP listener. */
    public TernConfig(List<Listener> listeners, Smpp smpp, StoreConfig store, List<Account> accounts, List<Route> routes,
            Map<String, List<String>> distributionLists, Delivery delivery, List<SubscriberRange> handsets,
            List<ConnectorConfig> connectors, List<ConnectorGroupConfig> connectorGroups) {
        this(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, null);
    }

    public TernConfig withListeners(List<Listener> l) {
        return new TernConfig(l, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut, handsetSeed, cdr, logging, apiKeys);
    }

    public TernConfig withAccounts(List<Account> a) {
        return new TernConfig(listeners, smpp, store, a, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut, handsetSeed, cdr, logging, apiKeys);
    }

    public TernConfig withStore(StoreConfig s) {
        return new TernConfig(listeners, smpp, s, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut, handsetSeed, cdr, logging, apiKeys);
    }

    public TernConfig withHttp(Http h) {
        return new TernConfig(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, h, webhooks, optOut, handsetSeed, cdr, logging, apiKeys);
    }

    public TernConfig withCdr(Cdr c) {
        return new TernConfig(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut, handsetSeed, c, logging, apiKeys);
    }

    public TernConfig withHandsetSeed(Long seed) {
        return new TernConfig(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut, seed, cdr, logging, apiKeys);
    }

    /**
     * Call detail records (docs/operations.md#call-detail-records); null in {@link TernConfig#cdr()}
     * when the file has no {@code cdr} key, and then none are written.
     *
     * @param directory where the files are
     * @param maxFileSize a file is rotated when it reaches this many bytes (and at midnight UTC)
     * @param retention rotated files older than this are deleted
     * @param batch the most records written per sync
     * @param interval how long the writer waits when it has caught up
     */
    public record Cdr(Path directory, long maxFileSize, Duration retention, int batch, Duration interval) {
    }

    /**
     * Where and how Tern logs (docs/configuration.md "logging"); null in {@link TernConfig#logging()}
     * when the file has no {@code logging} key: standard error, text, INFO.
     *
     * @param file the log file, rotated by size and day, or null for standard error only
     * @param maxFileSize a log file is rotated when it reaches this many bytes
     * @param maxDays rotated log files are kept this many days
     */
    public record Logging(String level, Format format, Path file, long maxFileSize, int maxDays) {

        /** Log lines as text, or as one JSON object a line. */
        public enum Format { TEXT, JSON }
    }

    /**
     * The HTTP listener (health checks, Prometheus metrics, the HTTP API); null in
     * {@link TernConfig#http()} when the file has no {@code http} key, and then there is none.
     *
     * @param metricsInterval how often the gauges read from the store (messages by state, waiting
     *     per target) are refreshed
     * @param tls null for plain HTTP, else HTTPS with these files (as an SMPP listener's)
     * @param maxBodySize the largest request body accepted, in octets (larger: 413)
     * @param adminAllowedIps client addresses the admin API ({@code /api/v1/admin/}) answers; others get 403
     */
    public record Http(String host, int port, Duration metricsInterval, Tls tls, long maxBodySize,
            List<io.tern.smsc.account.CidrRange> adminAllowedIps) {

        /** The default largest request body: 1 MiB. */
        public static final long DEFAULT_MAX_BODY_SIZE = 1 << 20;

        /** The client addresses the admin API answers by default: loopback only. */
        public static final List<String> ADMIN_LOOPBACK = List.of("127.0.0.0/8", "::1/128");

        public Http {
            adminAllowedIps = List.copyOf(adminAllowedIps);
        }

        /** The admin API on loopback only. */
        public Http(String host, int port, Duration metricsInterval, Tls tls, long maxBodySize) {
            this(host, port, metricsInterval, tls, maxBodySize,
                    ADMIN_LOOPBACK.stream().map(io.tern.smsc.account.CidrRange::parse).toList());
        }

        /** Plain HTTP with the default body limit. */
        public Http(String host, int port, Duration metricsInterval) {
            this(host, port, metricsInterval, null, DEFAULT_MAX_BODY_SIZE);
        }

        /** {@code tern serve}'s HTTP listener without a configuration file: 127.0.0.1:8080, plain. */
        public static Http defaults() {
            return new Http("127.0.0.1", 8080, Duration.ofSeconds(5));
        }

        public Http withPort(int p) {
            return new Http(host, p, metricsInterval, tls, maxBodySize, adminAllowedIps);
        }

        /** The URL clients reach it at (a wildcard host shown as 127.0.0.1). */
        public String url(int actualPort) {
            String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
            return (tls == null ? "http" : "https") + "://" + h + ":" + actualPort;
        }
    }

    /** An SMPP listener: plain TCP, or TLS when {@code tls} is set. */
    public record Listener(String host, int port, Tls tls) {
    }

    /**
     * PEM files of a TLS listener; {@code trust} holds the CAs that sign client certificates;
     * {@code ciphers} the enabled cipher suites, null for the forward-secret default.
     */
    public record Tls(Path certificate, Path key, Path trust, ClientAuth clientAuth, List<String> ciphers) {
        public Tls {
            ciphers = ciphers == null ? null : List.copyOf(ciphers);
        }
    }

    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    /**
     * Session settings shared by every listener, and the limits that protect the server from its
     * peers before and across sessions.
     */
    public record Smpp(String systemId, int windowSize, int maxPduSize, int maxInflightPerSession,
            Duration sessionInitTimeout, Duration enquireLinkInterval, Duration inactivityTimeout,
            Duration responseTimeout, Duration unbindTimeout, ServerLimits limits, BindLockout bindLockout,
            int ioThreads) {

        /** Event loop threads when {@code smpp.io_threads} is not set: one per core. */
        public static int defaultIoThreads() {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * Password guessing: after {@code failures} failed binds of one system_id from one address
     * within {@code window}, its binds from there are refused for {@code duration}.
     */
    public record BindLockout(int failures, Duration window, Duration duration, double checksPerSecond,
            int checksBurst) {

        public BindLockout(int failures, Duration window, Duration duration) {
            this(failures, window, duration, 1.0, 20);
        }
    }

    /**
     * Scheduling and retry policy.
     *
     * @param lease how long a node reserves a message it is delivering (or a receipt it is sending);
     *     when a node dies, the others take its work over once its leases run out; null: twice
     *     {@code smpp.response_timeout} plus 30 s, see {@link #leaseFor(Duration)}
     */
    public record Delivery(RetryPolicy retry, Duration scanInterval, int activePerTarget, Duration receiptRetry,
            Duration defaultValidity, Duration maxValidity, Duration lease) {

        public Delivery(RetryPolicy retry, Duration scanInterval, int activePerTarget, Duration receiptRetry,
                Duration defaultValidity, Duration maxValidity) {
            this(retry, scanInterval, activePerTarget, receiptRetry, defaultValidity, maxValidity, null);
        }

        /** The lease, the configured one or the default for this response timeout. */
        public Duration leaseFor(Duration responseTimeout) {
            return lease != null ? lease : responseTimeout.multipliedBy(2).plusSeconds(30);
        }
    }
}
