package io.tern.smsc.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    private final SteppedClock clock = new SteppedClock();
    private final CapturedLog captured = CapturedLog.of(RateLimitedLogTest.class);
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), clock,
            Duration.ofSeconds(10));

    @AfterEach
    void detach() {
        captured.close();
    }

    private static Exception diskFull() {
        return new RuntimeException("transaction not committed", new SQLException("[SQLITE_FULL] database or disk is full"));
    }

    @Test
    void aFailureRepeatedThousandsOfTimesIsOneLineWithTraceThenOneSummaryPerInterval() {
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 100; i++) {
                log.warn("store commit failed", "store commit of 12 operations failed", diskFull());
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(captured.events()).hasSize(3);
        ILoggingEvent first = captured.events().get(0);
        assertThat(first.getFormattedMessage()).isEqualTo("store commit of 12 operations failed");
        assertThat(first.getThrowableProxy()).as("the first occurrence keeps its stack trace").isNotNull();
        assertThat(captured.events().subList(1, 3)).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        assertThat(captured.messages().get(1))
                .isEqualTo("store commit failed: 1,000 more times in the last 10 s, latest: store commit of 12 operations failed");
        assertThat(captured.messages().get(2)).startsWith("store commit failed: 1,000 more times in the last 10 s");
        assertThat(log.pending()).isEqualTo(999);
    }

    @Test
    void flushReportsABurstThatStoppedOnceItsIntervalIsOver() {
        for (int i = 0; i < 5; i++) {
            log.warn("claim failed", "claiming messages of sim failed", diskFull());
        }
        log.flush();
        assertThat(captured.events()).hasSize(1);

        clock.advance(Duration.ofSeconds(10));
        log.flush();
        log.flush();

        assertThat(captured.messages()).containsExactly("claiming messages of sim failed",
                "claim failed: 4 more times in the last 10 s, latest: claiming messages of sim failed");
    }

    @Test
    void distinctFailuresAreEachLoggedOnce() {
        log.warn("claim failed", "claiming messages of sim failed", diskFull());
        log.warn("claim failed", "claiming messages of sim failed", new IOException("disk on fire"));
        log.warn("record failed", "recording the outcome of m1 failed", diskFull());
        log.warn("record failed", "recording the outcome of m2 failed", diskFull());

        assertThat(captured.messages()).containsExactly("claiming messages of sim failed",
                "claiming messages of sim failed", "recording the outcome of m1 failed");
    }

    @Test
    void reportWritesTheCountAtOnceAndAFailureThatFlapsStaysCounted() {
        log.error("commit failed", "store cannot commit", diskFull());
        log.error("commit failed", "store commit of 3 operations failed", diskFull());
        clock.advance(Duration.ofSeconds(1));
        log.report();
        assertThat(captured.messages()).last().isEqualTo(
                "commit failed: 1 more times in the last 1 s, latest: store commit of 3 operations failed");

        // the cause came back within the interval: counted, no second stack trace
        clock.advance(Duration.ofSeconds(1));
        log.error("commit failed", "store cannot commit", diskFull());
        assertThat(captured.events()).hasSize(2);
        assertThat(log.pending()).isEqualTo(1);
    }

    @Test
    void aFailureAfterAWholeQuietIntervalIsANewIncidentLoggedInFull() {
        log.warn("record failed", "recording the outcome of m1 failed", diskFull());
        clock.advance(Duration.ofMinutes(5));

        log.warn("record failed", "recording the outcome of m3 failed", diskFull());

        assertThat(captured.events()).hasSize(2).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull());
        assertThat(captured.messages()).last().isEqualTo("recording the outcome of m3 failed");
    }

    @Test
    void manyDistinctFailuresKeepTheMemoryBoundedAndLoseNoCount() {
        for (int i = 0; i < RateLimitedLog.MAX_KINDS * 3; i++) {
            log.warn("kind " + i, "failure " + i, null);
            log.warn("kind " + i, "failure " + i + " again", null);
        }
        log.report();

        assertThat(captured.messages()).hasSize(RateLimitedLog.MAX_KINDS * 3 * 2);
        assertThat(captured.messages()).filteredOn(m -> m.contains("1 more times")).hasSize(RateLimitedLog.MAX_KINDS * 3);
    }

    /** A clock the test moves by hand. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
