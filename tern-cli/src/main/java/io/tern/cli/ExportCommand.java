package io.tern.cli;

import io.tern.smsc.cdr.CsvExport;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.sim.RoutedMobileOriginated;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.MessageStoreFactory;
import io.tern.smsc.store.StoreConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern export}: the messages submitted in a period, with their outcomes, as CSV from the
 * store (SQLite or PostgreSQL), streamed a row at a time ({@link CsvExport}). It reads the store
 * while Tern runs, or after it stopped.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the messages submitted in a period, with their outcomes, as CSV.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "First submission time included: 2026-12-01 (midnight UTC), 2026-12-01T10:00 (UTC) or"
                    + " 2026-12-01T10:00:00+01:00.")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "TIME",
            description = "Submission time where the period ends, not included (same forms as --from).")
    private String to;

    @Option(names = "--account", paramLabel = "SYSTEM_ID", description = "Only this account's messages.")
    private String account;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path output;

    @Option(names = "--config", paramLabel = "FILE", description = "The server's configuration (its store is read).")
    private Path configFile;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data directory (default: tern-data without --config; with --config it overrides the"
                    + " file's store.path).")
    private Path dataDir;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Instant start;
        Instant end;
        try {
            start = time("--from", from);
            end = time("--to", to);
        } catch (IllegalArgumentException e) {
            err.println("tern: " + e.getMessage());
            return 2;
        }
        if (!start.isBefore(end)) {
            err.println("tern: --from (" + start + ") must be before --to (" + end + ")");
            return 2;
        }
        TernConfig config;
        try {
            config = configFile != null
                    ? ServeCommand.withDataDir(ConfigLoader.load(configFile), dataDir)
                    : ConfigLoader.defaults(dataDir != null ? dataDir : ServeCommand.DEFAULT_DATA_DIR);
        } catch (ConfigException e) {
            err.println("tern: configuration error: " + e.getMessage());
            return 2;
        }
        if (StoreConfig.SQLITE.equals(config.store().type())
                && !Files.exists(config.store().dataDir().resolve("tern.db"))) {
            err.println("tern: no message store in " + config.store().dataDir() + ": Tern has not run with this data"
                    + " directory");
            return 1;
        }
        if (account != null) {
            Set<String> owners;
            try {
                owners = owners(config);
            } catch (RuntimeException e) {
                err.println("tern: cannot read the message store: " + rootMessage(e));
                return 1;
            }
            if (!owners.contains(account)) {
                err.println("tern: unknown account '" + account + "' (known: " + String.join(", ", owners) + ")");
                return 2;
            }
        }
        try (MessageStore store = MessageStoreFactory.openConfigured(config.store(), Clock.systemUTC())) {
            long rows = output == null ? export(store, start, end, out) : exportToFile(store, start, end);
            err.println("tern: exported " + rows + (rows == 1 ? " message" : " messages") + " submitted from " + start + " to " + end
                    + (account != null ? " by " + account : "") + (output != null ? " to " + output : ""));
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("tern: cannot write " + (output != null ? output : "the export") + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("tern: cannot read the message store: " + rootMessage(e));
            return 1;
        }
    }

    /** Into a temporary file beside {@code output}, renamed when complete: a failed export leaves no half file. */
    private long exportToFile(MessageStore store, Instant start, Instant end) throws IOException {
        Path target = output.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (PrintStream file = new PrintStream(Files.newOutputStream(tmp), false, StandardCharsets.UTF_8)) {
            long rows = export(store, start, end, file);
            if (file.checkError()) {
                throw new IOException("write failed (disk full?)");
            }
            file.close();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return rows;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private long export(MessageStore store, Instant start, Instant end, PrintStream sink) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 64 * 1024);
        long rows;
        try {
            rows = CsvExport.write(store, start, end, account, w).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
        w.flush();
        return rows;
    }

    /** Who may own messages: the accounts in force, the handset network, the connectors (their MO). */
    private static Set<String> owners(TernConfig config) {
        NamesInForce names = NamesInForce.of(config);
        Set<String> owners = new TreeSet<>(names.accounts());
        owners.add(RoutedMobileOriginated.OWNER);
        for (String connector : names.connectors()) {
            owners.add(new RouteTarget.Connector(connector).key());
        }
        return owners;
    }

    /** A time as an option gives it: a date (midnight UTC), a date and time (UTC), or one with its offset. */
    static Instant time(String option, String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a time (use 2026-12-01,"
                    + " 2026-12-01T10:00 or 2026-12-01T10:00:00Z)");
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
