package io.tern.smsc.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The lockout's window and duration, on an injected clock. */
class BindLockoutTest {

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final InetAddress here = InetAddress.getLoopbackAddress();

    private Clock clock() {
        return new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        BindLockout l = new BindLockout(3, Duration.ofMinutes(5), Duration.ofMinutes(5), clock());
        assertThat(l.failed("a", here)).isFalse();
        assertThat(l.failed("a", here)).isFalse();
        now = now.plus(Duration.ofMinutes(5));
        assertThat(l.failed("a", here)).as("the first two are out of the window").isFalse();
        assertThat(l.lockedOut("a", here)).isFalse();
        assertThat(l.failed("a", here)).isFalse();
        assertThat(l.failed("a", here)).as("the third within 5 minutes starts the lockout, once").isTrue();
        assertThat(l.failed("a", here)).isFalse();
        assertThat(l.lockedOut("a", here)).isTrue();
    }

    @Test
    void aSuccessForgetsTheFailures() {
        BindLockout l = new BindLockout(2, Duration.ofMinutes(5), Duration.ofMinutes(5), clock());
        l.failed("a", here);
        l.succeeded("a", here);
        assertThat(l.failed("a", here)).isFalse();
        assertThat(l.lockedOut("a", here)).isFalse();
    }

    @Test
    void expiredPairsAreDroppedSoVaryingSystemIdsDoNotGrowItWithoutEnd() {
        BindLockout l = new BindLockout(10, Duration.ofMinutes(5), Duration.ofMinutes(5), clock());
        for (int i = 0; i < 1000; i++) {
            l.failed("guess" + i, here);
        }
        now = now.plus(Duration.ofMinutes(6));
        for (int i = 0; i < 100; i++) {
            l.failed("later" + i, here);
        }
        assertThat(l.tracked()).isLessThanOrEqualTo(100);
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new BindLockout(0, Duration.ofMinutes(5), Duration.ofMinutes(5), clock()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> new BindLockout(1, Duration.ZERO, Duration.ofMinutes(5), clock()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }
}
