package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {

    @TempDir
    Path dir;

    /** Messages and their receipts went through a scratch Tern, whose directory is gone afterwards. */
    @Test
    void aWarmUpRunsALoadThroughAScratchStoreAndLeavesNothingBehind() throws Exception {
        WarmUp.Result r = WarmUp.run(Duration.ofSeconds(5), dir, WarmUp.JitClock.OF_THIS_JVM, 2_000);

        assertThat(r.messages()).isPositive().isLessThanOrEqualTo(2_000L * r.rounds());
        assertThat(r.receipts()).isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("the scratch directories are deleted").isEmpty();
        }
    }

    /** Rounds go on while the JIT compiles, each through a scratch store of its own, and stop once it is quiet. */
    @Test
    void roundsRunUntilTheJitHasSettled() throws Exception {
        // compiling for a minute in each of the first two rounds, then nothing
        AtomicInteger reads = new AtomicInteger();
        WarmUp.JitClock jit = () -> (Math.min(reads.getAndIncrement(), 4) + 1) / 2 * 60_000L; // 0, 1, 1, 2, 2, 2 min

        WarmUp.Result r = WarmUp.run(Duration.ofSeconds(60), dir, jit, 1_000);

        assertThat(r.settled()).isTrue();
        assertThat(r.rounds()).isEqualTo(3);
        assertThat(r.messages()).isEqualTo(3_000);
        assertThat(r.receipts()).isEqualTo(3_000);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    /** A JIT that never settles, or cannot be read, leaves the rounds to the time given. */
    @Test
    void withoutASettledJitTheRoundsRunUntilTheTimeIsUp() throws Exception {
        AtomicLong busy = new AtomicLong();
        for (WarmUp.JitClock jit : List.<WarmUp.JitClock>of(() -> busy.addAndGet(60_000), () -> -1)) {
            long started = System.nanoTime();
            WarmUp.Result r = WarmUp.run(Duration.ofSeconds(2), dir, jit, 500);

            assertThat(r.settled()).isFalse();
            // a round of 500 takes well under a second: the rounds went on until the time was up
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(r.messages()).isPositive();
        }
    }

    @Test
    void aWarmUpNeedsAPositiveDuration() {
        assertThatThrownBy(() -> WarmUp.run(Duration.ZERO, dir, WarmUp.JitClock.OF_THIS_JVM, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--warm-up must be positive");
        assertThat(Main.run("serve", "--data", dir.resolve("data").toString(), "--port", "0", "--warm-up", "0s"))
                .isEqualTo(2);
        assertThat(dir.resolve("data")).as("refused before the data directory is touched").doesNotExist();
    }
}
