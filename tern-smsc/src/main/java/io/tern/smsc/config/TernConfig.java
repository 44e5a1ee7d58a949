package io.tern.smsc.config;

import io.tern.smsc.account.Account;
import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.connector.ConnectorGroupConfig;
import io.tern.smsc.delivery.RetryPolicy;
import io.tern.smsc.routing.Route;
import io.tern.smsc.sim.SubscriberRange;
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
        Http http) {

    public TernConfig {
        listeners = List.copyOf(listeners);
        accounts = List.copyOf(accounts);
        routes = List.copyOf(routes);
        distributionLists = Map.copyOf(distributionLists);
        handsets = List.copyOf(handsets);
        connectors = List.copyOf(connectors);
        connectorGroups = List.copyOf(connectorGroups);
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
                connectorGroups, http);
    }

    public TernConfig withAccounts(List<Account> a) {
        return new TernConfig(listeners, smpp, store, a, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http);
    }

    public TernConfig withStore(Store s) {
        return new TernConfig(listeners, smpp, s, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, http);
    }

    public TernConfig withHttp(Http h) {
        return new TernConfig(listeners, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups, h);
    }

    /**
     * The HTTP listener (health checks, Prometheus metrics); null in {@link TernConfig#http()} when
     * the file has no {@code http} key, and then there is none.
     *
     * @param metricsInterval how often the gauges read from the store (messages by state, waiting
     *     per target) are refreshed
     */
    public record Http(String host, int port, Duration metricsInterval) {
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

    /** Session settings shared by every listener. */
    public record Smpp(String systemId, int windowSize, int maxPduSize, int maxInflightPerSession,
            Duration sessionInitTimeout, Duration enquireLinkInterval, Duration inactivityTimeout,
            Duration responseTimeout, Duration unbindTimeout) {
    }

    /** Where and how messages are kept. */
    public record Store(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch) {
    }

    /** Scheduling and retry policy. */
    public record Delivery(RetryPolicy retry, Duration scanInterval, int activePerTarget, Duration receiptRetry,
            Duration defaultValidity, Duration maxValidity) {
    }
}
