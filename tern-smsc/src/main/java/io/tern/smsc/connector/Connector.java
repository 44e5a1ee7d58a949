package io.tern.smsc.connector;

import io.netty.channel.EventLoopGroup;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.ClientTlsConfig;
import io.tern.smpp.session.ResponseTimeoutException;
import io.tern.smpp.session.SessionClosedException;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.delivery.ChannelEncoding;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.store.StoredMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream SMSC at run time: keeps the configured binds open (reconnecting with backoff and
 * jitter whatever happens), forwards messages as submit_sm over the bound transmitting sessions,
 * paced to the connector's throughput and paused after the upstream throttles, and maps each
 * submit_sm_resp to a {@link DeliveryResult}. What the upstream sends (receipts, mobile-originated
 * messages) goes to the {@code inbound} handler.
 */
public final class Connector implements Target {

    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    /**
     * submit_sm_resp statuses after which the same message may well be accepted later; every other
     * error refuses the message for good (ESME_RINVDSTADR, ESME_RINVSRCADR, ESME_RINVMSGLEN ...).
     */
    static final Set<CommandStatus> TEMPORARY = Set.of(CommandStatus.ESME_RSYSERR, CommandStatus.ESME_RX_T_APPN,
            CommandStatus.ESME_RSUBMITFAIL, CommandStatus.ESME_RUNKNOWNERR, CommandStatus.ESME_RINVBNDSTS);
    /** Statuses that ask the sender to slow down: no failed attempt, the connector pauses. */
    static final Set<CommandStatus> THROTTLING = Set.of(CommandStatus.ESME_RTHROTTLED, CommandStatus.ESME_RMSGQFUL);
    /**
     * deliver_sm and data_sm from the upstream (receipts, mobile-originated messages) waiting for
     * their store commit before more are answered ESME_RTHROTTLED: the upstream's own window bounds
     * what it sends, and it is not ours to configure. The same as the default of
     * {@code smpp.max_inflight_per_session} for ESMEs. (It was the connector's submit window: an
     * upstream with a wider window lost receipts to ESME_RTHROTTLED when it did not send them again.)
     */
    static final int INBOUND_WINDOW = 1000;
    /** Temporary failures in a row (errors, timeouts, lost sessions) after which the connector counts as failing. */
    static final int FAILING_STREAK = 10;
    /** How long a failing connector is passed over by failover groups while another member can take the traffic. */
    static final Duration FAILING_FOR = Duration.ofSeconds(30);

    private final ConnectorConfig config;
    private final EventLoopGroup group;
    private final Clock clock;
    private final Runnable availabilityChanged;
    private final List<SmppClient> senders = new ArrayList<>();
    private final List<SmppClient> all = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Pacer pacer;
    /** System.nanoTime() values: compared by difference, so they start at construction, not at a constant. */
    private volatile long pausedUntilNanos = System.nanoTime();
    /** After {@link #FAILING_STREAK} temporary failures in a row, a failover group passes over it until then. */
    private volatile long failingUntilNanos = pausedUntilNanos;
    /**
     * The part of each session's window in use while the upstream throttles (additive increase,
     * multiplicative decrease, as TCP's congestion window): halved when a throttling pause starts,
     * one more place per window's worth of accepted submits, up to {@code window}. After a pause the
     * connector then sends what the upstream took, not a whole window that it throttles again.
     */
    private int allowedWindow;
    private int acceptedSinceGrowth;
    private final AtomicInteger failureStreak = new AtomicInteger();
    private final LongAdder submitted = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    final LongAdder receipts = new LongAdder();
    final LongAdder unmatchedReceipts = new LongAdder();
    final LongAdder receiptsInMemory = new LongAdder();
    final LongAdder mobileOriginated = new LongAdder();
    /** Forwards (their writes queued or committed) awaiting their receipt, matched from memory (a hint; the store decides). */
    final ForwardIndex forwards = new ForwardIndex();
    /** Set by {@link #close}: a session that ends from then on was unbound on purpose, not lost. */
    private volatile boolean closing;
    private volatile String lastError = "";
    private volatile Instant lastErrorAt;
    /** When the connector was seen healthy again after {@link #lastError}; null while it stands. */
    private volatile Instant lastErrorClearedAt;

