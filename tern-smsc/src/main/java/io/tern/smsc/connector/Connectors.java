package io.tern.smsc.connector;

import io.netty.channel.EventLoopGroup;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.Transports;
import io.tern.smsc.delivery.DeliveryChannel;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import io.tern.smsc.submit.MessageIds;
import io.tern.smsc.webhook.Replies;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every upstream connector and connector group, and the delivery channel for their targets
 * ({@code connector:NAME}, {@code group:NAME}): availability, capacity and the choice of connector
 * follow the group's strategy (docs/architecture.md). A target with no bound connector is not
 * available, so the scheduler keeps its messages parked in the store until a bind wakes it.
 */
public final class Connectors implements DeliveryChannel, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Connectors.class);

    /**
     * The connectors and groups in service: an immutable snapshot, replaced whole by {@link #apply}
     * so that the scheduler sees either the old set or the new one.
     */
    private record Fleet(Map<String, Connector> connectors, Map<String, Group> groups,
            List<ConnectorConfig> configs) {
    }

    private volatile Fleet fleet = new Fleet(Map.of(), Map.of(), List.of());
    private final EventLoopGroup loops;
    private final Function<Connector, SmppRequestHandler> inbound;
    private final Clock clock;
    private final UpstreamInbound.Wakes wakes;
    private volatile boolean started;
    /**
     * Set by {@link #close} (Tern stopping), under this object's lock: from then on nothing binds.
     * A change applied while the connectors unbind (an admin request, a cluster node's change) would
     * otherwise bind new connectors that the stop never unbinds.
     */
    private boolean closed;

    /** A group with its members resolved, and the state of its weighted choice. */
    private static final class Group implements Target {
        final ConnectorGroupConfig config;
        final List<Connector> members = new ArrayList<>();
        final int[] current;

        Group(ConnectorGroupConfig config) {
            this.config = config;
            this.current = new int[config.members().size()];
        }

        /**
         * The member for the next message. FAILOVER: the first healthy member in order, else the
         * first available one. WEIGHTED: smooth weighted round robin (as nginx balances upstreams)
         * over the available members, healthy ones first.
         */
        @Override
        public synchronized Connector choose() {
            if (config.strategy() == ConnectorGroupConfig.Strategy.FAILOVER) {
                Connector available = null;
                for (Connector c : members) {
                    if (c.healthy()) {
                        return c;
                    }
                    if (available == null && c.available()) {
                        available = c;
                    }
                }
                return available;
            }
            boolean anyHealthy = members.stream().anyMatch(Connector::healthy);
            int total = 0;
            int best = -1;
            for (int i = 0; i < members.size(); i++) {
                Connector c = members.get(i);
                if (anyHealthy ? !c.healthy() : !c.available()) {
                    continue;
                }
                int w = config.members().get(i).weight();
                current[i] += w;
                total += w;
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            if (best < 0) {
                return null;
            }
            current[best] -= total;
            return members.get(best);
        }

        @Override
        public boolean available() {
            for (Connector c : members) {
                if (c.available()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int capacity() {
            if (config.strategy() == ConnectorGroupConfig.Strategy.FAILOVER) {
                Connector c = peekFailover();
                return c == null ? 0 : c.capacity();
            }
            int sum = 0;
            for (Connector c : members) {
                if (c.available()) {
                    sum += c.capacity();
                }
            }
            return sum;
        }

        private Connector peekFailover() {
            Connector available = null;
            for (Connector c : members) {
                if (c.healthy()) {
                    return c;
                }
                if (available == null && c.available()) {
                    available = c;
                }
            }
            return available;
        }
    }

    /**
     * @param wakes told when a connector's availability changes (for its own target and every
     *     group it belongs to), when a mobile-originated message is stored and when a receipt is due
     * @param moValidity how long a mobile-originated message is kept for delivery
     */
    public Connectors(List<ConnectorConfig> configs, List<ConnectorGroupConfig> groupConfigs, MessageStore store,
            Router router, MessageIds ids, Clock clock, Duration moValidity, UpstreamInbound.Wakes wakes,
            Replies replies) {
        this.loops = Transports.newGroup(Math.max(1, Math.min(2, configs.size())));
        this.clock = clock;
        this.wakes = wakes;
        this.inbound = self -> new UpstreamInbound(self, store, router, ids, clock, moValidity, wakes, replies);
        apply(configs, groupConfigs);
    }

    /**
     * Puts these connectors and groups in service at once (runtime administration): a connector
     * whose configuration is unchanged keeps its binds; a new or changed one is (re)built and
     * bound, a removed, changed or disabled one unbinds after its window drains. Messages routed to
     * a connector or group that is gone or disabled wait in the store.
     */
    public synchronized void apply(List<ConnectorConfig> configs, List<ConnectorGroupConfig> groupConfigs) {
        if (closed) {
            log.info("connectors: a change arrived while Tern stops; it takes effect at the next start");
            return;
        }
        Fleet old = fleet;
        Map<String, Connector> next = new LinkedHashMap<>();
        List<Connector> fresh = new ArrayList<>();
        for (ConnectorConfig c : configs) {
            if (!c.enabled()) {
                continue;
            }
            Connector kept = old.connectors().get(c.name());
            if (kept != null && kept.config().equals(c)) {
                next.put(c.name(), kept);
                continue;
            }
            Connector connector = new Connector(c, inbound, loops, clock, () -> wakeTargetsOf(c.name()));
            next.put(c.name(), connector);
            fresh.add(connector);
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ConnectorGroupConfig g : groupConfigs) {
            List<ConnectorGroupConfig.Member> members = new ArrayList<>();
            for (ConnectorGroupConfig.Member m : g.members()) {
                if (next.containsKey(m.connector())) {
                    members.add(m);
                }
            }
            if (members.isEmpty()) {
                continue; // every member disabled: the group's messages wait
            }
            Group group = new Group(new ConnectorGroupConfig(g.name(), g.strategy(), members));
            for (ConnectorGroupConfig.Member m : members) {
                group.members.add(next.get(m.connector()));
            }
            groups.put(g.name(), group);
        }
        fleet = new Fleet(java.util.Collections.unmodifiableMap(next),
                java.util.Collections.unmodifiableMap(groups), List.copyOf(configs));
        targets.clear();
        for (Connector c : old.connectors().values()) {
            if (next.get(c.name()) != c) {
                log.info("connector {}: taken out of service", c.name());
                c.close(c.config().responseTimeout());
            }
        }
        if (!started) {
            return; // the scheduler has not started yet: it looks at every target when it does
        }
        fresh.forEach(this::bind);
        // the scheduler looks again at every target whose connectors changed
        for (ConnectorConfig c : configs) {
            wakes.wake(c.target());
        }
        for (ConnectorGroupConfig g : groupConfigs) {
            wakes.wake(g.target());
        }
    }

    /** Wakes a connector's own target and every group it is in now. */
    private void wakeTargetsOf(String name) {
        wakes.wake("connector:" + name);
        for (Group g : fleet.groups().values()) {
            if (g.members.stream().anyMatch(m -> m.name().equals(name))) {
                wakes.wake(g.config.target());
            }
        }
    }

    private void bind(Connector c) {
        log.info("connector {}: binding to {}:{} ({} x {})", c.name(), c.config().host(), c.config().port(),
                c.config().sessions(), c.config().bind().name().toLowerCase().replace('_', '+'));
        c.start();
    }

    /** Starts binding every connector. */
    public synchronized void start() {
        if (closed) {
            return;
        }
        started = true;
        fleet.connectors().values().forEach(this::bind);
    }

    public boolean isEmpty() {
        return fleet.connectors().isEmpty();
    }

    @Override
    public void forwarding(StoredMessage message, DeliveryResult.Forwarded forward,
            CompletionStage<UpdateResult> recorded) {
        Connector c = fleet.connectors().get(forward.upstream());
        if (c != null) {
            ForwardIndex.Forward f = new ForwardIndex.Forward(message, recorded);
            c.forwards.put(forward.upstreamId(), f);
            recorded.whenComplete((r, e) -> {
                if (e != null || r != UpdateResult.OK) {
                    // not recorded, or finished at once by a receipt kept before it: none is to come
                    c.forwards.remove(forward.upstreamId(), f);
                }
            });
        }
    }

    /**
     * Asks the upstream that has {@code m} ({@code link}) to cancel it; true only when it answered
     * ESME_ROK. A connector no longer configured, or not bound, cannot: false.
     */
    public CompletableFuture<Boolean> cancel(StoredMessage m, io.tern.smsc.store.UpstreamLink link) {
        Connector c = fleet.connectors().get(link.upstream());
        return c == null ? CompletableFuture.completedFuture(false) : c.cancel(m, link.upstreamId());
    }

    /** The names of the configured connectors, disabled ones included, in the configuration's order. */
    public List<String> names() {
        return fleet.configs().stream().map(ConnectorConfig::name).toList();
    }

    /** The connector of that name, if configured. */
    public Connector connector(String name) {
        return fleet.connectors().get(name);
    }

    private static final Target NONE = new Target() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public int capacity() {
            return 0;
        }

        @Override
        public Connector choose() {
            return null;
        }
    };

    private final Map<String, Target> targets = new java.util.concurrent.ConcurrentHashMap<>();

    /** Called on every scheduler pass, so the key is parsed once, not each time. */
    private Target target(String key) {
        return targets.computeIfAbsent(key, k -> {
            RouteTarget t;
            try {
                t = RouteTarget.parse(k);
            } catch (IllegalArgumentException e) {
                return NONE;
            }
            Fleet f = fleet;
            Target found = null;
            if (t instanceof RouteTarget.Connector c) {
                found = f.connectors().get(c.name());
            } else if (t instanceof RouteTarget.ConnectorGroup g) {
                found = f.groups().get(g.name());
            }
            // a connector or group removed from the configuration: its messages wait (or expire)
            return found == null ? NONE : found;
        });
    }

    @Override
    public boolean available(String target) {
        return target(target).available();
    }

    @Override
    public int capacity(String target) {
        return target(target).capacity();
    }

    @Override
    public CompletionStage<DeliveryResult> deliver(StoredMessage message) {
        Connector connector = target(message.target()).choose();
        if (connector == null) {
            return CompletableFuture.completedFuture(new DeliveryResult.Temporary(0,
                    "no connector of " + message.target() + " is bound"));
        }
        return connector.forward(message);
    }

    /**
     * Every configured connector's state, in the configuration's order, disabled ones included (an
     * operator looking for the messages that wait for one must find it); {@code pending} gives the
     * messages waiting per target.
     */
    public List<ConnectorStatus> status(Map<String, Long> pending) {
        Fleet f = fleet;
        List<ConnectorStatus> out = new ArrayList<>();
        for (ConnectorConfig config : f.configs()) {
            long queued = pending.getOrDefault(config.target(), 0L);
            Connector c = f.connectors().get(config.name());
            out.add(c != null ? c.status(queued) : ConnectorStatus.disabled(config, queued));
        }
        return out;
    }

    /** Unbinds every connector after its window drains (at most {@code maxWait}), then stops the event loops. */
    public void close(Duration maxWait) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (this) {
            // under the lock that apply() and start() take: what they bind is either closed here or never bound
            closed = true;
            for (Connector c : fleet.connectors().values()) {
                closing.add(c.close(maxWait));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture[0]))
                    .get(maxWait.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("some connectors did not unbind in time: {}", e.toString());
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
