package io.tern.smsc.server;

import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.session.BindRequestInfo;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.ListenerConfig;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.session.TlsConfig;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.account.BindLockout;
import io.tern.smsc.address.AddressPattern;
import io.tern.smsc.campaign.CampaignStore;
import io.tern.smsc.campaign.Campaigns;
import io.tern.smsc.cdr.CdrWriter;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.connector.ConnectorStatus;
import io.tern.smsc.connector.Connectors;
import io.tern.smsc.connector.UpstreamInbound;
import io.tern.smsc.delivery.DeliveryChannel;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.delivery.InteropProfile;
import io.tern.smsc.delivery.QueueManager;
import io.tern.smsc.optout.SuppressionList;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import io.tern.smsc.sim.HandsetNetwork;
import io.tern.smsc.sim.RoutedMobileOriginated;
import io.tern.smsc.sim.SimDeliveryChannel;
import io.tern.smsc.store.DutyCycle;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.MessageStoreFactory;
import io.tern.smsc.store.NodeStatus;
import io.tern.smsc.store.PrivateFiles;
import io.tern.smsc.store.SharedStore;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.submit.MessageIds;
import io.tern.smsc.submit.SubmissionService;
import io.tern.smsc.webhook.Replies;
import io.tern.smsc.webhook.WebhookChannel;
import io.tern.smsc.webhook.WebhookClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running SMSC: the SMPP listeners, the account service, the submission service, the store,
 * the queue manager and the delivery channels, wired along the data flow of docs/architecture.md. Built from a
 * validated {@link TernConfig}; {@link #close()} drains gracefully.
 */
public final class Smsc implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Smsc.class);

    /** Threads that check bind passwords (a deliberately slow hash), off the event loops. */
    private static final int AUTH_THREADS = 2;

    /** A session queues at most this many windows of sends before refusing more. */
    private static final int PENDING_WINDOWS = 10;

    private final TernConfig config;
    private final Clock clock;
    private final MessageStore store;
    private final AccountService accounts;
    private final HandsetNetwork handsets;
    private final QueueManager queueManager;
    private final Connectors connectors;
    private final Router router;
    /** The configuration in force: the start-up one with the runtime administration's changes applied. */
    private volatile TernConfig running;
    private final SmppServer server;
    private final Campaigns campaigns;
    private final SubmissionService submissions;
    private final EsmeSessions esmes;
    /** Set once at the end of the constructor (it needs the server), before the scheduler starts. */
    private volatile Outbinds outbinds;
    private final SmscEvents events;
    /** {@link #esmes} as a delivery channel, observed by {@link #events}. */
    private final DeliveryChannel esmeChannel;
    /** {@link #connectors} as a delivery channel, observed by {@link #events}. */
    private final DeliveryChannel connectorChannel;
    private final Set<SmppSession> sessions = ConcurrentHashMap.newKeySet();
    private final StaleBindTakeover takeover;
    private final ScheduledExecutorService qmgrThread;
    private final ExecutorService authThreads;
    private final DataDirLock dataDirLock;
    private final SuppressionList suppressions;
    private final WebhookClient webhookClient = new WebhookClient();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile List<Integer> ports = List.of();
    /** Writes call detail records; null without the {@code cdr} key. */
    private volatile CdrWriter cdr;

    private Smsc(TernConfig config, Clock clock, SmscEvents events) {
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.esmes = new EsmeSessions(profiles(config.accounts()), this::outbindWanted);
        this.esmeChannel = observed(esmes, "esme");
        prepareDataDirectory(config.store().dataDir());
        this.dataDirLock = DataDirLock.acquire(config.store().dataDir());
        this.qmgrThread = new SerialScheduledExecutor("tern-qmgr");
        this.authThreads = Executors.newFixedThreadPool(AUTH_THREADS, r -> daemon(r, "tern-auth"));
        this.store = MessageStoreFactory.openConfigured(config.store(), clock);
        TernConfig.BindLockout lockout = config.smpp().bindLockout();
        this.accounts = new AccountService(config.accounts(), authThreads, System::nanoTime,
                new BindLockout(lockout.failures(), lockout.window(), lockout.duration(), clock),
                new AccountService.CheckRate(lockout.checksPerSecond(), lockout.checksBurst()));
        this.handsets = new HandsetNetwork(config.handsets(), qmgrThread,
                config.handsetSeed() != null ? config.handsetSeed() : clock.millis());
        Alerts alerts = new Alerts(esmes);
        DeliveryChannel sim = observed(new AlertingSimChannel(
                new SimDeliveryChannel(handsets, config.delivery().activePerTarget()), alerts), "sim");
        TernConfig.Delivery d = config.delivery();
        this.suppressions = loadSuppressions(store, clock, config);
        // read through running, so that an account's webhooks and opt-out changed by the admin API apply at once
        Replies replies = new Replies(a -> running.webhooksOf(a), a -> running.optOutOf(a), suppressions);
        WebhookChannel webhooks = new WebhookChannel(a -> running.webhooksOf(a), esmeChannel, webhookClient, d.retry(),
                clock);
        DeliveryChannel webhookChannel = observed(webhooks, "webhook");
        this.running = config;
        this.router = new Router(config.routes(), config.accounts());
        // nodes sharing a store write their slot into their ids, so that two never make the same one
        MessageIds ids = store instanceof SharedStore shared ? new MessageIds(clock, shared.idSlot())
                : new MessageIds(clock);
        this.connectors = new Connectors(config.connectors(), config.connectorGroups(), store, router, ids, clock,
                d.defaultValidity(), new UpstreamInbound.Wakes() {
                    @Override
                    public void wake(String target) {
                        queueManager.wake(target);
                    }

                    @Override
                    public void wakeReceipts(String owner) {
                        queueManager.wakeReceipts(owner);
                    }

                    @Override
                    public Instant receiptLeaseUntil() {
                        return queueManager.receiptLeaseUntil();
                    }

                    @Override
                    public void receiptLeased(StoredMessage m, Instant until) {
                        queueManager.receiptLeased(m, until);
                    }
                }, replies);
        this.connectorChannel = observed(connectors, "connector");
        Map<String, DeliveryChannel> channels = new ConcurrentHashMap<>();
        this.queueManager = new QueueManager(store, target -> channels.computeIfAbsent(target,
                key -> channel(key, sim, webhookChannel)), owner -> webhooks, d.retry(), clock, qmgrThread,
                new QueueManager.Settings(QueueManager.Settings.DEFAULT_CLAIM_BATCH,
                        d.leaseFor(config.smpp().responseTimeout()), QueueManager.Settings.DEFAULT_PARK,
                        d.receiptRetry(), config.store().retention(), d.scanInterval()));
        SubmissionService submission = new SubmissionService(store, router, ids, clock, config.distributionLists(),
                queueManager, suppressions, replies);
        // cancel_sm of a message an upstream SMSC has is passed on to it (docs/protocol.md)
        submission.useUpstreamCancel(connectors::cancel);
        this.campaigns = new Campaigns(CampaignStore.of(store, config.store().type()), store, submission,
                accounts::find, clock,
                Campaigns.Settings.DEFAULT.withLease(d.leaseFor(config.smpp().responseTimeout())));
        // campaign rows to numbers on the account's opt-out list are rejected as opted out
        this.campaigns.useSuppressions(suppressions::suppressed);
        this.submissions = submission;
        handsets.connect(new RoutedMobileOriginated(router, store, ids, clock, d.defaultValidity(),
                target -> queueManager.wake(target), replies));
        handsets.onPresent(numbers -> handsetsReturned(numbers, alerts));
        TernConfig.Smpp s = config.smpp();
        this.takeover = new StaleBindTakeover(s.enquireLinkInterval());
        SessionConfig session = new SessionConfig(s.windowSize(), s.windowSize() * PENDING_WINDOWS, s.maxInflightPerSession(),
                s.maxPduSize(), s.responseTimeout(), s.sessionInitTimeout(), s.enquireLinkInterval(),
                s.inactivityTimeout());
        List<ListenerConfig> listeners = new ArrayList<>();
        for (TernConfig.Listener l : config.listeners()) {
            TlsConfig tls = l.tls() == null ? null : new TlsConfig(l.tls().certificate(), l.tls().key(),
                    l.tls().trust(), TlsConfig.ClientAuth.valueOf(l.tls().clientAuth().name()), TlsConfig.MODERN,
                    l.tls().ciphers());
            listeners.add(new ListenerConfig(l.host(), l.port(), tls));
        }
        this.server = new SmppServer(new SmppServerConfig(listeners, s.systemId(), session, s.ioThreads(), s.limits()),
                info -> authenticate(info, submission), new SessionListener() {
                    @Override
                    public void onBound(SmppSession session) {
                        sessions.add(session);
                    }

                    @Override
                    public void onClosed(SmppSession session) {
                        sessions.remove(session);
                    }
                });
        this.outbinds = new Outbinds(config.accounts(), () -> store.targetsWithDueWork(clock.instant()),
                server::outbind, (task, delay) -> qmgrThread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS),
                account -> {
                    queueManager.wake("esme:" + account);
                    queueManager.wakeReceipts(account);
                });
    }

    private void outbindWanted(String account) {
        Outbinds o = outbinds;
        if (o != null) {
            o.wanted(account);
        }
    }

    /** The accounts' suppression lists as the store holds them; start-up waits for them. */
    private static SuppressionList loadSuppressions(MessageStore store, Clock clock, TernConfig config) {
        try {
            return SuppressionList.load(store, clock, config.accounts().stream().map(a -> a.systemId()).toList())
                    .get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            store.close();
            throw new IllegalStateException("cannot read the suppression lists: " + rootMessage(e), e);
        }
    }

    /** The accounts' suppression lists (opt-out), for the HTTP API and tests. */
    public SuppressionList suppressions() {
        return suppressions;
    }

    /** The most parked subscribers one return of a handset range wakes at once. */
    private static final int MAX_RETURNING = 100_000;

    /**
     * Handsets matching {@code numbers} may have become present: ESMEs that asked are alerted, and
     * the parked messages of every returned subscriber are due now. The store says which
     * subscribers have messages waiting, whether parked by this run or before a restart.
     */
    private void handsetsReturned(AddressPattern numbers, Alerts alerts) {
        alerts.presentMatching(numbers, handsets::isPresent);
        // XXX: beyond MAX_RETURNING subscribers the rest wait for their park time to end; a store
        // update by pattern would wake them all, but patterns (globs, regexes) are not SQL
        store.pendingDestinations(SIM_TARGET, MAX_RETURNING).thenAccept(destinations -> {
            for (String msisdn : destinations) {
                if (numbers.matches(msisdn) && handsets.isPresent(msisdn)) {
                    queueManager.wakeDestination(SIM_TARGET, msisdn);
                }
            }
        }).exceptionally(e -> {
            log.warn("handsets {} returned, but their waiting messages could not be found: {}", numbers,
                    e.toString());
            return null;
        });
    }

    private static final String SIM_TARGET = "sim";


    /** Creates the data directory (0700) or makes it private; a problem says which, in one line. */
    public static void prepareDataDirectory(java.nio.file.Path dir) {
        try {
            PrivateFiles.createDirectory(dir);
        } catch (IOException e) {
            boolean exists = Files.isDirectory(dir);
            throw new UncheckedIOException((exists
                    ? "data directory " + dir + " is not usable: cannot make it private (0700): "
                    : "cannot create data directory " + dir + ": ") + IoReasons.of(e), e);
        }
    }

    /** How often {@code status.json} is rewritten for {@code tern status}. */
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(2);

    private final DutyCycle statusCounts = new DutyCycle(20);
    private volatile Map<String, Long> lastPending = Map.of();

    /** Held while the status file is written, so that {@link #close} can wait for a write under way. */
    private final Object statusWrite = new Object();

    private void writeStatus() {
        if (closing.get()) {
            return;
        }
        List<NodeStatus> nodes = List.of();
        if (store instanceof SharedStore shared) {
            queueManager.inFlight().thenAccept(f -> shared.reportInFlight(
                    f.values().stream().mapToInt(Integer::intValue).sum()));
            nodes = shared.nodes();
        }
        List<NodeStatus> cluster = nodes;
        // counting the queued messages walks their index: on a large backlog it is refreshed less
        // often than the file is written (at most a twentieth of a reader's time)
        CompletableFuture<Map<String, Long>> counted = statusCounts.due()
                ? statusCounts.run(store::pendingByTarget).thenApply(p -> lastPending = p)
                : CompletableFuture.completedFuture(lastPending);
        counted.thenAccept(pending -> {
            // the count may finish on a reader after close() began: nothing is written into the
            // data directory once it has (close waits for a write under way)
            synchronized (statusWrite) {
                if (closing.get()) {
                    return;
                }
                try {
                    StatusFile.write(config.store().dataDir(), clock.instant(), ProcessHandle.current().pid(), ports,
                            boundSessions(), pending, connectors.status(pending), cluster);
                } catch (java.io.IOException e) {
                    log.debug("cannot write the status file: {}", e.toString());
                }
            }
        }).exceptionally(e -> {
            log.debug("status not written: {}", e.toString());
            return null;
        });
    }

    /**
     * Unbinds every session of {@code systemId} bound to this node (an operator's action: the ESME
     * may bind again; disabling the account is what keeps it out): each is sent an unbind once what
     * it has in flight is answered, within {@code smpp.unbind_timeout}. How many were asked to go.
     */
    public int unbindSessionsOf(String systemId) {
        int n = 0;
        for (SmppSession s : sessions) {
            if (systemId.equals(s.systemId()) && s.state().isBound()) {
                log.info("unbinding {}: asked by an administrator", s);
                s.unbind(config.smpp().unbindTimeout());
                n++;
            }
        }
        return n;
    }

    /** The ESME sessions bound to this node now, by system_id, then remote address. */
    public List<BoundSession> boundSessions() {
        List<BoundSession> out = new ArrayList<>();
        for (SmppSession s : sessions) {
            io.tern.smpp.pdu.BindType type = s.bindType();
            if (type == null || !s.state().isBound()) {
                continue;
            }
            out.add(new BoundSession(s.systemId(), type.name().toLowerCase(java.util.Locale.ROOT),
                    String.valueOf(s.remoteAddress()), s.peerInterfaceVersion() >= 0x34 ? "3.4" : "3.3",
                    esmes.rangeOf(s), s.counters().windowOccupancy()));
        }
        out.sort(java.util.Comparator.comparing(BoundSession::systemId).thenComparing(BoundSession::remote));
        return out;
    }

    /** The delivery channel of a target's kind; a rejecting or unreadable target has none (its messages wait). */
    private DeliveryChannel channel(String key, DeliveryChannel sim, DeliveryChannel webhooks) {
        RouteTarget target;
        try {
            target = RouteTarget.parse(key);
        } catch (IllegalArgumentException e) {
            log.warn("messages with the target '{}' have no delivery channel: {}", key, e.getMessage());
            return null;
        }
        if (target instanceof RouteTarget.Sim) {
            return sim;
        }
        if (target instanceof RouteTarget.Esme) {
            return esmeChannel;
        }
        if (target instanceof RouteTarget.Connector || target instanceof RouteTarget.ConnectorGroup) {
            return connectorChannel;
        }
        if (target instanceof RouteTarget.Webhook) {
            return webhooks;
        }
        return null;
    }

    /** {@code channel}, telling {@link #events} how its attempts end; itself when nobody listens. */
    private DeliveryChannel observed(DeliveryChannel channel, String kind) {
        return events == SmscEvents.NONE ? channel : new ObservedChannel(channel, kind, events);
    }

    /** Starts an SMSC and waits until its listeners are bound. */
    public static Smsc start(TernConfig config, Clock clock) {
        return start(config, clock, SmscEvents.NONE);
    }

    /** {@link #start(TernConfig, Clock)}, telling {@code events} what happens (metrics). */
    public static Smsc start(TernConfig config, Clock clock, SmscEvents events) {
        Smsc smsc = new Smsc(config, clock, java.util.Objects.requireNonNull(events, "events"));
        try {
            smsc.ports = smsc.server.start().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            smsc.close();
            throw new IllegalStateException("cannot start the SMPP listeners: " + rootMessage(e), e);
        }
        try {
            // leases this node left in a crash are void, so recovery starts at once (a shared store
            // releases only this node_id's leases and expired ones)
            int released = smsc.store.releaseAllLeases().get(30, TimeUnit.SECONDS);
            if (released > 0) {
                log.info("released {} leases left by an earlier run", released);
            }
        } catch (Exception e) {
            smsc.close();
            throw new IllegalStateException("cannot open the message store: " + rootMessage(e), e);
        }
        try {
            smsc.startRecords();
        } catch (Exception e) {
            smsc.close();
            throw new IllegalStateException("cannot write call detail records: " + rootMessage(e), e);
        }
        smsc.queueManager.start();
        try {
            smsc.campaigns.start();
        } catch (RuntimeException e) {
            smsc.close();
            throw new IllegalStateException("cannot resume campaigns: " + rootMessage(e), e);
        }
        if (smsc.store instanceof SharedStore shared) {
            // work made claimable through other nodes (or this one) wakes its queue at once
            shared.onRemoteWork(smsc.queueManager::wake, smsc.queueManager::wakeReceipts);
            // an account's throughput is split over the nodes its sessions are bound on
            shared.onHeartbeat(() -> smsc.accounts.shareThroughput(shared.accountNodes()));
        }
        smsc.connectors.start();
        smsc.qmgrThread.scheduleWithFixedDelay(smsc::writeStatus, 0, STATUS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Tern SMSC listening on {} (data in {})", smsc.ports, config.store().dataDir());
        return smsc;
    }

    /**
     * Turns the store's outbox of final outcomes on and starts the CDR writer when {@code cdr} is
     * configured, before any outcome can happen; without it the outbox is turned off, except in a
     * shared store, where another node may write the CDRs.
     */
    private void startRecords() throws Exception {
        if (config.cdr() != null) {
            store.keepFinalOutcomes(true).get(30, TimeUnit.SECONDS);
            cdr = CdrWriter.start(store, config.cdr(), clock);
        } else if (!(store instanceof SharedStore)) {
            store.keepFinalOutcomes(false).get(30, TimeUnit.SECONDS);
        }
    }

    private CompletionStage<BindResult> authenticate(BindRequestInfo info, SubmissionService submission) {
        Bind bind = info.bind();
        String sessionKey = java.util.UUID.randomUUID().toString();
        InetSocketAddress remote = (InetSocketAddress) info.remoteAddress();
        // a transmitter's address_range means nothing to Tern (it receives nothing): not read
        AddressRange range;
        try {
            range = bind.bindType().canReceive() ? AddressRange.parse(bind.addressRange()) : AddressRange.ANY;
        } catch (IllegalArgumentException e) {
            log.info("bind of system_id={} from {} refused: ESME_RBINDFAIL ({})", bind.systemId(), remote,
                    e.getMessage());
            return CompletableFuture.completedFuture(BindResult.reject(CommandStatus.ESME_RBINDFAIL));
        }
        return accounts.authenticate(bind.systemId(), bind.password(), bind.bindType(), remote.getAddress(),
                info.tls(), info.peerCertificateSubject(), info.connected())
                .thenCompose(decision -> decision.full()
                        ? takeover.decide(decision, sessions, remote.toString())
                        : CompletableFuture.completedFuture(decision))
                .thenCompose(decision -> clusterWide(decision, bind, sessionKey))
                .thenApply(decision -> {
                    if (!decision.accepted()) {
                        if (!decision.lockedOut()) {
                            log.info("bind of system_id={} from {} refused: {} ({})", bind.systemId(), remote,
                                    decision.status(), decision.reason());
                        }
                        return BindResult.reject(decision.status());
                    }
                    AccountHandle account = decision.account();
                    return BindResult.accept(new SmscRequestHandler(account, submission, events), new SessionListener() {
                        @Override
                        public void onBound(SmppSession session) {
                            esmes.bound(session, range);
                            if (session.bindType().canReceive()) {
                                queueManager.wake("esme:" + account.systemId());
                                queueManager.wakeReceipts(account.systemId());
                            }
                        }

                        @Override
                        public void onClosed(SmppSession session) {
                            esmes.closed(session);
                            account.unbound();
                            if (store instanceof SharedStore shared) {
                                shared.releaseBind(sessionKey).exceptionally(e -> {
                                    log.warn("session of system_id={} not removed from the cluster's sessions (it"
                                            + " counts until this node restarts): {}", account.systemId(), e.toString());
                                    return null;
                                });
                            }
                            if (session.bindType().canReceive()) {
                                // the target may be gone: the scheduler stops taking its messages directly
                                queueManager.wake("esme:" + account.systemId());
                            }
                        }
                    });
                }).exceptionally(e -> {
                    log.warn("bind of system_id={} failed: {}", bind.systemId(), e.toString());
                    return BindResult.reject(CommandStatus.ESME_RBINDFAIL);
                });
    }

    /**
     * With a store that several nodes share, a bind this node accepted takes one of the account's
     * max_binds places across the cluster too; none free (every place taken on some live node), or
     * the store cannot be asked: refused, and the local place given back.
     */
    private CompletionStage<AccountService.BindDecision> clusterWide(AccountService.BindDecision decision, Bind bind,
            String sessionKey) {
        if (!decision.accepted() || !(store instanceof SharedStore shared)) {
            return CompletableFuture.completedFuture(decision);
        }
        AccountHandle account = decision.account();
        int max = account.account().maxBinds();
        return shared.reserveBind(account.systemId(), sessionKey, bind.bindType().name(), max)
                .handle((reserved, e) -> {
                    if (e == null && reserved) {
                        return decision;
                    }
                    account.unbound();
                    return new AccountService.BindDecision(CommandStatus.ESME_RBINDFAIL, null, e != null
                            ? "cannot check max_binds across the cluster: " + rootMessage(e)
                            : "already " + max + " sessions bound across the cluster (max_binds)");
                });
    }

    /** The queue manager's periodic scans completed so far (see {@link QueueManager#scans()}). */
    public long deliveryScans() {
        return queueManager.scans();
    }

    public List<Integer> ports() {
        return ports;
    }

    /** The accounts, for other ways in (the HTTP API) to authenticate against the same ones as SMPP binds. */
    public AccountService accounts() {
        return accounts;
    }

    /** The one submission path (routing, limits, commit, wake-up), for the HTTP API as for SMPP. */
    public SubmissionService submissions() {
        return submissions;
    }

    public Clock clock() {
        return clock;
    }

    public MessageStore store() {
        return store;
    }

    /** The bound ESME sessions now (a live, read-only view), for metrics and status. */
    public java.util.Collection<SmppSession> sessions() {
        return java.util.Collections.unmodifiableSet(sessions);
    }

    /** Whether the SMPP listeners are up: started and not closing. What a readiness probe asks. */
    public boolean listening() {
        return !closing.get() && !ports.isEmpty();
    }

    /** Bulk campaigns (docs/campaigns.md). */
    public Campaigns campaigns() {
        return campaigns;
    }

    public HandsetNetwork handsets() {
        return handsets;
    }

    /** The configuration in force now (runtime changes included). */
    public TernConfig config() {
        return running;
    }

    /**
     * Puts the accounts, routes, connectors and connector groups of {@code next} in force at once,
     * without a restart (docs/operations.md#admin-api); its other sections are ignored (they take
     * effect at the next start). Sessions of unchanged accounts are not disturbed; a changed account
     * keeps its sessions, which see the new settings at their next request; the sessions of an
     * account that is disabled or gone are unbound. A message is routed by the table in force when
     * it is submitted: messages already stored keep their target. Once {@link #close} has begun it
     * changes nothing (the change, kept in the database, is in force from the next start).
     */
    public synchronized void apply(TernConfig next) {
        if (closing.get()) {
            log.info("configuration change not put in force: Tern is stopping (it applies at the next start)");
            return;
        }
        TernConfig now = running;
        accounts.replace(next.accounts());
        // an account's interop profile (receipt id form, encoding, TLVs) applies to its next message
        esmes.replaceProfiles(profiles(next.accounts()));
        router.replace(next.routes(), next.accounts());
        connectors.apply(next.connectors(), next.connectorGroups());
        running = new TernConfig(now.listeners(), now.smpp(), now.store(), next.accounts(), next.routes(),
                next.distributionLists(), now.delivery(), now.handsets(), next.connectors(), next.connectorGroups(),
                now.http(), next.webhooks(), next.optOut(), now.handsetSeed(), now.cdr(), now.logging(),
                next.apiKeys());
        submissions.replaceDistributionLists(next.distributionLists());
        outbinds.replace(next.accounts());
        Set<String> active = new java.util.HashSet<>();
        for (io.tern.smsc.account.Account a : next.accounts()) {
            if (a.enabled()) {
                active.add(a.systemId());
            }
        }
        for (SmppSession s : sessions) {
            if (s.systemId() != null && !active.contains(s.systemId())) {
                log.info("unbinding {}: its account {} is disabled or removed", s, s.systemId());
                s.unbind(config.smpp().unbindTimeout());
            }
        }
    }

    private static Map<String, InteropProfile> profiles(List<Account> accounts) {
        Map<String, InteropProfile> profiles = new HashMap<>();
        for (Account a : accounts) {
            profiles.put(a.systemId(), a.interop());
        }
        return profiles;
    }

    /** The upstream connectors, for status output and tests. */
    public Connectors connectors() {
        return connectors;
    }

    /** Every connector's state now, with the messages waiting for it in the store. */
    public CompletableFuture<List<ConnectorStatus>> connectorStatus() {
        return store.pendingByTarget().thenApply(connectors::status);
    }

    /**
     * Graceful stop: unbinds every session (waiting for in-flight responses), stops the listeners
     * and the scheduler, then lets the store finish its queued commits.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        // no campaign row becomes a message any more; then nothing new is attempted, what is in
        // flight finishes and is recorded
        campaigns.close();
        if (outbinds != null) {
            outbinds.close();
        }
        queueManager.close();
        // upstream binds go first, once their windows drain: forwarded messages stay in the store
        // and are retried after a restart
        connectors.close(config.smpp().unbindTimeout());
        List<CompletableFuture<Void>> unbinds = new ArrayList<>();
        for (SmppSession s : sessions) {
            unbinds.add(s.unbind(config.smpp().unbindTimeout()));
        }
        try {
            CompletableFuture.allOf(unbinds.toArray(new CompletableFuture[0]))
                    .get(config.smpp().unbindTimeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("some sessions did not unbind in time: {}", e.toString());
        }
        server.close();
        qmgrThread.shutdown();
        authThreads.shutdown();
        webhookClient.close();
        if (cdr != null) {
            // outcomes the store commits from here on stay in its outbox for the next start
            cdr.close();
        }
        synchronized (statusWrite) {
            // a status file write under way has finished; none starts after this (closing is set)
        }
        store.close();
        dataDirLock.close();
        log.info("Tern SMSC stopped");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    /** Tells {@link Alerts} about absent subscribers on the way out of the sim channel. */
    private record AlertingSimChannel(DeliveryChannel inner, Alerts alerts) implements DeliveryChannel {
        @Override
        public boolean available(String target) {
            return inner.available(target);
        }

        @Override
        public int capacity(String target) {
            return inner.capacity(target);
        }

        @Override
        public CompletionStage<DeliveryResult> deliver(io.tern.smsc.store.StoredMessage message) {
            return inner.deliver(message).thenApply(r -> {
                if (r instanceof DeliveryResult.Unavailable) {
                    alerts.absent(message);
                }
                return r;
            });
        }
    }
}
