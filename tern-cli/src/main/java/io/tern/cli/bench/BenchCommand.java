package io.tern.cli.bench;

import io.tern.cli.VersionProvider;
import io.tern.smpp.pdu.BindType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern bench}: a windowed SMPP 3.4 load generator for any SMSC. Prints progress to stderr
 * each second, a report and one {@code SUMMARY} line to stdout; exits 0 when every message was
 * answered (and, with {@code --dlr}, every accepted one got its receipt), 1 otherwise.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "SMPP load generator: submit_sm over N windowed sessions, latency, receipts.")
public final class BenchCommand implements Callable<Integer> {

    /** The environment variable the password is taken from when no option gives one. */
    public static final String PASSWORD_ENV = "TERN_BENCH_PASSWORD";

    private final Map<String, String> environment;

    public BenchCommand() {
        this(System.getenv());
    }

    /** With another environment than the process's (tests). */
    BenchCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The bind types a bench session can submit on. */
    enum Bind { tx, trx }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "SMSC host (default: ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", defaultValue = "2775", description = "SMSC port (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--system-id", required = true, description = "system_id to bind with")
    String systemId;
    @Option(names = "--password", description = "password to bind with (visible to other users in the process"
            + " list: prefer --password-file or " + PASSWORD_ENV + ")")
    String password;
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the password from the first line of FILE")
    Path passwordFile;
    @Option(names = "--bind", defaultValue = "trx", description = "tx or trx (default: ${DEFAULT-VALUE})")
    Bind bind;
    @Option(names = "--sessions", defaultValue = "1", description = "submitting sessions (default: ${DEFAULT-VALUE})")
    int sessions;
    @Option(names = "--rx-sessions", defaultValue = "0",
            description = "extra bind_receiver sessions for receipts (default: ${DEFAULT-VALUE})")
    int rxSessions;
    @Option(names = "--window", defaultValue = "10",
            description = "outstanding submit_sm per session (default: ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--messages", defaultValue = "10000", description = "messages to send (default: ${DEFAULT-VALUE})")
    long messages;
    @Option(names = "--rate", defaultValue = "0",
            description = "submit_sm per second over all sessions, 0 = unlimited (default: ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--dlr", description = "request receipts (registered_delivery=1) and wait for them")
    boolean dlr;
    @Option(names = "--tls", description = "connect with TLS, trusting any certificate (testing only)")
    boolean tls;
    @Option(names = "--text", defaultValue = "Tern bench message",
            description = "message text (default: ${DEFAULT-VALUE})")
    String text;
    @Option(names = "--ucs2", description = "encode as UCS-2 (data_coding 8) instead of GSM 7-bit")
    boolean ucs2;
    @Option(names = "--long", defaultValue = "1", paramLabel = "N",
            description = "N-part concatenated messages with a UDH: N submit_sm per message (default: ${DEFAULT-VALUE})")
    int parts;
    @Option(names = "--source", defaultValue = "4479000000", description = "source_addr (default: ${DEFAULT-VALUE})")
    String source;
    @Option(names = "--dest-prefix", defaultValue = "4470000",
            description = "destination = prefix + message counter (default: ${DEFAULT-VALUE})")
    String destPrefix;
    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "response timeout, e.g. 500ms, 30s (default: ${DEFAULT-VALUE})")
    Duration timeout;
    @Option(names = "--receipt-wait", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long to wait for missing receipts at the end (default: ${DEFAULT-VALUE})")
    Duration receiptWait;
    @Option(names = "--max-duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "hard bound on the run (default: ${DEFAULT-VALUE})")
    Duration maxDuration;
    @Option(names = "--warm-up", defaultValue = "0s", converter = DurationConverter.class,
            description = "leave requests sent in this first stretch out of the latency percentiles, e.g. 5s"
                    + " (they are still sent, answered and counted; default: ${DEFAULT-VALUE})")
    Duration warmUp;
    @Option(names = "--cpu-pid", defaultValue = "0", paramLabel = "PID",
            description = "report this process's CPU time per message (Linux /proc)")
    long cpuPid;

    @Override
    public Integer call() throws InterruptedException {
        BenchConfig config;
        try {
            config = new BenchConfig(host, port, systemId, password(),
                    bind == Bind.tx ? BindType.TRANSMITTER : BindType.TRANSCEIVER, sessions, rxSessions, window,
                    messages, rate, dlr, tls, text, ucs2, parts, source, destPrefix, timeout, receiptWait,
                    maxDuration, warmUp);
            new MessageFactory(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            BenchResult result = new LoadGenerator(config, cpuPid, System.err).run();
            result.print(System.out);
            System.out.flush();
            return result.complete() ? 0 : 1;
        } catch (BenchException e) {
            System.err.println("tern bench: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The password to bind with: {@code --password}, else the first line of {@code --password-file},
     * else {@value #PASSWORD_ENV}, else empty (some SMSCs accept that).
     */
    String password() {
        if (password != null && passwordFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give --password or --password-file, not both");
        }
        if (password != null) {
            return password;
        }
        if (passwordFile != null) {
            try {
                return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--password-file: cannot read " + passwordFile + ": " + e.getMessage());
            }
        }
        return environment.getOrDefault(PASSWORD_ENV, "");
    }

    /** "500ms", "30s", "10m", "1h" or an ISO-8601 duration. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                } else if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                } else if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                } else if (v.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value
                        + "' (use e.g. 500ms, 30s, 10m)");
            }
        }
    }
}
