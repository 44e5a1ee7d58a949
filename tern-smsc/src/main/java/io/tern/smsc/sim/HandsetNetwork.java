package io.tern.smsc.sim;

import io.tern.smsc.address.AddressPattern;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual handset network: subscribers by number range, each range with a behaviour, so ESME
 * developers can test delivered, failed, unreachable, slow and answering handsets
 * (docs/configuration.md "handsets").
 *
 * <p>It is controllable while Tern runs, from any thread, with immediate effect: number ranges made
 * absent or present ({@link #setPresent}), a handset answering what it receives ({@link #setReply}),
 * and a handset sending a message of its own ({@link #send}). When numbers become present,
 * listeners are told (the SMSC delivers their waiting messages at once and sends
 * alert_notification, SMPP 3.4 §4.12, to ESMEs that asked). Every random choice (a {@code mix}
 * range's outcome, whether a handset replies) comes from one generator seeded by the caller, so a
 * run with a fixed seed and the same sequence of messages makes the same choices.
 */
public final class HandsetNetwork {

    private static final Logger log = LoggerFactory.getLogger(HandsetNetwork.class);

    private static final SubscriberRange UNKNOWN = new SubscriberRange(
            AddressPattern.parse("*"), Behaviour.FAIL, Duration.ZERO,
            1 /* GSM: unknown subscriber */, true, 0, 0, 0);

    private final List<SubscriberRange> ranges;
    private final ScheduledExecutorService timer;
    private final Random random;
    private final Overrides<Boolean> presence = new Overrides<>();
    private final Overrides<Reply> replies = new Overrides<>();
    private final List<Consumer<AddressPattern>> presentListeners = new CopyOnWriteArrayList<>();
    private volatile MobileOriginatedSink sink;

    public HandsetNetwork(List<SubscriberRange> ranges, ScheduledExecutorService timer, long seed) {
        this.ranges = List.copyOf(ranges);
        this.timer = timer;
        this.random = new Random(seed);
    }

    /** Where the handsets' own messages go (the SMSC's routing); set once when the SMSC is wired. */
    public void connect(MobileOriginatedSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The range a number belongs to: the most specific matching one; unknown numbers fail permanently. */
    public SubscriberRange rangeOf(String msisdn) {
        SubscriberRange best = null;
        for (SubscriberRange r : ranges) {
            if (r.numbers().matches(msisdn) && (best == null || r.numbers().specificity() > best.numbers().specificity())) {
                best = r;
            }
        }
        return best != null ? best : UNKNOWN;
    }

    /**
     * Whether the subscriber can receive now: the most specific presence set at run time wins,
     * then its range's behaviour ({@code absent} ranges are away until made present).
     */
    public boolean isPresent(String msisdn) {
        return presence.lookup(msisdn).orElseGet(() -> rangeOf(msisdn).behaviour() != Behaviour.ABSENT);
    }

    /**
     * Makes the numbers {@code pattern} matches (a number, a prefix such as {@code 4478*}, a glob or
     * a {@code ~regex}, as in the configuration) absent or present, at once. A more specific pattern
     * set earlier still wins for its numbers. Making numbers present tells the listeners, so that
     * their waiting messages go now.
     *
     * @throws IllegalArgumentException if {@code pattern} is not a valid address pattern
     */
    public void setPresent(String pattern, boolean present) {
        AddressPattern p = AddressPattern.parse(pattern);
        presence.put(p, present);
        log.info("handsets {} made {}", pattern, present ? "present" : "absent");
        if (present) {
            returned(p);
        }
    }

    /**
     * Removes the presence set for exactly {@code pattern}: its numbers follow their ranges (or a
     * less specific setting) again. Whether there was one.
     */
    public boolean clearPresence(String pattern) {
        AddressPattern p = AddressPattern.parse(pattern);
        boolean removed = presence.remove(p.toString());
        if (removed) {
            returned(p);
        }
        return removed;
    }

    /** The presence set at run time, by pattern, oldest first. */
    public Map<String, Boolean> presence() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Overrides.Entry<Boolean> e : presence.entries()) {
            out.put(e.pattern().toString(), e.value());
        }
        return out;
    }

    /**
     * From now on handsets matching {@code pattern} answer messages they accept with {@code reply}
     * (a reply of 0 % silences them), in place of their range's {@code reply}.
     *
     * @throws IllegalArgumentException if {@code pattern} is not a valid address pattern
     */
    public void setReply(String pattern, Reply reply) {
        replies.put(AddressPattern.parse(pattern), Objects.requireNonNull(reply, "reply"));
    }

    /** Removes the reply set for exactly {@code pattern}; whether there was one. */
    public boolean clearReply(String pattern) {
        return replies.remove(AddressPattern.parse(pattern).toString());
    }

    /** The replies set at run time, by pattern, oldest first. */
    public Map<String, Reply> replies() {
        Map<String, Reply> out = new LinkedHashMap<>();
        for (Overrides.Entry<Reply> e : replies.entries()) {
            out.put(e.pattern().toString(), e.value());
        }
        return out;
    }

    /** How the handset answers what it accepts: a reply set at run time, else its range's; null for none. */
    public Reply replyOf(String msisdn) {
        return replies.lookup(msisdn).orElseGet(() -> rangeOf(msisdn).reply());
    }

    /** Told of every pattern whose numbers may have become present (to deliver and alert). */
    public void onPresent(Consumer<AddressPattern> listener) {
        presentListeners.add(listener);
    }

    private void returned(AddressPattern pattern) {
        for (Consumer<AddressPattern> l : presentListeners) {
            l.accept(pattern);
        }
    }

    /**
     * A handset sends a message: it is routed like any mobile-originated message and stored. The
     * future completes with its message id once it is committed, or fails with
     * {@link MobileOriginatedRefusedException} when no route takes it.
     */
    public CompletableFuture<String> send(MobileOriginated mo) {
        MobileOriginatedSink s = sink;
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the handset network is not connected"));
        }
        return s.accept(mo);
    }

    /**
     * A message from {@code from} reaches the handset {@code msisdn}: what happens to it. A handset
     * that accepts it may answer {@code from} ({@link #replyOf}).
     */
    public CompletableFuture<HandsetOutcome> deliver(String msisdn, String from) {
        SubscriberRange range = rangeOf(msisdn);
        if (!isPresent(msisdn)) {
            return CompletableFuture.completedFuture(new HandsetOutcome.Absent());
        }
        Behaviour b = range.behaviour();
        if (b == Behaviour.MIX) {
            int roll;
            synchronized (random) {
                roll = random.nextInt(100);
            }
            if (roll < range.deliverPercent()) {
                b = Behaviour.DELIVER;
            } else if (roll < range.deliverPercent() + range.failPercent()) {
                b = Behaviour.FAIL;
            } else {
                return CompletableFuture.completedFuture(new HandsetOutcome.Absent());
            }
        }
        HandsetOutcome outcome;
        if (b == Behaviour.FAIL) {
            outcome = new HandsetOutcome.Failed(range.errorCode(), range.permanent());
        } else {
            outcome = new HandsetOutcome.Delivered();
            maybeReply(msisdn, from);
        }
        long latency = range.latency().toNanos();
        if (latency <= 0) {
            return CompletableFuture.completedFuture(outcome);
        }
        CompletableFuture<HandsetOutcome> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete(outcome), latency, TimeUnit.NANOSECONDS);
        return f;
    }

    private void maybeReply(String msisdn, String from) {
        Reply reply = replyOf(msisdn);
        if (reply == null || from == null || from.isEmpty()) {
            return;
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble() * 100;
        }
        if (roll >= reply.percent()) {
            return;
        }
        // XXX: the reply may be stored before the delivery it answers is recorded; a real handset's
        // answer can also overtake the delivery report, so ESMEs must cope with that order anyway.
        send(new MobileOriginated(msisdn, from, reply.text())).whenComplete((id, e) -> {
            if (e != null) {
                log.info("handset {}: reply to {} not sent: {}", msisdn, from, e.getMessage());
            }
        });
    }
}
