package io.tern.smsc.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A connector's throughput cap, on a clock the test moves. */
class PacerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void sendsAreSpacedByTheRateOnceTheBurstIsUsed() {
        Pacer p = new Pacer(100, 5, now::get);
        // the first burst goes at once ...
        now.addAndGet(1_000_000_000L);
        for (int i = 0; i < 5; i++) {
            assertThat(p.reserve()).as("send %d", i).isZero();
        }
        // ... then each send waits one interval (10 ms) more than the one before
        assertThat(p.reserve()).isEqualTo(10_000_000L);
        assertThat(p.reserve()).isEqualTo(20_000_000L);
    }

    @Test
    void overASecondNoMoreThanTheRatePlusTheBurstGoes() {
        Pacer p = new Pacer(200, 20, now::get);
        int sent = 0;
        for (int i = 0; i < 1000; i++) {
            if (p.reserve() < 1_000_000_000L) {
                sent++;
            }
        }
        assertThat(sent).isBetween(200, 220);
    }

    @Test
    void unusedTimeIsNotSavedUpBeyondTheBurst() {
        Pacer p = new Pacer(10, 2, now::get);
        now.addAndGet(60_000_000_000L); // a quiet minute
        assertThat(p.reserve()).isZero();
        assertThat(p.reserve()).isZero();
        assertThat(p.reserve()).isEqualTo(100_000_000L);
    }

    @Test
    void noRateMeansNoWait() {
        Pacer p = new Pacer(0, 1, now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(p.reserve()).isZero();
        }
    }
}