    /**
     * @param inboundOf the handler that answers what the upstream sends over the receiving binds
     * @param availabilityChanged told when a session binds or drops and when a throttling pause
     *     ends: the scheduler looks at the connector's targets again
     */
    Connector(ConnectorConfig config, Function<Connector, SmppRequestHandler> inboundOf, EventLoopGroup group,
            Clock clock, Runnable availabilityChanged) {
        this.config = config;
        this.allowedWindow = config.window();
        this.group = group;
        this.clock = clock;
        this.availabilityChanged = availabilityChanged;
        // up to a tenth of a second's worth of messages may go at once after a quiet spell
        this.pacer = new Pacer(config.throughput(), Math.max(1, config.throughput() / 10), System::nanoTime);
        // the handler only keeps the reference: nothing reaches it before start()
        SmppRequestHandler inbound = inboundOf.apply(this);
        for (int i = 0; i < config.sessions(); i++) {
            switch (config.bind()) {
                case TRX -> senders.add(client(BindType.TRANSCEIVER, inbound));
                case TX -> senders.add(client(BindType.TRANSMITTER, inbound));
                case TX_RX -> {
                    senders.add(client(BindType.TRANSMITTER, inbound));
                    all.add(client(BindType.RECEIVER, inbound));
                }
            }
        }
        all.addAll(senders);
    }

    private SmppClient client(BindType type, SmppRequestHandler inbound) {
        ConnectorConfig c = config;
        SessionConfig session = new SessionConfig(c.window(), c.window() * 2, Math.max(c.window(), INBOUND_WINDOW),
                64 * 1024, c.responseTimeout(), Duration.ofSeconds(30), c.enquireLinkInterval(), Duration.ZERO);
        ClientTlsConfig tls = c.tls() == null ? null : new ClientTlsConfig(c.tls().trust(), c.tls().insecureTrustAll(),
                c.tls().certificate(), c.tls().key());
        SmppClientConfig cc = new SmppClientConfig(c.host(), c.port(), c.systemId(), c.password(), c.systemType(), type,
                c.interfaceVersion(), tls, session, true, c.reconnectMin(), c.reconnectMax(), Duration.ofSeconds(10),
                c.bindAddress().ton(), c.bindAddress().npi(), c.bindAddress().range());
        return new SmppClient(cc, inbound, new SessionListener() {
            @Override
            public void onBound(SmppSession s) {
                log.info("connector {}: bound as {} to {}:{} ({})", c.name(), type.name().toLowerCase(),
                        c.host(), c.port(), s);
                recovered();
                availabilityChanged.run();
            }

            @Override
            public void onClosed(SmppSession s) {
                if (closing) {
                    // taken out of service (disabled, changed, removed) or Tern stopping: no rebind
                    log.info("connector {}: {} session to {}:{} unbound", c.name(), type.name().toLowerCase(),
                            c.host(), c.port());
                    return;
                }
                log.warn("connector {}: {} session to {}:{} closed; rebinding", c.name(),
                        type.name().toLowerCase(), c.host(), c.port());
                error("session closed");
                // one lost session is one failure, however many messages were in its window
                failure();
                availabilityChanged.run();
            }
        }, group);
    }

    /** Starts binding every session; each keeps trying until it is bound. */
    void start() {
        for (SmppClient client : all) {
            client.keepBound(e -> {
                error("bind failed: " + e.getMessage());
                log.warn("connector {}: cannot bind to {}:{}: {}", config.name(), config.host(), config.port(),
                        e.toString());
            });
        }
    }

    public ConnectorConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** Whether messages can be forwarded now: a transmitting session is bound and no throttling pause runs. */
    @Override
    public boolean available() {
        return System.nanoTime() - pausedUntilNanos >= 0 && boundSenders() > 0;
    }

    /**
     * Whether it is available and not failing (a run of {@link #FAILING_STREAK} temporary failures
     * within the last {@link #FAILING_FOR}): a failover group prefers members that are healthy.
     */
    public boolean healthy() {
        return available() && System.nanoTime() - failingUntilNanos >= 0;
    }

    /** How many messages may be in flight: the windows of the bound transmitting sessions. */
    @Override
    public int capacity() {
        return boundSenders() * allowedWindow();
    }

    /** Places per transmitting session now: the configured window, less while the upstream throttles. */
    synchronized int allowedWindow() {
        return allowedWindow;
    }

    /** An accepted submit: one more place per window's worth of them, up to the configured window. */
    private synchronized void accepted() {
        if (allowedWindow < config.window() && ++acceptedSinceGrowth >= allowedWindow) {
            allowedWindow++;
            acceptedSinceGrowth = 0;
        }
    }

    /** A throttling pause starts: half the places (at least one). */
    private synchronized void halveWindow() {
        allowedWindow = Math.max(1, allowedWindow / 2);
        acceptedSinceGrowth = 0;
    }

    /** A connector named as a target takes every message routed to it. */
    @Override
    public Connector choose() {
        return this;
    }

    private int boundSenders() {
        int n = 0;
        for (SmppClient c : senders) {
            if (c.session() != null) {
                n++;
            }
        }
        return n;
    }

