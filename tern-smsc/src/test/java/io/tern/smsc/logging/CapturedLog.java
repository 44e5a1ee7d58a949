package io.tern.smsc.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines a logger writes during a test, captured in memory (Logback's ListAppender). */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final boolean additive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        previous = logger.getLevel();
        additive = logger.isAdditive();
        logger.setLevel(Level.INFO);
        // Kept out of the console: a test that drives thousands of failures would print them all.
        logger.setAdditive(false);
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures what {@code source}'s logger writes at INFO and above until closed. */
    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(source);
    }

    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** Events at WARN or ERROR. */
    public List<ILoggingEvent> problems() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        logger.setAdditive(additive);
    }
}
