package io.tern.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.Account;
import io.tern.smsc.connector.Connector;
import io.tern.smsc.connector.Connectors;
import io.tern.smsc.connector.ConnectorStatus;
import io.tern.smsc.routing.Route;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.server.SmscEvents;
import io.tern.smsc.store.DutyCycle;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.StoredMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tern's metrics in a Micrometer Prometheus registry: the events of the SMPP path counted as they
 * happen ({@link SmscEvents}: counters only, a map lookup and an add), the state of a running
 * {@link Smsc} read by gauges (the store's counts refreshed every {@code metrics_interval} on a
 * thread of their own, never per scrape and never on an event loop), and the JVM and process.
 * docs/operations.md lists every metric.
 *
 * <p>Labels are bounded: accounts, targets and connectors come from the configuration, statuses
 * from the SMPP status table, channels and outcomes from fixed lists. No message id, no address.
 */
public final class TernMetrics implements SmscEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TernMetrics.class);

    /** The kinds of delivery channel, and what an attempt can come to. */
    static final List<String> CHANNELS = List.of("esme", "sim", "connector");
    static final List<String> OUTCOMES = List.of("delivered", "forwarded", "temporary", "permanent", "unavailable",
            "throttled");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<SubmitKey, Counter> submits = new ConcurrentHashMap<>();
    private final Map<DeliveryKey, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Counter> receiptsSent = new ConcurrentHashMap<>();
    private final Map<String, Counter> receiptsRetried = new ConcurrentHashMap<>();
    private final Map<MessageState, AtomicLong> byState = new HashMap<>();
    private final GaugeFamily waiting;
    private final GaugeFamily sessions;
    private final GaugeFamily receiptsPending;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong refreshFailures = new AtomicLong();
    /** The count by state is not run again before this (System.nanoTime; refresher thread only). */
    /** Each count below takes at most a twentieth of a reader's time (refreshed less often on a large store). */
    private final DutyCycle stateCounts = new DutyCycle(20);
    private final DutyCycle pendingCounts = new DutyCycle(20);
    private final DutyCycle receiptCounts = new DutyCycle(20);
    private volatile ScheduledExecutorService refresher;
    private volatile Smsc smsc;
    /** Connectors whose series are registered. */
    private final java.util.Set<String> connectorSeries = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private record SubmitKey(String account, String command, String status) {
    }

    private record DeliveryKey(String channel, String outcome) {
    }

    public TernMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        waiting = new GaugeFamily(registry, "tern.messages.waiting",
                "Messages pending (scheduled or enroute) per delivery target", "target");
        sessions = new GaugeFamily(registry, "tern.sessions.bound", "ESME sessions bound now", "account", "bind_type");
        receiptsPending = new GaugeFamily(registry, "tern.receipts.pending",
                "Delivery receipts owed to an account and not yet taken (refreshed every metrics_interval)", "account");
        for (String channel : CHANNELS) {
            for (String outcome : OUTCOMES) {
                deliveries.computeIfAbsent(new DeliveryKey(channel, outcome), this::deliveryCounter);
            }
        }
    }

    /** The registry, for tests and for binding more meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric; formats them, so not for an event loop. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void submitted(String account, String command, CommandStatus status) {
        String s = status.isKnown() ? status.mnemonic() : "other";
        submits.computeIfAbsent(new SubmitKey(account, command, s), this::submitCounter).increment();
    }

    @Override
    public void delivered(String channel, String outcome) {
        deliveries.computeIfAbsent(new DeliveryKey(channel, outcome), this::deliveryCounter).increment();
    }

    @Override
    public void receiptSent(String owner, boolean taken) {
        (taken ? receiptsSent(owner) : receiptsRetried(owner)).increment();
    }

    private Counter receiptsSent(String owner) {
        return receiptsSent.computeIfAbsent(owner, o -> receiptCounter("tern.receipts.sent",
                "Delivery receipts the owner took (acknowledged, or refused for good)", o));
    }

    private Counter receiptsRetried(String owner) {
        return receiptsRetried.computeIfAbsent(owner, o -> receiptCounter("tern.receipts.retried",
                "Delivery receipts not taken by the owner, to be sent again", o));
    }

    private Counter submitCounter(SubmitKey k) {
        return Counter.builder("tern.submits")
                .description("Submissions answered (submit_sm, data_sm, submit_multi), by account and status")
                .tags("account", k.account, "command", k.command, "status", k.status).register(registry);
    }

    private Counter deliveryCounter(DeliveryKey k) {
        return Counter.builder("tern.deliveries")
                .description("Delivery attempts ended, by channel kind and outcome")
                .tags("channel", k.channel, "outcome", k.outcome).register(registry);
    }

    private Counter receiptCounter(String name, String description, String owner) {
        return Counter.builder(name).description(description).tag("account", owner).register(registry);
    }

    /** The most bound sessions the overview lists (by system_id); {@code sessions} counts them all. */
    static final int OVERVIEW_SESSIONS = 100;

    /**
     * What the dashboard's overview shows, read from the counters and gauges in memory only (no store
     * query, no lock held by the SMPP path): totals since start, which the page turns into rates, the
     * messages by state and waiting, sessions bound (the first {@link #OVERVIEW_SESSIONS} listed), and
     * every connector's state with its last error.
     */
    public io.vertx.core.json.JsonObject overview() {
        long accepted = 0;
        long refused = 0;
        for (Map.Entry<SubmitKey, Counter> e : submits.entrySet()) {
            long n = (long) e.getValue().count();
            if (CommandStatus.ESME_ROK.mnemonic().equals(e.getKey().status())) {
                accepted += n;
            } else {
                refused += n;
            }
        }
        io.vertx.core.json.JsonObject outcomes = new io.vertx.core.json.JsonObject();
        long delivered = 0;
        for (Map.Entry<DeliveryKey, Counter> e : deliveries.entrySet()) {
            long n = (long) e.getValue().count();
            String outcome = e.getKey().outcome();
            outcomes.put(outcome, outcomes.getLong(outcome, 0L) + n);
            if (outcome.equals("delivered") || outcome.equals("forwarded")) {
                delivered += n;
            }
        }
        long receipts = 0;
        for (Counter c : receiptsSent.values()) {
            receipts += (long) c.count();
        }
        io.vertx.core.json.JsonObject states = new io.vertx.core.json.JsonObject();
        byState.forEach((state, v) -> states.put(state.name().toLowerCase(Locale.ROOT), v.get()));
        io.vertx.core.json.JsonObject out = new io.vertx.core.json.JsonObject()
                .put("at", java.time.Instant.now().toString())
                .put("submitted", accepted).put("refused", refused).put("delivered", delivered)
                .put("receipts", receipts).put("outcomes", outcomes).put("messages", states)
                .put("waiting", waiting.total());
        Smsc s = smsc;
        io.vertx.core.json.JsonArray connectors = new io.vertx.core.json.JsonArray();
        io.vertx.core.json.JsonArray errors = new io.vertx.core.json.JsonArray();
        io.vertx.core.json.JsonArray bound = new io.vertx.core.json.JsonArray();
        if (s != null) {
            out.put("sessions", s.sessions().size());
            for (io.tern.smsc.server.BoundSession b : s.boundSessions()) {
                if (bound.size() == OVERVIEW_SESSIONS) {
                    break;
                }
                bound.add(new io.vertx.core.json.JsonObject(b.fields()));
            }
            for (ConnectorStatus c : s.connectors().status(Map.of())) {
                String state = !c.enabled() ? "disabled" : c.bound() == 0 ? "down" : c.paused() ? "paused" : c.bound() < c.sessions() ? "degraded"
                        : "up";
                connectors.add(new io.vertx.core.json.JsonObject().put("name", c.name()).put("state", state)
                        .put("bound", c.bound()).put("sessions", c.sessions()).put("window_in_use", c.windowInUse())
                        .put("submitted", c.submitted()).put("failed", c.failed()).put("last_error", c.lastError())
                        .put("last_error_at", c.lastErrorAt() == null ? null : c.lastErrorAt().toString())
                        .put("last_error_cleared_at", c.lastErrorClearedAt() == null ? null
                                : c.lastErrorClearedAt().toString()));
                // lastError is empty, never null, for a connector that has had none; one the
                // connector has recovered from stays listed, with the time it was cleared
                if (c.lastError() != null && !c.lastError().isEmpty()) {
                    errors.add(new io.vertx.core.json.JsonObject().put("source", "connector " + c.name())
                            .put("at", String.valueOf(c.lastErrorAt())).put("error", c.lastError())
                            .put("cleared_at", c.lastErrorClearedAt() == null ? null
                                    : c.lastErrorClearedAt().toString()));
                }
            }
        }
        return out.put("connectors", connectors).put("errors", errors).put("bound_sessions", bound);
    }

    /**
     * Adds the gauges of {@code smsc} (messages by state and per target, sessions, connectors, the
     * store) and starts refreshing those read from the store every {@code interval}. Once per
     * instance.
     */
    public synchronized void bind(Smsc smsc, Duration interval) {
        if (this.smsc != null) {
            throw new IllegalStateException("already bound to an SMSC");
        }
        this.smsc = smsc;
        MessageStore store = smsc.store();
        for (MessageState state : StoredMessage.STATES) {
            AtomicLong v = new AtomicLong();
            byState.put(state, v);
            Gauge.builder("tern.messages", v, AtomicLong::get)
                    .description("Messages in the store by state (refreshed every metrics_interval)")
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        for (Route r : smsc.config().routes()) {
            if (!(r.target() instanceof RouteTarget.Reject)) {
                waiting.declare(List.of(r.target().key()));
            }
        }
        for (Account a : smsc.config().accounts()) {
            SubmitKey ok = new SubmitKey(a.systemId(), "submit_sm", CommandStatus.ESME_ROK.mnemonic());
            submits.computeIfAbsent(ok, this::submitCounter);
            receiptsSent(a.systemId());
            receiptsRetried(a.systemId());
            if (store instanceof SqliteMessageStore) {
                receiptsPending.declare(List.of(a.systemId()));
            }
            for (BindType t : a.bindTypes()) {
                sessions.declare(List.of(a.systemId(), bindType(t)));
            }
        }
        Gauge.builder("tern.store.writable", store, s -> s.health().writable() ? 1 : 0)
                .description("1 while the store commits writes, 0 while it cannot (the disk is full)")
                .register(registry);
        Gauge.builder("tern.smpp.listening", smsc, s -> s.listening() ? 1 : 0)
                .description("1 while the SMPP listeners are up").register(registry);
        if (store instanceof SqliteMessageStore sqlite) {
            FunctionCounter.builder("tern.store.commits", sqlite, SqliteMessageStore::commits)
                    .description("Store transactions committed (each one fsync; a group commit of many operations)")
                    .register(registry);
            FunctionCounter.builder("tern.store.committed.operations", sqlite, SqliteMessageStore::committedOperations)
                    .description("Write operations committed; divided by tern_store_commits_total: the batch size")
                    .register(registry);
            Timer commitTime = Timer.builder("tern.store.commit")
                    .description("Store transactions: running their operations and committing (the fsync)")
                    .serviceLevelObjectives(millis(0.5), millis(1), millis(2), millis(5), millis(10), millis(20),
                            millis(50), millis(100), millis(200), millis(500), millis(1000), millis(2000))
                    .register(registry);
            DistributionSummary batchSize = DistributionSummary.builder("tern.store.batch.size")
                    .description("Write operations per store transaction (group commit)")
                    .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
                    .register(registry);
            sqlite.observeCommits((operations, workNanos, commitNanos) -> {
                commitTime.record(workNanos + commitNanos, TimeUnit.NANOSECONDS);
                batchSize.record(operations);
            });
        }
        FunctionCounter.builder("tern.metrics.refresh.failures", refreshFailures, AtomicLong::get)
                .description("Refreshes of the store gauges that failed (they keep their last values)")
                .register(registry);
        bindConnectors(smsc);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "tern-metrics");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        refresher = t;
        t.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Registers the series of every connector configured now that has none yet: at start, and at each
     * refresh for those added at run time (docs/operations.md#admin-api).
     */
    private void bindConnectors(Smsc smsc) {
        for (String name : smsc.connectors().names()) {
            if (connectorSeries.add(name)) {
                bindConnector(smsc.connectors(), name);
            }
        }
    }

    /**
     * Each series reads the connector of that name in force when it is scraped, not the one
     * configured when it was registered: a connector changed at run time is rebuilt, and one
     * disabled or removed is gone (its series read 0).
     */
    private void bindConnector(Connectors all, String connector) {
        gauge("tern.connector.sessions", "Binds configured for the connector", all, connector,
                ConnectorStatus::sessions);
        gauge("tern.connector.sessions.bound", "Binds of the connector bound now", all, connector,
                ConnectorStatus::bound);
        gauge("tern.connector.window.in.use", "submit_sm sent upstream and not yet answered", all, connector,
                ConnectorStatus::windowInUse);
        gauge("tern.connector.window.size",
                "Room of the connector's bound transmitting binds (less while the upstream throttles)", all, connector,
                ConnectorStatus::windowSize);
        gauge("tern.connector.paused", "1 while a throttling pause runs", all, connector, s -> s.paused() ? 1 : 0);
        counter("tern.connector.submitted", "submit_sm sent upstream", all, connector, ConnectorStatus::submitted);
        counter("tern.connector.forwarded", "Messages the upstream accepted (ESME_ROK)", all, connector,
                ConnectorStatus::forwarded);
        counter("tern.connector.refused", "Messages the upstream refused for good", all, connector,
                ConnectorStatus::refused);
        counter("tern.connector.failed", "Temporary failures: errors, timeouts, lost sessions", all, connector,
                ConnectorStatus::failed);
        counter("tern.connector.throttled", "submit_sm answered ESME_RTHROTTLED or ESME_RMSGQFUL", all, connector,
                ConnectorStatus::throttled);
        counter("tern.connector.timeouts", "submit_sm that got no answer in time", all, connector,
                ConnectorStatus::timeouts);
        counter("tern.connector.receipts", "Receipts received from the upstream", all, connector,
                ConnectorStatus::receipts);
        counter("tern.connector.receipts.unmatched", "Receipts that matched no forwarded message when they came",
                all, connector, ConnectorStatus::unmatchedReceipts);
        counter("tern.connector.mobile.originated", "Messages received from the upstream that were not receipts",
                all, connector, ConnectorStatus::mobileOriginated);
    }

    private void gauge(String name, String description, Connectors all, String connector,
            ToDoubleFunction<ConnectorStatus> f) {
        Gauge.builder(name, all, x -> read(x, connector, f)).description(description).strongReference(true)
                .tag("connector", connector).register(registry);
    }

    private void counter(String name, String description, Connectors all, String connector,
            ToDoubleFunction<ConnectorStatus> f) {
        FunctionCounter.builder(name, all, x -> read(x, connector, f)).description(description)
                .tag("connector", connector).register(registry);
    }

    private static double read(Connectors all, String name, ToDoubleFunction<ConnectorStatus> f) {
        Connector c = all.connector(name);
        return c == null ? 0 : f.applyAsDouble(c.status(0));
    }

    private static Duration millis(double ms) {
        return Duration.ofNanos((long) (ms * 1_000_000));
    }

    private static String bindType(BindType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads what the gauges show from the store and the sessions: on the refresher thread, the
     * store's answers applied back on it. A refresh still waiting for the store is not doubled.
     */
    private void refresh() {
        Smsc s = smsc;
        ScheduledExecutorService t = refresher;
        if (s == null || t == null || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            bindConnectors(s);
            Map<List<String>, Long> bound = new HashMap<>();
            for (SmppSession session : s.sessions()) {
                BindType type = session.bindType();
                String account = session.systemId();
                if (type != null && account != null) {
                    bound.merge(List.of(account, bindType(type)), 1L, Long::sum);
                }
            }
            sessions.update(bound);
            MessageStore store = s.store();
            // counting every message by state scans the whole table (final ones included, until
            // store.retention purges them), and the queued ones their index: on a large store they
            // run less often
            CompletableFuture<Void> counted = !stateCounts.due() ? CompletableFuture.completedFuture(null)
                    : stateCounts.run(store::countByState).thenAcceptAsync(states -> {
                        states.forEach((state, n) -> {
                            AtomicLong v = byState.get(state);
                            if (v != null) {
                                v.set(n);
                            }
                        });
                    }, t);
            CompletableFuture<Void> pendingRead = !pendingCounts.due() ? CompletableFuture.completedFuture(null)
                    : pendingCounts.run(store::pendingByTarget).thenAcceptAsync(pending -> {
                Map<List<String>, Long> w = new HashMap<>();
                pending.forEach((target, n) -> w.put(List.of(target), n));
                waiting.update(w);
            }, t);
            CompletableFuture<Void> receiptsRead = !(store instanceof SqliteMessageStore sqlite)
                    || !receiptCounts.due() ? CompletableFuture.completedFuture(null)
                    : receiptCounts.run(sqlite::pendingReceiptsByOwner).thenAcceptAsync(owed -> {
                        Map<List<String>, Long> w = new HashMap<>();
                        owed.forEach((owner, n) -> w.put(List.of(owner), n));
                        receiptsPending.update(w);
                    }, t);
            CompletableFuture.allOf(counted, pendingRead, receiptsRead).whenComplete((ok, e) -> {
                refreshing.set(false);
                if (e != null) {
                    refreshFailures.incrementAndGet();
                    log.debug("metrics not refreshed: {}", e.toString());
                }
            });
        } catch (RuntimeException e) {
            refreshing.set(false);
            refreshFailures.incrementAndGet();
            log.debug("metrics not refreshed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        Smsc s = smsc;
        if (s != null && s.store() instanceof SqliteMessageStore sqlite) {
            sqlite.observeCommits(io.tern.smsc.store.CommitObserver.NONE);
        }
        ScheduledExecutorService t = refresher;
        if (t != null) {
            t.shutdownNow();
        }
        gc.close();
        registry.close();
    }
}
