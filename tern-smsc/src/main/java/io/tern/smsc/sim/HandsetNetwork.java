package io.tern.smsc.sim;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The virtual handset network: subscribers by number range, each range with a behaviour, so ESME
 * developers can test delivered, failed, unreachable and slow handsets. Presence can be changed
 * at run time; when an absent subscriber becomes present, listeners are told (the scheduler sends
 * its waiting messages at once and the SMSC sends alert_notification to ESMEs that asked).
 */
public final class HandsetNetwork {

    private static final SubscriberRange UNKNOWN = new SubscriberRange(
            io.tern.smsc.routing.AddressPattern.parse("*"), Behaviour.FAIL, java.time.Duration.ZERO,
            1 /* GSM: unknown subscriber */, true, 0, 0, 0);

    private final List<SubscriberRange> ranges;
    private final ScheduledExecutorService timer;
    private final Random random;
    private final Map<String, Boolean> presence = new ConcurrentHashMap<>();
    private final List<Consumer<String>> presentListeners = new CopyOnWriteArrayList<>();

    public HandsetNetwork(List<SubscriberRange> ranges, ScheduledExecutorService timer, long seed) {
        this.ranges = List.copyOf(ranges);
        this.timer = timer;
        this.random = new Random(seed);
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

    /** Whether the subscriber can receive now: an explicit presence wins over its range's behaviour. */
    public boolean isPresent(String msisdn) {
        Boolean p = presence.get(msisdn);
        if (p != null) {
            return p;
        }
        return rangeOf(msisdn).behaviour() != Behaviour.ABSENT;
    }

    public void setPresent(String msisdn, boolean present) {
        Boolean before = presence.put(msisdn, present);
        boolean wasPresent = before != null ? before : rangeOf(msisdn).behaviour() != Behaviour.ABSENT;
        if (present && !wasPresent) {
            for (Consumer<String> l : presentListeners) {
                l.accept(msisdn);
            }
        }
    }

    public void onPresent(Consumer<String> listener) {
        presentListeners.add(listener);
    }

    public CompletableFuture<HandsetOutcome> deliver(String msisdn) {
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
        HandsetOutcome outcome = b == Behaviour.FAIL
                ? new HandsetOutcome.Failed(range.errorCode(), range.permanent())
                : new HandsetOutcome.Delivered();
        long latency = range.latency().toNanos();
        if (latency <= 0) {
            return CompletableFuture.completedFuture(outcome);
        }
        CompletableFuture<HandsetOutcome> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete(outcome), latency, TimeUnit.NANOSECONDS);
        return f;
    }
}
