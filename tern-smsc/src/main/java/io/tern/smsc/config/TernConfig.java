package io.tern.smsc.config;

import io.tern.smpp.session.ServerLimits;
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
        List<ConnectorGroupConfig> connectorGroups) {

    public TernConfig {
        listeners = List.copyOf(listeners);
        accounts = List.copyOf(accounts);
        routes = List.copyOf(routes);
        distributionLists = Map.copyOf(distributionLists);
        handsets = List.copyOf(handsets);
        connectors = List.copyOf(connectors);
        connectorGroups = List.copyOf(connectorGroups);
    }

    public TernConfig withListeners(List<Listener> l) {
        return new TernConfig(l, smpp, store, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups);
    }

    public TernConfig withAccounts(List<Account> a) {
        return new TernConfig(listeners, smpp, store, a, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups);
    }

    public TernConfig withStore(Store s) {
        return new TernConfig(listeners, smpp, s, accounts, routes, distributionLists, delivery, handsets, connectors,
                connectorGroups);
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
    public record BindLockout(int failures, Duration window, Duration duration) {
    }

    /** Where and how messages are kept. */
    public record Store(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch) {
    }

    /** Scheduling and retry policy. */
    public record Delivery(RetryPolicy retry, Duration scanInterval, int activePerTarget, Duration receiptRetry,
            Duration defaultValidity, Duration maxValidity) {
    }
}
