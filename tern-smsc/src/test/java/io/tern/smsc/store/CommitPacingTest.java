package io.tern.smsc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's commit delay on a clock and a queue the test moves by hand. */
class CommitPacingTest {

    private static final long MS = 1_000_000;

    /** A clock that only moves when a wait passes, a queue whose size the test scripts per wait. */
    private static final class World {
        long now = 1_000 * MS;
        int queued;
        final List<Long> waits = new ArrayList<>();
        /** Operations that arrive during each successive wait (0 once the list is spent). */
        final List<Integer> arrivals = new ArrayList<>();

        CommitPacing pacing(Duration delay) {
            return new CommitPacing(delay, () -> now, nanos -> {
                waits.add(nanos);
                now += nanos;
                queued += waits.size() <= arrivals.size() ? arrivals.get(waits.size() - 1) : 0;
            });
        }

        /** A 1 ms delay whose last commit, just now, held {@code operations}. */
        CommitPacing afterCommitOf(int operations) {
            CommitPacing p = pacing(Duration.ofMillis(1));
            p.committed(operations);
            return p;
        }

        int gather(CommitPacing p) {
            return p.gather(() -> queued, () -> false);
        }
    }

    @Test
    void writesThatKeepArrivingWaitUntilASliceBringsNone() {
        World w = new World();
        CommitPacing p = w.afterCommitOf(8);
        w.now += MS / 10; // the next write comes 0.1 ms after the commit: a stream
        w.arrivals.addAll(List.of(5, 3, 0));
        assertThat(w.gather(p)).isEqualTo(3);
        assertThat(w.waits).containsExactly(CommitPacing.SLICE_NANOS, CommitPacing.SLICE_NANOS,
                CommitPacing.SLICE_NANOS);
        assertThat(w.queued).isEqualTo(8);
    }

    @Test
    void aWriteAfterAPauseLongerThanTheDelayDoesNotWait() {
        World w = new World();
        CommitPacing p = w.afterCommitOf(8);
        w.now += MS; // exactly the delay since the last commit
        w.arrivals.add(10);
        assertThat(w.gather(p)).isZero();
        assertThat(w.waits).isEmpty();
    }

    @Test
    void theFirstWriteEverAndAZeroDelayNeverWait() {
        World w = new World();
        w.arrivals.add(10);
        CommitPacing first = w.pacing(Duration.ofMillis(1));
        assertThat(w.gather(first)).isZero(); // nothing committed yet: no stream to measure

        CommitPacing off = w.pacing(Duration.ZERO);
        off.committed(8);
        assertThat(w.gather(off)).isZero();
        assertThat(w.waits).isEmpty();
    }

    @Test
    void aStreamThatStopsIsHeldOneSliceOnly() {
        World w = new World();
        CommitPacing p = w.afterCommitOf(8);
        w.now += MS / 5;
        assertThat(w.gather(p)).isEqualTo(1);
        assertThat(w.now - (1_000 * MS + MS / 5)).isEqualTo(CommitPacing.SLICE_NANOS);
    }

    @Test
    void afterBatchesOfOneToThreeWritesItDoesNotWait() {
        World w = new World();
        CommitPacing p = w.pacing(Duration.ofMillis(1));
        w.arrivals.add(10);
        for (int batch = 1; batch < CommitPacing.CONCURRENT; batch++) {
            p.committed(batch); // one client waiting for each answer: insert, outcome, receipt
            assertThat(w.gather(p)).isZero();
        }
        p.committed(CommitPacing.CONCURRENT);
        assertThat(w.gather(p)).isEqualTo(2);
    }

    @Test
    void stopsOnceEnoughAreQueuedOrTheDelayIsSpent() {
        World w = new World();
        CommitPacing p = w.afterCommitOf(8);
        w.arrivals.addAll(List.of(30, CommitPacing.TARGET));
        assertThat(w.gather(p)).isEqualTo(2); // the second slice filled the batch

        World slow = new World();
        CommitPacing q = slow.pacing(Duration.ofNanos(250_000));
        q.committed(8);
        slow.arrivals.addAll(List.of(1, 1, 1, 1, 1, 1));
        assertThat(slow.gather(q)).isEqualTo(3); // 100 + 100 + 50 µs: never past the delay
        assertThat(slow.waits).containsExactly(100_000L, 100_000L, 50_000L);
        assertThat(slow.queued).isEqualTo(3);

        World none = new World();
        CommitPacing r = none.afterCommitOf(8);
        none.queued = CommitPacing.TARGET - 1; // with the write taken, a full batch already
        assertThat(none.gather(r)).isZero();
    }

    @Test
    void aBatchAfterALargeOneDoesNotWait() {
        World w = new World();
        CommitPacing p = w.afterCommitOf(CommitPacing.TARGET); // full speed: the writer is the bottleneck
        w.arrivals.add(10);
        assertThat(w.gather(p)).isZero();
        p.committed(CommitPacing.TARGET - 1);
        assertThat(w.gather(p)).isEqualTo(2);
    }

    @Test
    void aClosingWriterDoesNotWait() {
        World w = new World();
        CommitPacing p = w.afterCommitOf(8);
        w.arrivals.add(10);
        assertThat(p.gather(() -> w.queued, () -> true)).isZero();
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new CommitPacing(Duration.ofMillis(-1), System::nanoTime, n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
