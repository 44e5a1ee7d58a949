package io.tern.smsc.delivery;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.logging.RateLimitedLog;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.DueWork;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.ReceiptAttempt;
import io.tern.smsc.store.ReceiptState;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery scheduler, after the Postfix queue manager (qmgr): the store is the truth and
 * wake-ups are hints. Per target it keeps a bounded active set (messages claimed from the store and
 * in flight), refills it when it drains, records every outcome, retries with capped exponential
 * backoff and jitter, and parks the messages of an unavailable target until it is woken (an ESME
 * binds, a handset returns). A periodic scan catches whatever a lost hint missed, expires messages
 * whose validity ended, and purges final messages past retention.
 *
 * <p>All bookkeeping runs on one thread ({@code executor}); store and channel callbacks hop back
 * to it, so the per-target state needs no locks.
 */
public final class QueueManager implements SchedulerHandoff, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueManager.class);

    /** The most messages one expiry scan marks EXPIRED; the next scan takes the rest. */
    static final int EXPIRY_BATCH = 1000;

    /** How often final messages past retention and stale unmatched receipts are purged. */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** Store failures repeat for every claim and outcome while the disk is full: one line per cause and interval. */
    private final RateLimitedLog failures = RateLimitedLog.of(log);

    /** Per-target active set bookkeeping (Postfix: qmgr_queue). */
    private static final class ActiveSet {
        final String name;
        int inFlight;
        boolean claiming;
        /** A hint arrived or the last claim was full: there may be more due work. */
        boolean dirty;
        /**
         * The store held no more due work at the last claim and the target is available: new
         * messages may come straight from the submit path ({@link #reserve}). Read by any thread.
         */
        volatile boolean open;
        /** Places given by {@link #reserve} whose messages are not handed over yet. */
        final AtomicInteger reserved = new AtomicInteger();
        /** Handed-over messages waiting for room in the active set, leased to us until {@code until}. */
        final ArrayDeque<HandedOver> waiting = new ArrayDeque<>();

        ActiveSet(String name) {
            this.name = name;
        }
    }

    private final MessageStore store;
    private final Function<String, DeliveryChannel> channels;
    /** The channel that reaches a receipt's owner (an account's RX/TRX sessions). */
    private final Function<String, DeliveryChannel> receiptChannels;
    private final RetryPolicy retry;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Settings settings;
    /** Concurrent only so that {@link #reserve} can read it; written on {@code executor}. */
    private final Map<String, ActiveSet> targets = new ConcurrentHashMap<>();
    private final Map<String, ActiveSet> receiptOwners = new HashMap<>();
    private volatile boolean closed;
    private final AtomicLong scans = new AtomicLong();
    private Instant lastPurge = Instant.EPOCH;

    /**
     * @param claimBatch the most messages claimed from the store at once
     * @param lease how long a claimed message is reserved for its attempt
     * @param parkFor how long a message for an unavailable destination waits unless woken
     * @param receiptRetry how long a receipt that could not be handed over waits
     * @param retention how long final messages stay queryable
     * @param scanInterval the period of the fallback scan
     * @param keepUnmatchedReceipts how long a receipt from an upstream SMSC that matches no forwarded
     *     message is kept for its message's submit_sm_resp to be recorded
     */
    public record Settings(int claimBatch, Duration lease, Duration parkFor, Duration receiptRetry, Duration retention,
            Duration scanInterval, Duration keepUnmatchedReceipts) {

        /** The claim batch of a node: enough to fill every window of a busy target at once. */
        public static final int DEFAULT_CLAIM_BATCH = 1000;

        /** How long a message for an absent subscriber waits, unless the subscriber returns first. */
        public static final Duration DEFAULT_PARK = Duration.ofHours(1);

        public Settings {
            if (claimBatch < 1) {
                throw new IllegalArgumentException("claimBatch must be positive");
            }
        }

        /** Unmatched upstream receipts kept for an hour. */
        public Settings(int claimBatch, Duration lease, Duration parkFor, Duration receiptRetry, Duration retention,
                Duration scanInterval) {
            this(claimBatch, lease, parkFor, receiptRetry, retention, scanInterval, Duration.ofHours(1));
        }
    }

    /**
     * @param channels the channel of each target's messages
     * @param receiptChannels the channel that reaches each owner's receipts
     */
    public QueueManager(MessageStore store, Function<String, DeliveryChannel> channels,
            Function<String, DeliveryChannel> receiptChannels, RetryPolicy retry, Clock clock,
            ScheduledExecutorService executor, Settings settings) {
        this.store = store;
        this.channels = channels;
        this.receiptChannels = receiptChannels;
        this.retry = retry;
        this.clock = clock;
        this.executor = executor;
        this.settings = settings;
    }

    /** Starts the periodic scan. */
    public void start() {
        long period = settings.scanInterval().toMillis();
        executor.scheduleWithFixedDelay(this::scan, 0, period, TimeUnit.MILLISECONDS);
    }

    /** A hint that {@code target} may have due messages. Cheap; call it from any thread. */
    @Override
    public void wake(String target) {
        if (!closed) {
            executor.execute(() -> pumpDirty(queue(targets, target)));
        }
    }

    /**
     * Gives a message about to be committed a place in {@code target}'s active set when the store
     * holds no older due work for it (so nothing is overtaken) and the place is free: the message
     * is then inserted leased and handed over, and no claim has to read it back. Any thread.
     */
    @Override
    public Instant reserve(String target) {
        ActiveSet q = targets.get(target);
        if (closed || q == null || !q.open) {
            return null;
        }
        if (q.reserved.incrementAndGet() > settings.claimBatch()) {
            q.reserved.decrementAndGet();
            return null;
        }
        return clock.instant().plus(settings.lease());
    }

    @Override
    public void handOff(StoredMessage m, Instant until) {
        executor.execute(() -> {
            ActiveSet q = queue(targets, m.target());
            q.reserved.decrementAndGet();
            if (!closed) {
                q.waiting.add(new HandedOver(m, until));
                pump(q);
            }
        });
    }

    @Override
    public void cancelReservation(String target) {
        executor.execute(() -> queue(targets, target).reserved.decrementAndGet());
    }

    /** A message handed over by the submit path; its lease ends no earlier than {@code until}. */
    private record HandedOver(StoredMessage message, Instant until) {
    }

    /** Until when a receipt handed over by {@link #receiptLeased} may be leased to the scheduler. */
    public Instant receiptLeaseUntil() {
        return clock.instant().plus(settings.lease());
    }

    /**
     * The receipt of {@code m} became PENDING, leased to the scheduler until {@code until}, outside
     * its own outcomes (an upstream SMSC's receipt finished the message): it is sent from memory
     * like the receipts of direct outcomes, with no claim; past {@code claimBatch} waiting ones, or
     * once closed, its lease goes back to the store and a claim takes it.
     */
    public void receiptLeased(StoredMessage m, Instant until) {
        if (closed) {
            return; // the lease runs out and a claim takes it after the restart
        }
        executor.execute(() -> {
            ActiveSet rq = queue(receiptOwners, m.owner());
            if (rq.waiting.size() >= settings.claimBatch()) {
                store.releaseLeases(List.of(m.id())).whenCompleteAsync((n, e) -> pumpDirtyReceipts(rq), executor);
                return;
            }
            rq.waiting.add(new HandedOver(m, until));
            startReceipts(rq);
        });
    }

    private void pumpDirtyReceipts(ActiveSet rq) {
        rq.dirty = true;
        pumpReceipts(rq);
    }

    /** A hint that {@code owner} may have receipts due. */
    public void wakeReceipts(String owner) {
        if (!closed) {
            executor.execute(() -> pumpReceipts(queue(receiptOwners, owner)));
        }
    }

    /**
     * {@code destination} of {@code target} became available (a handset returned): its parked
     * messages are attempted now, whatever their park time.
     */
    public void wakeDestination(String target, String destination) {
        if (!closed) {
            // the store is the truth: every parked message of that destination becomes due now,
            // whether it was parked by this run or before a restart
            store.wakeDestination(target, destination, clock.instant())
                    .whenCompleteAsync((n, e) -> {
                        if (e != null) {
                            failures.warn("waking a destination failed",
                                    "waking " + destination + " of " + target + " failed: " + e, e);
                        }
                        pumpDirty(queue(targets, target));
                    }, executor);
        }
    }

    private static ActiveSet queue(Map<String, ActiveSet> map, String name) {
        return map.computeIfAbsent(name, ActiveSet::new);
    }

    /** {@link #pump} after news that the store may hold due work for {@code q}. */
    private void pumpDirty(ActiveSet q) {
        q.dirty = true;
        pump(q);
    }

    private void pump(ActiveSet q) {
        DeliveryChannel channel = channels.apply(q.name);
        // not available: parked, a bind or presence change wakes the target again
        boolean available = channel != null && channel.available(q.name);
        int capacity = available ? channel.capacity(q.name) : 0;
        if (!q.waiting.isEmpty()) {
            startWaiting(q, available, capacity, m -> attempt(q, channel, m), this::pumpDirty);
        }
        if (q.open && !q.dirty && available) {
            return; // caught up: new messages come straight from the submit path
        }
        // Claims run one window ahead: what the window cannot take yet waits in memory, leased, and
        // starts as places free, so the target is not idle while the next claim waits for its commit
        // (a claim is a store write; behind a busy writer it takes a commit or two). The next claim
        // goes once a window's worth has left memory, not for each freed place: back-to-back claims
        // of a few rows each cost the writer more than the forwarding they feed.
        if (available && (long) q.inFlight + q.waiting.size() > capacity) {
            return; // finished() pumps again as places free
        }
        int ahead = (int) Math.min(2L * capacity - q.waiting.size(), Integer.MAX_VALUE);
        refill(q, available, ahead, store::claimDue, "messages", (m, until) -> {
            if (q.inFlight < capacity) {
                attempt(q, channel, m);
            } else {
                q.waiting.add(new HandedOver(m, until));
            }
        }, this::pump);
    }

    /**
     * Starts the handed-over messages (or receipts) the active set has room for. While the target
     * is not available, or once a lease has run out (a claim may take it), it goes back to the store
     * instead: a bind, a hint or a claim brings it back.
     */
    private void startWaiting(ActiveSet q, boolean available, int capacity, Consumer<StoredMessage> start,
            Consumer<ActiveSet> released) {
        Instant now = clock.instant();
        List<String> release = new ArrayList<>();
        while (!q.waiting.isEmpty() && (!available || q.inFlight < capacity)) {
            HandedOver d = q.waiting.poll();
            if (!available) {
                release.add(d.message().id());
            } else if (now.isBefore(d.until())) {
                start.accept(d.message());
            }
        }
        if (q.waiting.size() >= settings.claimBatch()) {
            q.open = false; // the target is slower than the submitters: back to the store and claims
        }
        if (!release.isEmpty()) {
            q.open = false;
            store.releaseLeases(release).whenCompleteAsync((n, e) -> {
                if (e != null) {
                    failures.warn("releasing leases failed", "releasing " + release.size() + " leases of " + q.name
                            + " failed, they return when the leases end: " + e, e);
                }
                released.accept(q);
            }, executor);
        }
    }

    /** How a queue's due work is claimed from the store: messages of a target, receipts of an owner. */
    @FunctionalInterface
    private interface Claim {
        CompletableFuture<List<StoredMessage>> claim(String name, Instant now, int limit, Instant leaseUntil);
    }

    /**
     * Refills one queue's active set (Postfix: qmgr_active): unless a claim is already running or
     * the queue is full or unavailable, claims up to the free room from the store, starts each
     * claimed item, and goes again while the store may hold more. Shared by messages and receipts.
     */
    private void refill(ActiveSet q, boolean available, int capacity, Claim claim, String what,
            BiConsumer<StoredMessage, Instant> start, Consumer<ActiveSet> again) {
        if (closed) {
            return;
        }
        if (q.claiming) {
            q.dirty = true;
            return;
        }
        if (!available) {
            q.dirty = false;
            q.open = false;
            return;
        }
        int room = Math.min(capacity - q.inFlight, settings.claimBatch());
        if (room <= 0) {
            q.dirty = true;
            return;
        }
        q.claiming = true;
        q.dirty = false;
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(settings.lease());
        claim.claim(q.name, now, room, leaseUntil).whenCompleteAsync((claimed, err) -> {
            q.claiming = false;
            if (err != null) {
                failures.warn("claiming " + what + " failed",
                        "claiming " + what + " of " + q.name + " failed, retrying at the next scan: " + err, err);
                return;
            }
            for (StoredMessage m : claimed) {
                start.accept(m, leaseUntil);
            }
            // Caught up: new messages may come directly. A hint that arrived during the claim
            // (dirty) is a straggler inserted unleased; the claim below picks it up.
            q.open = claimed.size() < room && q.waiting.isEmpty();
            if (claimed.size() == room || q.dirty) {
                again.accept(q);
            }
        }, executor);
    }

    private void attempt(ActiveSet q, DeliveryChannel channel, StoredMessage m) {
        q.inFlight++;
        CompletableFuture<DeliveryResult> attempt;
        try {
            attempt = channel.deliver(m).toCompletableFuture();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.completedFuture(new DeliveryResult.Temporary(0, e.toString()));
        }
        attempt.whenComplete((result, e) -> {
            Instant now = clock.instant();
            // A forward that waits for the upstream's receipt is recorded at once, on the thread that
            // read the upstream's answer: the receipt read after it on the same connection then finds
            // the upstream id stored, instead of being kept until the outcome comes round.
            CompletableFuture<UpdateResult> recorded = e == null && result instanceof DeliveryResult.Forwarded f
                    && f.awaitReceipt() ? recordForward(channel, m, f, now) : null;
            executor.execute(() -> finished(q, m, result, e, now, recorded));
        });
    }

    private CompletableFuture<UpdateResult> recordForward(DeliveryChannel channel, StoredMessage m,
            DeliveryResult.Forwarded f, Instant now) {
        Attempt.Forwarded forward = forwarded(now, f, m);
        CompletableFuture<UpdateResult> recorded = store.recordAttempt(m, forward, null);
        // still on the thread that read the upstream's answer: the receipt read next finds it
        channel.forwarding(m.afterForward(forward), f, recorded);
        return recorded;
    }

    private static Attempt.Forwarded forwarded(Instant now, DeliveryResult.Forwarded f, StoredMessage m) {
        return new Attempt.Forwarded(now, f.upstream(), f.upstreamId(), f.awaitReceipt(), m.expiryTime());
    }

    /**
     * @param recorded the store write of the outcome if it is already under way (a forward waiting
     *     for its receipt), else null
     */
    private void finished(ActiveSet q, StoredMessage m, DeliveryResult result, Throwable error, Instant now,
            CompletableFuture<UpdateResult> recorded) {
        // The attempt is over, so its place in the target's window is free; the message stays
        // leased until its outcome is committed, so no claim can take it meanwhile. The place is
        // filled now, not after the commit: from memory, or by the next claim.
        q.inFlight--;
        if (!q.waiting.isEmpty() || !q.open || q.dirty) {
            pump(q);
        }
        if (error != null) {
            result = new DeliveryResult.Temporary(0, error.toString());
        }
        Attempt attempt;
        if (result instanceof DeliveryResult.Delivered) {
            attempt = new Attempt.Delivered(now);
        } else if (result instanceof DeliveryResult.Permanent p) {
            log.info("message {} of {} undeliverable to {}: {}", m.id(), m.owner(), m.destination().addr(), p.reason());
            attempt = new Attempt.FailedPermanent(now, p.errorCode(), p.reason());
        } else if (result instanceof DeliveryResult.Forwarded f) {
            // no receipt is due yet: the upstream's receipt finishes the message (recordUpstreamReceipt)
            attempt = forwarded(now, f, m);
        } else if (result instanceof DeliveryResult.Throttled t) {
            attempt = new Attempt.Deferred(now, t.errorCode(), min(now.plus(t.retryAfter()), m.expiryTime()));
        } else if (result instanceof DeliveryResult.Unavailable u) {
            attempt = new Attempt.FailedTemporary(now, u.errorCode(), min(now.plus(settings.parkFor()), m.expiryTime()));
        } else {
            DeliveryResult.Temporary t = (DeliveryResult.Temporary) result;
            Instant next = retry.nextAttempt(now, m.attempts() + 1, () -> ThreadLocalRandom.current().nextDouble());
            if (!next.isBefore(m.expiryTime())) {
                // XXX: the message is left to expire at its validity end rather than marked now, so
                // the expiry scan produces the one EXPIRED outcome and its receipt.
                next = m.expiryTime();
            }
            log.debug("message {} attempt {} failed ({}), retry at {}", m.id(), m.attempts() + 1, t.reason(), next);
            attempt = new Attempt.FailedTemporary(now, t.errorCode(), next);
        }
        boolean receiptMayBeDue = attempt.state().isFinal();
        if (attempt instanceof Attempt.FailedTemporary ft && m.attempts() == 0 && (m.registeredDelivery() & 0x10) != 0) {
            // registered_delivery bit 4: tell the submitter once that the first attempt failed
            receiptChannel(m.owner()).deliverIntermediate(m, now, ft.errorCode());
        }
        boolean wantsReceipt = receiptMayBeDue && m.receiptWanted(attempt instanceof Attempt.Delivered);
        ActiveSet rq = wantsReceipt ? queue(receiptOwners, m.owner()) : null;
        // When the owner is bound, the receipt is leased in the same change that makes it PENDING
        // and sent from memory, at once or when its window has room: no claim (one row write and
        // one commit fewer per receipt). Only past claimBatch waiting ones is it left to a claim.
        boolean direct = wantsReceipt && receiptChannel(m.owner()).availableForReceipts(m.owner())
                && rq.waiting.size() < settings.claimBatch();
        Instant receiptLease = direct ? now.plus(settings.lease()) : null;
        CompletableFuture<UpdateResult> write = recorded != null ? recorded
                : store.recordAttempt(m, attempt, receiptLease);
        write.whenCompleteAsync((r, e) -> {
            if (e != null) {
                // the lease runs out and the message is attempted again: at least once, never lost
                failures.warn("recording an outcome failed", "recording the outcome of " + m.id() + " failed: " + e, e);
            } else if (direct) {
                // not OK: already final (cancelled, expired), this outcome made no receipt pending
                if (r == UpdateResult.OK) {
                    rq.waiting.add(new HandedOver(m.afterFinalOutcome(attempt), receiptLease));
                    startReceipts(rq);
                }
            } else if (wantsReceipt) {
                pumpReceipts(rq);
            } else if (r == UpdateResult.OK_AND_REPORTED) {
                // the upstream's receipt came before its submit_sm_resp: the message is final now
                pumpReceipts(queue(receiptOwners, m.owner()));
            }
            if (q.dirty || !q.waiting.isEmpty() || (q.inFlight == 0 && !q.open)) {
                pump(q);
            }
        }, executor);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** No channel reaches owners that are not accounts (messages that came in from an upstream connector). */
    private static final DeliveryChannel NO_RECEIPTS = new DeliveryChannel() {
        @Override
        public boolean available(String target) {
            return false;
        }

        @Override
        public int capacity(String target) {
            return 0;
        }

        @Override
        public CompletionStage<DeliveryResult> deliver(StoredMessage message) {
            return CompletableFuture.completedFuture(new DeliveryResult.Temporary(0, "not a message channel"));
        }
    };

    private DeliveryChannel receiptChannel(String owner) {
        DeliveryChannel c = receiptChannels.apply(owner);
        return c == null ? NO_RECEIPTS : c;
    }

    /** Sends the receipts waiting in memory that {@code q}'s window has room for. */
    private void startReceipts(ActiveSet q) {
        DeliveryChannel channel = receiptChannel(q.name);
        boolean available = channel.availableForReceipts(q.name);
        startWaiting(q, available, available ? channel.receiptCapacity(q.name) : 0, m -> {
            q.inFlight++;
            sendReceipt(q, m);
        }, rq -> {
            rq.dirty = true;
            pumpReceipts(rq);
        });
    }

    private void pumpReceipts(ActiveSet q) {
        if (!q.waiting.isEmpty()) {
            startReceipts(q);
        }
        DeliveryChannel channel = receiptChannel(q.name);
        boolean available = channel.availableForReceipts(q.name);
        refill(q, available, available ? channel.receiptCapacity(q.name) : 0, store::claimDueReceipts, "receipts",
                (m, until) -> {
                    q.inFlight++;
                    sendReceipt(q, m);
                }, this::pumpReceipts);
    }

    /** Sends the receipt of {@code m}, whose slot in {@code q.inFlight} is already taken. */
    private void sendReceipt(ActiveSet q, StoredMessage m) {
        CompletableFuture<Boolean> sent;
        try {
            sent = receiptChannel(m.owner()).deliverReceipt(m).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(false);
        }
        sent.whenCompleteAsync((ok, e) -> {
            q.inFlight--; // the owner answered: its window has room again, the lease covers the rest
            if (!q.waiting.isEmpty()) {
                startReceipts(q);
            }
            receiptFinished(q, m, e == null && Boolean.TRUE.equals(ok));
        }, executor);
    }

    private void receiptFinished(ActiveSet q, StoredMessage m, boolean ok) {
        Instant now = clock.instant();
        Instant retryAt = ok ? null : receiptChannel(m.owner()).receiptRetryAt(m, now);
        ReceiptAttempt a = ok ? new ReceiptAttempt.Sent(now)
                : new ReceiptAttempt.Retry(now, 0, retryAt != null ? retryAt : now.plus(settings.receiptRetry()));
        store.recordReceiptAttempt(m, a).whenCompleteAsync((r, e) -> {
            if (e != null) {
                failures.warn("recording a receipt failed", "recording the receipt of " + m.id() + " failed: " + e, e);
            }
            if (q.dirty || (q.inFlight == 0 && !q.open)) {
                pumpReceipts(q);
            }
        }, executor);
    }

    /**
     * Periodic scans completed so far (expiry and due work both handled, successfully or not): a
     * test that must see that something does <em>not</em> happen waits for a few more scans.
     */
    public long scans() {
        return scans.get();
    }

    private void scan() {
        if (closed) {
            return;
        }
        failures.flush();
        Instant now = clock.instant();
        CompletableFuture<Void> expiry = store.expireDue(now, EXPIRY_BATCH).whenCompleteAsync((expired, e) -> {
            if (e != null) {
                failures.warn("expiry scan failed", "expiry scan failed: " + e, e);
                return;
            }
            for (StoredMessage m : expired) {
                log.info("message {} of {} expired undelivered after {} attempts", m.id(), m.owner(), m.attempts());
                if (m.receiptWanted(false)) {
                    pumpReceipts(queue(receiptOwners, m.owner()));
                }
            }
        }, executor).thenAccept(x -> { });
        CompletableFuture<Void> dueWork = store.targetsWithDueWork(now).whenCompleteAsync((DueWork due, Throwable e) -> {
            if (e != null) {
                failures.warn("due-work scan failed", "due-work scan failed: " + e, e);
                return;
            }
            for (String t : due.targets()) {
                pumpDirty(queue(targets, t));
            }
            for (String o : due.receiptOwners()) {
                pumpReceipts(queue(receiptOwners, o));
            }
        }, executor).thenAccept(x -> { });
        CompletableFuture.allOf(expiry, dueWork).whenComplete((v, e) -> scans.incrementAndGet());
        if (Duration.between(lastPurge, now).compareTo(PURGE_INTERVAL) >= 0) {
            lastPurge = now;
            store.purgeFinalBefore(now.minus(settings.retention())).whenComplete((n, e) -> {
                if (e != null) {
                    failures.warn("purge failed", "purge failed: " + e, e);
                } else if (n > 0) {
                    log.info("purged {} final messages older than {}", n, settings.retention());
                }
            });
            store.purgeUnmatchedReceipts(now.minus(settings.keepUnmatchedReceipts())).whenComplete((n, e) -> {
                if (e != null) {
                    log.warn("purging unmatched upstream receipts failed: {}", e.toString());
                } else if (n > 0) {
                    log.warn("dropped {} receipts from upstream SMSCs that matched no forwarded message within {}",
                            n, settings.keepUnmatchedReceipts());
                }
            });
        }
    }

    /** Messages in flight per target, for status output. */
    public CompletableFuture<Map<String, Integer>> inFlight() {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Integer> out = new HashMap<>();
            targets.forEach((k, v) -> out.put(k, v.inFlight));
            return out;
        }, executor);
    }

    @Override
    public void close() {
        closed = true;
    }

}