    /** Picks a bound transmitting session, round robin, preferring one with room in its window. */
    private SmppSession pick() {
        int n = senders.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        SmppSession fallback = null;
        for (int i = 0; i < n; i++) {
            SmppSession s = senders.get((start + i) % n).session();
            if (s == null) {
                continue;
            }
            if (s.counters().windowOccupancy() < config.window()) {
                return s;
            }
            if (fallback == null) {
                fallback = s;
            }
        }
        return fallback;
    }

    /**
     * Asks the upstream to cancel {@code m}, which it accepted with {@code upstreamId} (canonical):
     * cancel_sm with that id and the addresses the message was forwarded with. Completes true only
     * when the upstream answers ESME_ROK; never fails.
     */
    public CompletableFuture<Boolean> cancel(StoredMessage m, String upstreamId) {
        SmppSession s = pick();
        if (s == null || upstreamId.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        io.tern.smpp.pdu.CancelSm pdu;
        try {
            pdu = new io.tern.smpp.pdu.CancelSm(0, m.serviceType(), UpstreamIds.wire(upstreamId,
                    config.submitIdFormat()), UpstreamSubmits.source(m, config), UpstreamSubmits.destination(m, config));
        } catch (RuntimeException e) {
            log.info("connector {}: cannot ask the upstream to cancel message {}: {}", config.name(), m.id(),
                    e.getMessage());
            return CompletableFuture.completedFuture(false);
        }
        return send(s, pdu).handle((resp, e) -> {
            boolean ok = e == null && resp.commandStatus().isOk();
            log.info("connector {}: cancel_sm of message {} (upstream id {}): {}", config.name(), m.id(), upstreamId,
                    e != null ? cause(e).toString() : resp.commandStatus());
            return ok;
        });
    }

    /** Forwards {@code m} as submit_sm; the stage never fails, every problem is a {@link DeliveryResult}. */
    public CompletionStage<DeliveryResult> forward(StoredMessage m) {
        SmppSession s = pick();
        if (s == null) {
            return CompletableFuture.completedFuture(new DeliveryResult.Temporary(0,
                    "connector " + config.name() + " has no bound session"));
        }
        SubmitSm pdu;
        try {
            pdu = UpstreamSubmits.of(m, config);
        } catch (ChannelEncoding.ConversionException e) {
            refused.increment();
            return CompletableFuture.completedFuture(new DeliveryResult.Permanent(e.status().code(),
                    "cannot forward over connector " + config.name() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            refused.increment();
            return CompletableFuture.completedFuture(new DeliveryResult.Permanent(CommandStatus.ESME_RINVMSGLEN.code(),
                    "cannot forward over connector " + config.name() + ": " + e.getMessage()));
        }
        submitted.increment();
        long delay = pacer.reserve();
        CompletableFuture<PduResponse> response;
        if (delay <= 0) {
            response = send(s, pdu);
        } else {
            response = new CompletableFuture<>();
            CompletableFuture<PduResponse> r = response;
            group.schedule(() -> send(s, pdu).whenComplete((v, e) -> {
                if (e != null) {
                    r.completeExceptionally(e);
                } else {
                    r.complete(v);
                }
            }), delay, TimeUnit.NANOSECONDS);
        }
        return response.handle((resp, e) -> track(outcome(m, resp, e), e));
    }

    /**
     * Keeps the run of temporary failures that makes the connector count as failing. The messages
     * that were in the window of a session that closed are not counted one by one: the session's
     * loss counts once ({@link SessionListener#onClosed}), and the connector is unavailable until it
     * binds again anyway. Counted one by one, an upstream that restarts with a full window would be
     * passed over by its failover group for {@link #FAILING_FOR} after it is back.
     */
    private DeliveryResult track(DeliveryResult r, Throwable error) {
        if (error != null && cause(error) instanceof SessionClosedException) {
            return r;
        }
        if (!(r instanceof DeliveryResult.Temporary)) {
            failureStreak.set(0);
        } else {
            failure();
        }
        return r;
    }

    /** {@code e} unwrapped from the CompletionException a dependent stage wraps it in. */
    static Throwable cause(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** One more temporary failure in a row; the {@link #FAILING_STREAK}-th marks the connector failing. */
    private void failure() {
        if (failureStreak.incrementAndGet() >= FAILING_STREAK) {
            failureStreak.set(0);
            failingUntilNanos = System.nanoTime() + FAILING_FOR.toNanos();
            log.warn("connector {}: {} temporary failures in a row; failover groups pass it over for {}", config.name(),
                    FAILING_STREAK, FAILING_FOR);
            group.schedule(availabilityChanged, FAILING_FOR.toNanos(), TimeUnit.NANOSECONDS);
            availabilityChanged.run();
        }
    }

    private static CompletableFuture<PduResponse> send(SmppSession s, PduRequest pdu) {
        try {
            return s.send(pdu);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private DeliveryResult outcome(StoredMessage m, PduResponse resp, Throwable e) {
        if (e != null) {
            Throwable cause = cause(e);
            failed.increment();
            if (cause instanceof ResponseTimeoutException) {
                timeouts.increment();
                error("no submit_sm_resp in time");
                // the upstream may have taken it: retrying risks a duplicate, not retrying a loss
                return new DeliveryResult.Temporary(0, "connector " + config.name()
                        + ": no submit_sm_resp in time (the upstream may have accepted it)");
            }
            error(cause.toString());
            return new DeliveryResult.Temporary(0, "connector " + config.name() + ": " + cause);
        }
        CommandStatus st = resp.commandStatus();
        if (st.isOk()) {
            String id = resp instanceof SubmitSmResp r ? r.messageId() : "";
            forwarded.increment();
            accepted();
            recovered();
            if (id.isEmpty() && config.receipts()) {
                log.warn("connector {}: upstream accepted message {} without a message_id; its receipt cannot be"
                        + " matched, the message is ACCEPTED", config.name(), m.id());
                return new DeliveryResult.Forwarded(config.name(), "", false);
            }
            return new DeliveryResult.Forwarded(config.name(), UpstreamIds.canonical(id, config.submitIdFormat()),
                    config.receipts());
        }
        if (THROTTLING.contains(st)) {
            throttled.increment();
            pause();
            // Through a group, another member can take the message now: retried after the pause,
            // it would meet this member again just as its pause ends, and an upstream that
            // throttles everything would hold the group's traffic for ever while another member
            // is idle. The scheduler attempts it only while the group is available (some member
            // bound and not paused), so with every member paused it still waits for a pause to end.
            return new DeliveryResult.Throttled(st.code(),
                    RouteTarget.parse(m.target()) instanceof RouteTarget.ConnectorGroup ? Duration.ZERO
                            : config.throttlePause());
        }
        error("submit_sm_resp " + st);
        if (TEMPORARY.contains(st)) {
            failed.increment();
            return new DeliveryResult.Temporary(st.code(), "connector " + config.name() + ": submit_sm_resp " + st);
        }
        refused.increment();
        return new DeliveryResult.Permanent(st.code(), "connector " + config.name() + ": submit_sm_resp " + st);
    }

    /** The upstream asked to slow down: nothing is sent for the pause, then the scheduler is told. */
    private void pause() {
        long now = System.nanoTime();
        long until = now + config.throttlePause().toNanos();
        if (now - pausedUntilNanos >= 0) {
            // a new pause, not the rest of the window sent before it coming back throttled too
            halveWindow();
            log.info("connector {}: upstream throttles; nothing sent for {}, then at most {} in flight per session",
                    config.name(), config.throttlePause(), allowedWindow());
        }
        if (until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
            group.schedule(availabilityChanged, config.throttlePause().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void error(String what) {
        lastError = what;
        lastErrorAt = clock.instant();
        lastErrorClearedAt = null;
    }

    /**
     * A success (a bind, an accepted submit_sm): the last error is cleared, keeping its text and
     * time, once every configured session is bound again. An accepted submit while a bind is still
     * down clears nothing: the connector is degraded, and the error says why.
     */
    private void recovered() {
        // called for every accepted submit_sm on the event loop: no lock unless there is an error to clear
        if (lastErrorAt == null || lastErrorClearedAt != null) {
            return;
        }
        synchronized (this) {
            if (lastErrorAt == null || lastErrorClearedAt != null || closing) {
                return;
            }
            for (SmppClient c : all) {
                if (c.session() == null) {
                    return;
                }
            }
            lastErrorClearedAt = clock.instant();
        }
    }

    /** What the connector is doing now, for {@code tern status} and the logs. */
    public ConnectorStatus status(long queued) {
        int bound = 0;
        int inWindow = 0;
        for (SmppClient c : all) {
            SmppSession s = c.session();
            if (s != null) {
                bound++;
                inWindow += s.counters().windowOccupancy();
            }
        }
        return new ConnectorStatus(config.name(), config.host() + ":" + config.port(),
                config.bind().name().toLowerCase().replace('_', '+'), all.size(), bound, inWindow,
                capacity(), config.throughput(), System.nanoTime() - pausedUntilNanos < 0,
                submitted.sum(), forwarded.sum(), refused.sum(), failed.sum(), throttled.sum(), timeouts.sum(),
                receipts.sum(), unmatchedReceipts.sum(), receiptsInMemory.sum(), forwards.size(),
                mobileOriginated.sum(), queued, lastError, lastErrorAt, lastErrorClearedAt, true);
    }

    /** Unbinds every session, waiting up to {@code maxWait} for the answers still due. */
    CompletableFuture<Void> close(Duration maxWait) {
        closing = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (SmppClient c : all) {
            closing.add(c.close(maxWait));
        }
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture[0]));
    }
}
