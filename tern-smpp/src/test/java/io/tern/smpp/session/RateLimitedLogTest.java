package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A refusal repeated by a flood costs one log line per interval, which says how many it stands for. */
class RateLimitedLogTest {

    @Test
    void oneLinePerIntervalCountingTheEventsNotLogged() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.RateLimitedLogTest");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong now = new AtomicLong(1_000);
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);

        for (int i = 0; i < 1000; i++) {
            log.warn("refused {}", i);
        }
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        log.warn("refused {}", 1000);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("refused 0 (0 more like it not logged since the previous line)");

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.warn("refused {}", 1001);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "refused 0 (0 more like it not logged since the previous line)",
                "refused 1001 (1000 more like it not logged since the previous line)");
        logger.detachAppender(lines);
    }
}
