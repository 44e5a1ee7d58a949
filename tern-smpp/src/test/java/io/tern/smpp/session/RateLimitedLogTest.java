package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A refusal repeated by a flood costs one line per interval: the first event in full, then a
 * count of the others when the interval ends.
 */
class RateLimitedLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("test.RateLimitedLogTest");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private RateLimitedLog log;

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
        log = new RateLimitedLog(logger, "connections refused", Duration.ofSeconds(10), now::get, (task, delay) -> {
            scheduled.add(task);
            delays.add(delay);
        });
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    private List<String> logged() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void runScheduled() {
        List<Runnable> due = new ArrayList<>(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void theFirstEventIsLoggedAndTheRestOfTheIntervalCountedInOneLine() {
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(1_000_000);
            log.warn("refused {}", i);
        }
        assertThat(logged()).containsExactly("refused 0");
        assertThat(delays).singleElement().as("the summary is due when the interval ends")
                .isEqualTo(Duration.ofSeconds(10).toNanos() - 1_000_000);

        now.set(1_000 + Duration.ofSeconds(10).toNanos());
        runScheduled();
        assertThat(logged()).containsExactly("refused 0", "999 more connections refused in the last 10s");
    }

    @Test
    void aContinuingFloodGetsACountPerIntervalAndAQuietIntervalNone() {
        log.warn("refused {}", 0);
        for (int interval = 1; interval <= 3; interval++) {
            for (int i = 0; i < 100; i++) {
                log.warn("refused {}", i);
            }
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            runScheduled();
        }
        assertThat(logged()).containsExactly("refused 0", "100 more connections refused in the last 10s",
                "100 more connections refused in the last 10s", "100 more connections refused in the last 10s");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        runScheduled();
        log.warn("refused {}", 7);
        assertThat(logged()).as("after a quiet interval an event is logged in full again").hasSize(5)
                .last().isEqualTo("refused 7");
    }
}
