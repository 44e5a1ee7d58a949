package io.tern.smsc.campaign;

import io.tern.smpp.charset.EncodingChooser;
import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.sms.MessagePart;
import io.tern.smpp.sms.MessageSplitter;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.submit.SubmissionException;
import io.tern.smsc.submit.SubmissionService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk campaigns (docs/campaigns.md): created from a streamed CSV, durable before {@link #create}
 * returns, then sent row by row through the {@link SubmissionService} (the route, validity and
 * throughput of the owner's account, as its SMPP submissions), at the campaign's rate and inside its
 * send window, with pause, resume and cancel, and resumed after a crash with no row lost and none
 * sent twice.
 *
 * <p>One thread ({@code tern-campaigns}) paces every campaign; store calls never block it.
 */
public final class Campaigns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Campaigns.class);

    /**
     * Most rows turned into messages in one batch (one commit); also the rows read per look-up. With
     * {@link #BATCHES_IN_FLIGHT} batches the scheduler can take them all as they commit (it holds at
     * most {@code QueueManager.Settings.DEFAULT_CLAIM_BATCH}, 1,000, handed over): batches of 1,000
     * left the second one to be claimed from the store (0.78–0.90× the SMPP rate over a million rows,
     * against 0.89–0.93× with 500, docs/PERFORMANCE.md).
     */
    static final int MAX_BATCH = 500;

    /**
     * Most batches of one campaign in flight at once: marked (or being marked) in flight, their
     * messages not yet committed. Each batch waits for two commits in turn (its in-flight marker,
     * then its messages); with two in flight, the next batch's rows are read and its marker
     * committed while the previous batch's messages commit, so that one group commit of the store
     * carries both. Markers are written one after the other, so a third would only wait for the
     * second's marker, and would widen the range recovery checks and what a pause waits for.
     */
    static final int BATCHES_IN_FLIGHT = 2;

    /** Longest a pause or cancel waits for the batches in flight before it is answered anyway. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    /**
     * @param tick how often each campaign is looked at (its start time, its window, its rate)
     * @param doneCheck how often a sent campaign's messages are counted to see whether it is finished
     * @param lease how long this node reserves a campaign it sends (renewed at a third of it); when
     *     it dies, another node on the same database takes the campaign over once the lease ran out
     * @param rescan how often the store's campaigns are listed, to pick up those another node
     *     created and changes another node made (pause, resume, cancel)
     */
    public record Settings(Duration tick, Duration doneCheck, Duration lease, Duration rescan) {
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(60), Duration.ofSeconds(1));

        /** These settings with a campaign lease of {@code d} (the delivery lease of the configuration). */
        public Settings withLease(Duration d) {
            return new Settings(tick, doneCheck, d, rescan);
        }
    }

    private final CampaignStore store;
    private final MessageStore messages;
    private final SubmissionService submission;
    private final Function<String, Optional<AccountHandle>> accounts;
    /** The opt-out lists; none until an implementation is given ({@link #useSuppressions}). */
    private volatile Suppressions suppressions = Suppressions.NONE;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Settings settings;
    private final ScheduledExecutorService thread;
    private final Map<Long, Run> runs = new ConcurrentHashMap<>();
    /** Threads that check uploaded rows (libphonenumber is most of an upload's work). */
    private static final int CHECKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final java.util.concurrent.ExecutorService checkers;

    public Campaigns(CampaignStore store, MessageStore messages, SubmissionService submission,
            Function<String, Optional<AccountHandle>> accounts, Clock clock, Settings settings) {
        this.store = store;
        this.messages = messages;
        this.submission = submission;
        this.accounts = accounts;
        this.clock = clock;
        this.nanoTime = System::nanoTime;
        this.settings = settings;
        java.util.concurrent.atomic.AtomicInteger checkerNumber = new java.util.concurrent.atomic.AtomicInteger();
        this.checkers = Executors.newFixedThreadPool(CHECKERS, r -> {
            Thread t = new Thread(r, "tern-campaign-check-" + checkerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-campaigns");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Discards uploads a stop cut short, finishes the recovery of batches a crash left in doubt, and
     * starts sending the campaigns that were running. Blocks until the store has answered.
     */
    public void start() {
        int discarded = CampaignUpload.await(store.discardIncomplete());
        if (discarded > 0) {
            log.info("discarded {} campaign uploads that never completed", discarded);
        }
        dropRowsOfFinished(); // rows a stop or a crash left behind a finished campaign
        // a batch left in doubt is settled now if this node can take the campaign's lease, else by
        // whichever node holds it (another node on a shared store)
        for (Campaign c : CampaignUpload.await(store.active())) {
            Run r = new Run(c);
            if (c.inflightLo() > 0) {
                Instant now = clock.instant();
                Instant until = now.plus(settings.lease());
                if (CampaignUpload.await(store.lease(c.id(), now, until))) {
                    CampaignUpload.await(recover(c.id(), c.inflightLo(), c.inflightHi()));
                    r.inDoubt = false;
                    r.leaseUntil = until;
                    r.leased = true;
                }
            }
            runs.put(c.id(), r);
        }
        long tick = settings.tick().toMillis();
        thread.scheduleWithFixedDelay(this::stepAll, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Rejects rows whose number is on its account's opt-out list from now on. */
    public void useSuppressions(Suppressions s) {
        this.suppressions = java.util.Objects.requireNonNull(s, "suppressions");
    }

    /**
     * Creates a campaign of {@code owner} from {@code csv} (UTF-8, a header line with a {@code to}
     * column and the template's placeholders). Reads the whole stream and returns once every row is
     * committed: the campaign exists from then on, and not before. Blocks: call it from a worker.
     *
     * @throws CampaignException if the request or the CSV as a whole is unusable (rows are rejected one by one)
     */
    public Campaign create(String owner, CampaignSpec spec, InputStream csv) {
        AccountHandle account = accounts.apply(owner)
                .orElseThrow(() -> new CampaignException(CampaignException.Kind.NOT_FOUND, "no account '" + owner + "'"));
        if (!account.account().allowsSource(spec.from())) {
            throw CampaignException.invalid("from: '" + spec.from() + "' is not a source address account '" + owner
                    + "' may use");
        }
        Address source = source(spec);
        long id = CampaignUpload.await(store.create(owner, spec, clock.instant()));
        CampaignUpload.Result result;
        try {
            result = new CampaignUpload(store, id, owner, spec, suppressions, digits -> {
                try {
                    submission.checkRoutable(account, source, destination(digits));
                    return null;
                } catch (SubmissionException e) {
                    return "refused: " + e.getMessage();
                }
            }, checkers, CHECKERS).run(new Utf8Reader(csv));
            CampaignUpload.await(store.completeUpload(id, result.total(), result.accepted(), result.rejected()));
        } catch (IOException e) {
            store.discard(id);
            throw new UncheckedIOException("campaign upload cut short: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.discard(id);
            throw e;
        }
        Campaign c = CampaignUpload.await(store.find(id)).orElseThrow();
        log.info("campaign {} of {}: {} rows, {} accepted, {} rejected", id, owner, result.total(), result.accepted(),
                result.rejected());
        runs.put(id, new Run(c));
        thread.execute(() -> step(runs.get(id)));
        return c;
    }

    /** {@code owner}'s campaigns, newest first. */
    public CompletableFuture<List<Campaign>> list(String owner, int limit) {
        return store.list(owner, limit);
    }

    /** A campaign of {@code owner} with its live counts; empty if it has none of that id. */
    public CompletableFuture<Optional<CampaignStatus>> status(String owner, long id) {
        return store.find(id).thenCompose(found -> {
            if (found.isEmpty() || !found.get().owner().equals(owner)) {
                return CompletableFuture.completedFuture(Optional.<CampaignStatus>empty());
            }
            return status(found.get()).thenApply(Optional::of);
        });
    }

    private CompletableFuture<CampaignStatus> status(Campaign c) {
        boolean cancelled = c.state() == CampaignState.CANCELLED;
        long pending = cancelled ? 0 : c.unsent();
        long notSent = cancelled ? c.unsent() : 0;
        if (c.finishedAt() != null) {
            return CompletableFuture.completedFuture(new CampaignStatus(c, c.total(), c.accepted(), c.rejected(),
                    pending, c.sent(), c.delivered(), c.failed(), c.expired(), notSent, true));
        }
        return store.messageStates(c.id()).thenApply(states -> {
            long delivered = n(states, MessageState.DELIVERED) + n(states, MessageState.ACCEPTED);
            long failed = n(states, MessageState.UNDELIVERABLE) + n(states, MessageState.REJECTED)
                    + n(states, MessageState.DELETED) + n(states, MessageState.UNKNOWN) + c.refused();
            long expired = n(states, MessageState.EXPIRED);
            long waiting = n(states, MessageState.SCHEDULED) + n(states, MessageState.ENROUTE);
            boolean done = (c.state() == CampaignState.SENT || cancelled) && waiting == 0;
            return new CampaignStatus(c, c.total(), c.accepted(), c.rejected(), pending, c.sent(), delivered, failed,
                    expired, notSent, done);
        });
    }

    private static long n(Map<MessageState, Long> states, MessageState s) {
        return states.getOrDefault(s, 0L);
    }

    /**
     * Why a campaign's messages failed: a count per reason ({@code undeliverable, error 11},
     * {@code refused when its turn came}, ...), for a summary.
     */
    public CompletableFuture<Map<String, Long>> failureReasons(String owner, long id) {
        return store.find(id).thenCompose(found -> {
            if (found.isEmpty() || !found.get().owner().equals(owner)) {
                throw new CampaignException(CampaignException.Kind.NOT_FOUND, "no campaign " + id);
            }
            return store.failures(id).thenApply(failures -> {
                Map<String, Long> out = new java.util.LinkedHashMap<>();
                failures.forEach((k, n) -> out.merge(k.state().name().toLowerCase(java.util.Locale.ROOT)
                        + (k.error() == 0 ? "" : ", error " + k.error()), n, Long::sum));
                if (found.get().refused() > 0) {
                    out.put("refused when its turn came (no route, or opted out)", found.get().refused());
                }
                return out;
            });
        });
    }

    /** RUNNING to PAUSED: no row is sent until {@link #resume}; messages already sent go on. */
    public CompletableFuture<Campaign> pause(String owner, long id) {
        return change(owner, id, List.of(CampaignState.RUNNING), CampaignState.PAUSED, "pause");
    }

    public CompletableFuture<Campaign> resume(String owner, long id) {
        return change(owner, id, List.of(CampaignState.PAUSED), CampaignState.RUNNING, "resume");
    }

    /** Stops for good: rows not yet handed to the message store are never sent. */
    public CompletableFuture<Campaign> cancel(String owner, long id) {
        return change(owner, id, List.of(CampaignState.RUNNING, CampaignState.PAUSED), CampaignState.CANCELLED,
                "cancel");
    }

    private CompletableFuture<Campaign> change(String owner, long id, List<CampaignState> from, CampaignState to,
            String verb) {
        return store.find(id).thenCompose(found -> {
            if (found.isEmpty() || !found.get().owner().equals(owner)) {
                throw new CampaignException(CampaignException.Kind.NOT_FOUND, "no campaign " + id);
            }
            return store.changeState(id, from, to).thenCompose(changed -> {
                if (!changed) {
                    throw new CampaignException(CampaignException.Kind.CONFLICT, "campaign " + id + " is "
                            + found.get().state() + ": cannot " + verb + " it");
                }
                CompletableFuture<Void> settled = new CompletableFuture<>();
                thread.execute(() -> {
                    Run r = runs.get(id);
                    if (r == null || to == CampaignState.RUNNING) {
                        settled.complete(null);
                    } else {
                        r.settled.add(settled);
                    }
                    if (r != null) {
                        r.state = to;
                        r.version++;
                        step(r);
                    }
                });
                // a pause or cancel is answered once this node's batches in flight have ended and
                // their rows are marked: from then on no message of the campaign is committed here
                return settled.completeOnTimeout(null, SETTLE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                        .thenCompose(v -> store.find(id)).thenApply(Optional::orElseThrow);
            });
        });
    }

    /** The rejected lines of a campaign of {@code owner}, in line order, {@code limit} after {@code afterLine}. */
    public CompletableFuture<List<CampaignStore.Reject>> rejects(String owner, long id, long afterLine, int limit) {
        return store.find(id).thenCompose(found -> {
            if (found.isEmpty() || !found.get().owner().equals(owner)) {
                throw new CampaignException(CampaignException.Kind.NOT_FOUND, "no campaign " + id);
            }
            return store.rejects(id, afterLine, limit);
        });
    }

    /**
     * Writes the rejected lines of a campaign as CSV ({@code line,reason,row}), reading them page by
     * page. Blocks: call it from a worker.
     */
    public void writeRejects(String owner, long id, Appendable out) throws IOException {
        out.append("line,reason,row\n");
        long after = 0;
        while (true) {
            List<CampaignStore.Reject> page = CampaignUpload.await(rejects(owner, id, after, 1_000));
            for (CampaignStore.Reject r : page) {
                out.append(rejectLine(r)).append('\n');
                after = r.lineNo();
            }
            if (page.size() < 1_000) {
                return;
            }
        }
    }

    /** A rejected line as a row of the rejected-rows CSV: {@code line,reason,row}. */
    public static String rejectLine(CampaignStore.Reject r) {
        StringBuilder b = new StringBuilder().append(r.lineNo()).append(',');
        CsvReader.quote(b, r.reason());
        b.append(',');
        CsvReader.quote(b, r.line());
        return b.toString();
    }

    /** Looks at every campaign now rather than at the next tick (a test that moved its clock). */
    public void wake() {
        thread.execute(this::stepAll);
    }

    /** Stops sending, and gives up this node's campaign leases so that another node may go on at once. */
    @Override
    public void close() {
        checkers.shutdown();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("campaign sender did not stop within 10 s");
            }
            List<CompletableFuture<Void>> releases = new ArrayList<>();
            for (Run r : runs.values()) {
                if (r.leased) {
                    releases.add(store.release(r.campaign.id()));
                }
            }
            CompletableFuture.allOf(releases.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("campaign leases not released (other nodes take them over when they run out): {}",
                    cause(e).toString());
        }
    }

    /** A campaign being looked after; touched only on {@link #thread}. */
    private final class Run {
        final Campaign campaign;
        CampaignState state;
        /**
         * A store call other than a batch's messages commit is under way (a read of rows, a marker
         * write, a lease, a recovery): nothing else of this kind starts for this campaign until it ends.
         */
        boolean busy;
        /** First and last rows of the batches whose messages are committing, at most {@link #BATCHES_IN_FLIGHT}. */
        final List<long[]> committing = new ArrayList<>();
        /** The pass over the pending rows has read its last row: it ends once the batches in flight have. */
        boolean passEnded;
        /** Pauses and cancels made on this node, answered once nothing of this campaign is in flight. */
        final List<CompletableFuture<Void>> settled = new ArrayList<>();
        /** Rows up to this one were looked at in this pass over the pending rows. */
        long scanFrom;
        /** Some rows of this pass were outside their window; the earliest time one may open. */
        boolean passSkipped;
        Instant passEarliest;
        /** Not before this instant (of the injected clock): the next window opening. */
        Instant wakeAt;
        /** A batch failed: its in-flight rows are checked before anything else is sent. */
        boolean inDoubt;
        /** Rows of the batches whose messages are committed, to be marked with the next batch's marker. */
        List<Long> doneSent = new ArrayList<>();
        List<Long> doneRefused = new ArrayList<>();
        double tokens;
        long lastRefill;
        /** Until when this node holds the campaign's send lease (injected clock); null: it does not. */
        Instant leaseUntil;
        /** Another node held the lease: not asked again before this {@link #nanoTime} (a pace, not a timer). */
        long leaseRetryNanos;
        boolean leaseRefused;
        /**
         * This node may hold the lease in the store (taken and not given up since, even if a refused
         * write made it unsure): given up when the campaign stops here.
         */
        boolean leased;
        /** Counts this node's own state changes, so that a listing read before one does not undo it. */
        int version;
        /** Batches marked or being marked in flight whose messages are not committed yet (read by tests). */
        volatile int inFlight;
        /** Times the sender looked at it with nothing of it under way (read by tests, any thread). */
        volatile long looks;
        long nextDoneCheck;

        Run(Campaign c) {
            this.campaign = c;
            this.state = c.state();
            this.lastRefill = nanoTime.getAsLong();
            this.inDoubt = c.inflightLo() > 0;
        }
    }

    /**
     * Batches of campaign {@code id} marked (or being marked) in flight whose messages are not
     * committed yet, at most {@link #BATCHES_IN_FLIGHT}; 0 for a campaign it does not look after.
     */
    public int batchesInFlight(long id) {
        Run r = runs.get(id);
        return r == null ? 0 : r.inFlight;
    }

    /** How many times the sender has looked at every campaign: tests wait for some to know nothing happened. */
    public long ticks() {
        return ticks.get();
    }

    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();

    /**
     * How many times the sender has looked at campaign {@code id} with nothing of it under way (no
     * store call in flight), -1 once it no longer looks after it: a test that waits for some more
     * knows that what had started has ended and that nothing new started.
     */
    public long looks(long id) {
        Run r = runs.get(id);
        return r == null ? -1 : r.looks;
    }

    private void stepAll() {
        ticks.incrementAndGet();
        rescan();
        for (Run r : runs.values()) {
            try {
                step(r);
            } catch (RuntimeException e) {
                log.warn("campaign {}: {}", r.campaign.id(), e.toString());
                r.busy = false;
            }
        }
    }

    private void step(Run r) {
        if (r == null || r.busy) {
            return;
        }
        boolean running = r.state == CampaignState.RUNNING;
        if (!r.committing.isEmpty()) {
            if (running) {
                send(r); // the next batch while these commit
            }
            return; // otherwise their ends step again
        }
        r.looks++;
        if (running) {
            settled(r); // resumed before a pause had settled
        } else {
            if (r.inDoubt && r.leaseUntil != null) {
                settle(r);
                return;
            }
            if (hasDone(r) && !r.inDoubt) {
                flush(r, () -> step(r));
                return;
            }
            settled(r);
            if (r.leased) {
                r.leased = false;
                r.leaseUntil = null;
                store.release(r.campaign.id()).whenComplete((v, e) -> {
                    if (e != null) {
                        log.info("campaign {}: lease not released, it runs out: {}", r.campaign.id(),
                                cause(e).toString());
                    }
                });
            }
        }
        switch (r.state) {
            case RUNNING -> send(r);
            case SENT, CANCELLED -> checkDone(r);
            case FINISHED -> runs.remove(r.campaign.id());
            default -> {
            }
        }
    }

    /** Answers the pauses and cancels waiting for {@code r} to have nothing in flight. */
    private static void settled(Run r) {
        r.settled.forEach(f -> f.complete(null));
        r.settled.clear();
    }

    /** Deletes the rows of finished campaigns in the background (they only take space), logging the outcome. */
    private void dropRowsOfFinished() {
        store.dropRowsOfFinished().whenComplete((n, e) -> {
            if (e != null) {
                log.warn("cannot delete the rows of finished campaigns (tried again when the next one finishes): {}",
                        cause(e).toString());
            } else if (n > 0) {
                log.info("deleted {} rows of finished campaigns", n);
            }
        });
    }

    private void checkDone(Run r) {
        long now = nanoTime.getAsLong();
        if (now - r.nextDoneCheck < 0) {
            return;
        }
        r.nextDoneCheck = now + settings.doneCheck().toNanos();
        r.busy = true;
        long id = r.campaign.id();
        store.find(id).thenCompose(c -> {
            Campaign fresh = c.orElseThrow();
            if (fresh.inflightLo() == 0) {
                return status(fresh);
            }
            // rows in doubt: not done before they are settled, by the node holding the lease (which
            // may still be committing them) or here once that lease is this node's
            Instant at = clock.instant();
            return store.lease(id, at, at.plus(settings.lease())).thenCompose(held -> held
                    ? recover(id, fresh.inflightLo(), fresh.inflightHi()).thenCompose(v -> store.release(id))
                    : CompletableFuture.completedFuture(null)).thenApply(v -> (CampaignStatus) null);
        }).thenCompose(s -> {
            if (s == null || !s.done()) {
                return CompletableFuture.completedFuture(false);
            }
            return store.finish(r.campaign.id(), clock.instant(), s.delivered(), s.failed(), s.expired())
                    .thenApply(v -> true);
        }).whenCompleteAsync((finished, e) -> {
            r.busy = false;
            if (e != null) {
                log.warn("campaign {}: cannot check whether it is finished: {}", id, cause(e).toString());
            } else if (finished) {
                log.info("campaign {} finished", id);
                runs.remove(id);
                dropRowsOfFinished();
            }
        }, thread);
    }

    /**
     * Starts the campaign's next batch if it may: up to {@link #BATCHES_IN_FLIGHT} batches commit
     * their messages at once, while the next one is read and its marker written.
     */
    private void send(Run r) {
        Campaign c = r.campaign;
        if (!holdsLease(r)) {
            return;
        }
        if (r.inDoubt) {
            if (r.committing.isEmpty()) {
                settle(r);
            }
            return;
        }
        if (r.passEnded) {
            if (r.committing.isEmpty()) {
                endPass(r);
            }
            return;
        }
        if (r.committing.size() >= BATCHES_IN_FLIGHT) {
            return;
        }
        Instant now = clock.instant();
        if (c.spec().startAt() != null && now.isBefore(c.spec().startAt())) {
            return;
        }
        if (r.wakeAt != null && now.isBefore(r.wakeAt)) {
            return;
        }
        r.wakeAt = null;
        int allowance = allowance(r);
        if (allowance == 0) {
            if (hasDone(r) && r.committing.isEmpty()) {
                flush(r, () -> { });
            }
            return;
        }
        Optional<AccountHandle> account = accounts.apply(c.owner());
        if (account.isEmpty()) {
            return;
        }
        r.busy = true;
        store.pendingRows(c.id(), r.scanFrom, MAX_BATCH).whenCompleteAsync((rows, e) -> {
            if (e != null) {
                r.busy = false;
                log.warn("campaign {}: cannot read its rows: {}", c.id(), cause(e).toString());
                return;
            }
            if (r.state != CampaignState.RUNNING || r.inDoubt) {
                r.busy = false;
                step(r);
                return;
            }
            pick(r, account.get(), rows, allowance, now);
        }, thread);
    }

    /** Reads the campaign's state now (a write was refused: changed elsewhere), unless this node changes it meanwhile. */
    private void learnState(Run r) {
        int version = r.version;
        r.busy = true;
        store.find(r.campaign.id()).whenCompleteAsync((found, e) -> {
            r.busy = false;
            if (e == null && r.version == version) {
                r.state = found.map(Campaign::state).orElse(CampaignState.CANCELLED);
            }
            step(r);
        }, thread);
    }

    /**
     * Settles what a failed batch, a stop or another node left in doubt (the rows of the marker
     * range, see {@link #recover}); runs only with no batch of this node in flight. The rows done
     * but not yet marked are in that range, and recovery marks them.
     */
    private void settle(Run r) {
        long id = r.campaign.id();
        r.busy = true;
        r.doneSent = new ArrayList<>();
        r.doneRefused = new ArrayList<>();
        store.find(id).thenCompose(now -> {
            Campaign fresh = now.orElseThrow();
            return fresh.inflightLo() > 0 ? recover(id, fresh.inflightLo(), fresh.inflightHi())
                    : CompletableFuture.completedFuture(null);
        }).whenCompleteAsync((v, e) -> {
            r.busy = false;
            if (e == null) {
                r.inDoubt = false;
                step(r);
            } else {
                log.warn("campaign {}: cannot check its last batches yet: {}", id, cause(e).toString());
            }
        }, thread);
    }

    /** Chooses from {@code rows} those to send now, within the window, the rate and the account's throughput. */
    private void pick(Run r, AccountHandle account, List<CampaignStore.Row> rows, int allowance, Instant now) {
        Campaign c = r.campaign;
        SendWindow window = c.spec().window();
        List<CampaignStore.Row> batch = new ArrayList<>();
        List<List<MessagePart>> parts = new ArrayList<>();
        int examined = 0;
        for (CampaignStore.Row row : rows) {
            if (batch.size() >= allowance) {
                break;
            }
            if (window != null) {
                List<ZoneId> zones = Recipients.zones(row.dest());
                if (!window.allows(now, zones)) {
                    Instant open = window.nextOpen(now, zones);
                    r.passSkipped = true;
                    r.passEarliest = r.passEarliest == null || open.isBefore(r.passEarliest) ? open : r.passEarliest;
                    examined++;
                    continue;
                }
            }
            List<MessagePart> p = split(row);
            if (!account.tryAcquire(p.size())) {
                break;
            }
            batch.add(row);
            parts.add(p);
            examined++;
        }
        if (examined > 0) {
            r.scanFrom = rows.get(examined - 1).rowNo();
        }
        r.tokens -= batch.size();
        boolean passEnded = rows.size() < MAX_BATCH && examined == rows.size();
        if (batch.isEmpty()) {
            r.busy = false;
            if (passEnded) {
                r.passEnded = true;
                step(r);
            }
            return;
        }
        submit(r, account, batch, parts, passEnded);
    }

    /**
     * The batch's rows become messages: first one commit marks the rows of the batches committed
     * since the last marker write sent and moves the in-flight marker over this batch and those
     * still committing, then its messages are committed (all or none), while the next batch may
     * start; its rows are marked sent with a later batch's marker, or by {@link #flush}. So the last
     * marker committed always covers every batch whose messages may be committed while its rows are
     * still PENDING, and a crash leaves {@link #recover} to find their messages by their ids,
     * derived from the rows, and to mark those rows sent instead of sending them again.
     */
    private void submit(Run r, AccountHandle account, List<CampaignStore.Row> batch, List<List<MessagePart>> parts,
            boolean passEnded) {
        Campaign c = r.campaign;
        Address source = source(c.spec());
        List<StoredMessage> out = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        List<Long> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            CampaignStore.Row row = batch.get(i);
            try {
                List<StoredMessage> ms = new ArrayList<>();
                for (MessagePart p : parts.get(i)) {
                    ms.add(submission.prepare(account, Campaign.messageId(c.id(), row.rowNo(), p.seq() == 0 ? 1 : p.seq()),
                            source, destination(row.dest()), p.udhi() ? 0x40 : 0, dataCoding(row.text()),
                            p.shortMessage(), c.spec().receipt() ? 1 : 0, c.spec().validity()));
                }
                out.addAll(ms);
                sent.add(row.rowNo());
            } catch (SubmissionException e) {
                log.info("campaign {} row {}: refused when its turn came: {}", c.id(), row.rowNo(), e.getMessage());
                refused.add(row.rowNo());
            }
        }
        long[] range = {batch.get(0).rowNo(), batch.get(batch.size() - 1).rowNo()};
        long markLo = range[0];
        long markHi = range[1];
        for (long[] b : r.committing) {
            markLo = Math.min(markLo, b[0]);
            markHi = Math.max(markHi, b[1]);
        }
        List<Long> prevSent = r.doneSent;
        List<Long> prevRefused = r.doneRefused;
        r.doneSent = new ArrayList<>();
        r.doneRefused = new ArrayList<>();
        r.inFlight = r.committing.size() + 1;
        store.markSent(c.id(), prevSent, prevRefused, markLo, markHi).whenCompleteAsync((v, e) -> {
            r.busy = false;
            r.inFlight = r.committing.size() + (e == null ? 1 : 0);
            if (e != null) {
                // nothing of it took effect: the rows done before are still to be marked, and this
                // batch is not sent (read again later)
                prevSent.addAll(r.doneSent);
                prevRefused.addAll(r.doneRefused);
                r.doneSent = prevSent;
                r.doneRefused = prevRefused;
                r.scanFrom = Math.min(r.scanFrom, range[0] - 1);
                if (refusedByStore(e)) {
                    // another node took the lease over, or this campaign was paused or cancelled (here
                    // or there): the batches done are marked by the flush that follows a pause or
                    // cancel, or by recovery once the lease is held again (a row marked twice counts once)
                    log.info("campaign {}: batch of {} rows not sent here: {}", c.id(), batch.size(),
                            cause(e).getMessage());
                    r.leaseUntil = null;
                    learnState(r);
                } else {
                    r.inDoubt = true;
                    log.warn("campaign {}: batch of {} rows not marked in flight, will retry: {}", c.id(),
                            batch.size(), cause(e).toString());
                }
                return;
            }
            r.passEnded = passEnded;
            r.committing.add(range);
            CompletableFuture<Void> commit = out.isEmpty() ? CompletableFuture.completedFuture(null)
                    : submission.commitAll(out);
            commit.whenCompleteAsync((none, failure) -> {
                r.committing.remove(range);
                r.inFlight = r.committing.size();
                if (failure == null) {
                    r.doneSent.addAll(sent);
                    r.doneRefused.addAll(refused);
                } else {
                    // its messages may or may not be committed: recovery finds out once nothing is in flight
                    r.inDoubt = true;
                    r.scanFrom = Math.min(r.scanFrom, range[0] - 1);
                    log.warn("campaign {}: batch of {} rows not committed, will retry: {}", c.id(), batch.size(),
                            cause(failure).toString());
                }
                step(r);
            }, thread);
            step(r);
        }, thread);
    }

    /**
     * Whether this node may send {@code r} now: it holds the campaign's lease, for long enough. If
     * the lease is due for renewal (a third of it gone), asks for it and returns false; the answer
     * is known at a later step.
     */
    private boolean holdsLease(Run r) {
        Instant now = clock.instant();
        if (r.leaseUntil != null && now.isBefore(r.leaseUntil.minus(settings.lease().multipliedBy(2).dividedBy(3)))) {
            return true;
        }
        if (r.leaseUntil == null && r.leaseRefused && nanoTime.getAsLong() - r.leaseRetryNanos < 0) {
            return false;
        }
        Instant until = now.plus(settings.lease());
        r.busy = true;
        store.lease(r.campaign.id(), now, until).whenCompleteAsync((held, e) -> {
            r.busy = false;
            if (e != null) {
                log.warn("campaign {}: cannot renew its lease: {}", r.campaign.id(), cause(e).toString());
                return;
            }
            if (held && r.leaseUntil == null) {
                // taken (over): what the last holder left in flight is checked before anything is sent
                r.inDoubt = true;
                r.scanFrom = 0;
            }
            r.leaseUntil = held ? until : null;
            r.leaseRefused = !held;
            r.leased |= held;
            r.leaseRetryNanos = nanoTime.getAsLong() + settings.rescan().toNanos();
            if (held) {
                step(r);
            }
        }, thread);
        return false;
    }

    /** The store refused the write (CONFLICT): not a failure to retry but a change made elsewhere. */
    private static boolean refusedByStore(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CampaignException ce && ce.kind() == CampaignException.Kind.CONFLICT) {
                return true;
            }
        }
        return false;
    }

    private long nextRescan = Long.MIN_VALUE;
    private boolean rescanning;

    /**
     * Lists the store's campaigns: takes on those this node does not look after yet (created or
     * left by another node), and follows state changes made elsewhere; a listing read before one of
     * this node's own changes does not undo it.
     */
    private void rescan() {
        long now = nanoTime.getAsLong();
        if (rescanning || (nextRescan != Long.MIN_VALUE && now - nextRescan < 0)) {
            return;
        }
        nextRescan = now + settings.rescan().toNanos();
        rescanning = true;
        Map<Long, Integer> versions = new java.util.HashMap<>();
        runs.forEach((id, r) -> versions.put(id, r.version));
        store.active().whenCompleteAsync((list, e) -> {
            rescanning = false;
            if (e != null) {
                log.warn("cannot list campaigns: {}", cause(e).toString());
                return;
            }
            java.util.Set<Long> listed = new java.util.HashSet<>();
            for (Campaign c : list) {
                listed.add(c.id());
                Run r = runs.get(c.id());
                if (r == null) {
                    runs.put(c.id(), new Run(c));
                } else if (versions.containsKey(c.id()) && versions.get(c.id()) == r.version) {
                    r.state = c.state();
                }
            }
            versions.forEach((id, v) -> {
                Run r = runs.get(id);
                if (r != null && !listed.contains(id) && r.version == v
                        && (r.state == CampaignState.RUNNING || r.state == CampaignState.PAUSED)) {
                    // cancelled (or finished) by another node: what it sent is counted until it is done
                    r.state = CampaignState.CANCELLED;
                }
            });
        }, thread);
    }

    private static boolean hasDone(Run r) {
        return !r.doneSent.isEmpty() || !r.doneRefused.isEmpty();
    }

    /**
     * Marks the rows of the batches done sent and clears the marker, then runs {@code then} (on
     * {@link #thread}); only with no batch in flight, which the marker would have to cover.
     */
    private void flush(Run r, Runnable then) {
        List<Long> sent = r.doneSent;
        List<Long> refused = r.doneRefused;
        r.doneSent = new ArrayList<>();
        r.doneRefused = new ArrayList<>();
        r.busy = true;
        store.markSent(r.campaign.id(), sent, refused, 0, 0).whenCompleteAsync((v, e) -> {
            r.busy = false;
            if (e != null) {
                // the marker still covers those rows: recovery marks them
                r.inDoubt = true;
                log.warn("campaign {}: cannot mark sent rows yet: {}", r.campaign.id(), cause(e).toString());
                return;
            }
            then.run();
        }, thread);
    }

    /**
     * The end of a pass over the pending rows, once its last batches are committed: all sent, or
     * wait for the next window to open.
     */
    private void endPass(Run r) {
        r.passEnded = false;
        if (hasDone(r)) {
            flush(r, () -> endPass(r));
            return;
        }
        r.scanFrom = 0;
        if (r.passSkipped) {
            r.wakeAt = r.passEarliest;
            r.passSkipped = false;
            r.passEarliest = null;
            return;
        }
        r.busy = true;
        store.find(r.campaign.id()).thenCompose(c -> c.orElseThrow().unsent() == 0
                ? store.changeState(r.campaign.id(), List.of(CampaignState.RUNNING), CampaignState.SENT)
                : CompletableFuture.completedFuture(false)).whenCompleteAsync((changed, e) -> {
                    r.busy = false;
                    if (e == null && changed) {
                        r.state = CampaignState.SENT;
                        r.version++;
                        log.info("campaign {}: every row sent", r.campaign.id());
                    }
                }, thread);
    }

    /**
     * Settles the batches left in doubt (rows {@code lo..hi} marked in flight): a pending row whose
     * first message exists was committed, and is marked sent; the others stay pending and are sent
     * later. Runs with no batch in flight.
     */
    private CompletableFuture<Void> recover(long id, long lo, long hi) {
        return committedIn(id, lo - 1, hi, new ArrayList<>()).thenCompose(sent -> {
            if (!sent.isEmpty()) {
                log.info("campaign {}: {} rows of batches in doubt were committed before the stop", id, sent.size());
            }
            return store.markSent(id, sent, List.of(), 0, 0);
        });
    }

    /** Adds to {@code sent} the PENDING rows after {@code after} up to {@code hi} whose first message exists. */
    private CompletableFuture<List<Long>> committedIn(long id, long after, long hi, List<Long> sent) {
        return store.pendingRows(id, after, MAX_BATCH).thenCompose(rows -> {
            List<CampaignStore.Row> inRange = rows.stream().filter(row -> row.rowNo() <= hi).toList();
            List<CompletableFuture<Optional<StoredMessage>>> finds = new ArrayList<>();
            for (CampaignStore.Row row : inRange) {
                finds.add(messages.find(Campaign.messageId(id, row.rowNo(), 1)));
            }
            return CompletableFuture.allOf(finds.toArray(new CompletableFuture[0])).thenCompose(v -> {
                for (int i = 0; i < inRange.size(); i++) {
                    if (finds.get(i).join().isPresent()) {
                        sent.add(inRange.get(i).rowNo());
                    }
                }
                boolean more = rows.size() == MAX_BATCH && inRange.size() == rows.size();
                return more ? committedIn(id, rows.get(rows.size() - 1).rowNo(), hi, sent)
                        : CompletableFuture.completedFuture(sent);
            });
        });
    }

    private int allowance(Run r) {
        int rate = r.campaign.spec().rate();
        if (rate == 0) {
            return MAX_BATCH;
        }
        long now = nanoTime.getAsLong();
        double burst = Math.max(1.0, rate * settings.tick().toNanos() * 2 / 1e9);
        r.tokens = Math.min(burst, r.tokens + (now - r.lastRefill) * rate / 1e9);
        r.lastRefill = now;
        return (int) Math.min(MAX_BATCH, Math.floor(r.tokens));
    }

    private static List<MessagePart> split(CampaignStore.Row row) {
        SmsEncoding encoding = EncodingChooser.choose(row.text());
        return MessageSplitter.withUdh(row.text(), encoding, MessageSplitter.ReferenceSize.EIGHT_BIT,
                (int) (row.rowNo() & 0xFF));
    }

    private static int dataCoding(String text) {
        return EncodingChooser.choose(text).dataCoding();
    }

    /** A source address as SMPP carries it: alphanumeric (TON 5), international digits (1) or other digits (0). */
    static Address source(CampaignSpec spec) {
        String from = spec.from();
        if (from.startsWith("+") && from.length() > 1 && from.substring(1).chars().allMatch(Character::isDigit)) {
            return new Address(1, 1, from.substring(1));
        }
        if (from.chars().allMatch(Character::isDigit)) {
            return new Address(0, 1, from);
        }
        return new Address(5, 0, from);
    }

    static Address destination(String digits) {
        return new Address(1, 1, digits);
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
