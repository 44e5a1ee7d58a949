package io.tern.smsc.config;

import io.tern.smpp.session.ServerLimits;
import io.tern.smsc.account.Account;
import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.connector.ConnectorGroupConfig;
import io.tern.smsc.delivery.RetryPolicy;
import io.tern.smsc.optout.OptOutConfig;
import io.tern.smsc.routing.Route;
import io.tern.smsc.sim.SubscriberRange;
import io.tern.smsc.webhook.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Tern's whole configuration, immutable and validated once at start-up by {@link ConfigLoader},
 * then passed down. docs/configuration.md documents every key.
 */
public record TernConfig(
        List<Listener> listeners,
        Smpp smpp,
        Store store,
        List<Account> accounts,
        List<Route> routes,
        Map<String, List<String>> distributionLists,
        Delivery delivery,
        List<SubscriberRange> handsets,
        List<ConnectorConfig> connectors,
        List<ConnectorGroupConfig> connectorGroups,
        Http http,
        Map<String, WebhookConfig> webhooks,
        Map<String, OptOutConfig> optOut) {

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
    }

    /** Accounts without webhooks, with the default opt-out keywords. */
    public TernConfig(List<Listener> listeners, Smpp smpp, Store store, List<Account> accounts, List<Route> routes,
            Map<String, List<String>> distributionLists, Delivery delivery, List<SubscriberRange> handsets,
            List<ConnectorConfig> connectors, List<ConnectorGroupConfig> connectorGroups, Http http) {
        this(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, Map.of(), Map.of());
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
    public TernConfig(List<Listener> listeners, Smpp smpp, Store store, List<Account> accounts, List<Route> routes,
            Map<String, List<String>> distributionLists, Delivery delivery, List<SubscriberRange> handsets,
            List<ConnectorConfig> connectors, List<ConnectorGroupConfig> connectorGroups) {
        this(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, null);
    }

    public TernConfig withListeners(List<Listener> l) {
        return new TernConfig(l, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut);
    }

    public TernConfig withAccounts(List<Account> a) {
        return new TernConfig(listeners, smpp, store, a, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut);
    }

    public TernConfig withStore(Store s) {
        return new TernConfig(listeners, smpp, s, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http, webhooks, optOut);
    }

    public TernConfig withHttp(Http h) {
        return new TernConfig(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, h, webhooks, optOut);
    }

    /**
     * The HTTP listener (health checks, Prometheus metrics, the HTTP API); null in
     * {@link TernConfig#http()} when the file has no {@code http} key, and then there is none.
     *
     * @param metricsInterval how often the gauges read from the store (messages by state, waiting
     *     per target) are refreshed
     * @param tls null for plain HTTP, else HTTPS with these files (as an SMPP listener's)
     * @param maxBodySize the largest request body accepted, in octets (larger: 413)
     */
    public record Http(String host, int port, Duration metricsInterval, Tls tls, long maxBodySize) {

        /** The default largest request body: 1 MiB. */
        public static final long DEFAULT_MAX_BODY_SIZE = 1 << 20;

        /** Plain HTTP with the default body limit. */
        public Http(String host, int port, Duration metricsInterval) {
            this(host, port, metricsInterval, null, DEFAULT_MAX_BODY_SIZE);
        }

        /** {@code tern serve}'s HTTP listener without a configuration file: 127.0.0.1:8080, plain. */
        public static Http defaults() {
            return new Http("127.0.0.1", 8080, Duration.ofSeconds(5));
        }

        public Http withPort(int p) {
            return new Http(host, p, metricsInterval, tls, maxBodySize);
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
            Duration responseTimeout, Duration unbindTimeout, ServerLimits limits, BindLockout bindLockout) {
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
     * Where and how messages are kept. {@code type} names the store: {@code sqlite} (embedded, in
     * {@code dataDir}) or {@code postgresql}, which reads {@code url}, {@code user}, {@code password}
     * and {@code poolSize} (null or 0 otherwise) and is found through {@code MessageStoreFactory}.
     * {@code nodeId} (the top-level key {@code node_id}) names this node in a shared store: its leases
     * carry it, so that a restarting node releases its own leases and nobody else's. Null: not set,
     * {@link #defaultNodeId()} (looked up only by a store that uses it).
     */
    public record Store(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch, String type,
            String url, String user, String password, int poolSize, String nodeId) {

        public static final String SQLITE = "sqlite";
        public static final String POSTGRESQL = "postgresql";

        /** The embedded SQLite store. */
        public Store(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch) {
            this(dataDir, retention, writeQueueCapacity, maxBatch, SQLITE, null, null, null, 0, null);
        }

        /** The same store with its node directory (and SQLite database) in {@code dir}. */
        public Store withDataDir(Path dir) {
            return new Store(dir, retention, writeQueueCapacity, maxBatch, type, url, user, password, poolSize, nodeId);
        }

        /** The node id, or the default one when none is set. */
        public String nodeIdOrDefault() {
            return nodeId != null ? nodeId : defaultNodeId();
        }

        /** The host name, the default {@code node_id}, cut to 63 characters; {@code tern} if it cannot be found. */
        public static String defaultNodeId() {
            try {
                String host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
                return host.isEmpty() ? "tern" : host.substring(0, Math.min(63, host.length()));
            } catch (java.io.IOException e) {
                return "tern";
            }
        }

        @Override
        public String toString() {
            return "Store[type=" + type + ", dataDir=" + dataDir + ", url=" + url + ", user=" + user
                    + ", password=" + (password == null ? null : "***") + ", poolSize=" + poolSize
                    + ", nodeId=" + nodeId + "]";
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
