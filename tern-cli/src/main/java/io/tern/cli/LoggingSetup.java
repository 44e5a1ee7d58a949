package io.tern.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.tern.smsc.config.TernConfig;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code logging} key (docs/configuration.md): the level, text or JSON lines (logback's
 * own {@link JsonEncoder}, one object a line), and either standard error or a file rotated by size
 * and by day, the rotated files gzip-compressed and kept {@code max_days}. Without the key the
 * packaged logback.xml stays in force.
 */
final class LoggingSetup {

    /** The text layout of the packaged logback.xml. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX, UTC} %-5level [%thread] %logger{0} - %msg%n";

    private LoggingSetup() {
    }

    /**
     * Replaces the root logger's appenders as {@code logging} says.
     *
     * @throws IllegalStateException if the log file cannot be opened
     */
    static void apply(TernConfig.Logging logging) {
        if (logging == null) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> appender = logging.file() == null
                ? console(context, encoder(context, logging.format()))
                : rollingFile(context, logging, encoder(context, logging.format()));
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> old = it.next();
            root.detachAppender(old);
            old.stop();
        }
        root.addAppender(appender);
        root.setLevel(Level.toLevel(logging.level(), Level.INFO));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, TernConfig.Logging.Format format) {
        if (format == TernConfig.Logging.Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // the message as read, not its {} template and arguments; no logger context block per line
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.setWithNanoseconds(false);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    private static Appender<ILoggingEvent> console(LoggerContext context, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        return console;
    }

    private static Appender<ILoggingEvent> rollingFile(LoggerContext context, TernConfig.Logging logging,
            Encoder<ILoggingEvent> encoder) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(logging.file().toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(logging.file() + ".%d{yyyy-MM-dd, UTC}.%i.gz");
        policy.setMaxFileSize(new FileSize(logging.maxFileSize()));
        policy.setMaxHistory(logging.maxDays());
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder);
        file.start();
        if (!file.isStarted()) {
            throw new IllegalStateException("cannot open the log file " + logging.file());
        }
        return file;
    }
}
