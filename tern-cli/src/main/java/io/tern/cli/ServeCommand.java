package io.tern.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tern.cli.bench.BenchCommand;
import io.tern.cli.bench.WarmUp;
import io.tern.http.TernServer;
import io.tern.smpp.pdu.BindType;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.admin.Administration;
import io.tern.smsc.config.ConfigDocument;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.IoReasons;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern serve}: runs the SMSC until SIGTERM or SIGINT, then drains gracefully and exits 0.
 * Without {@code --config} it runs on its embedded defaults: SMPP on 127.0.0.1:2775, SQLite in
 * ./tern-data, every destination delivered by the virtual handset network, and one account whose
 * password is generated on first start and printed once. With {@code --config}, {@code --data}
 * overrides the file's {@code store.path}: the packaged systemd unit keeps one configuration file
 * in /etc/tern and the data in /var/lib/tern. Without {@code --config}, and with an {@code http} key
 * in the file, it also serves HTTP (127.0.0.1:8080 by default): health checks, Prometheus metrics
 * and the HTTP API ({@link TernServer}), and prints the URL.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the SMSC.")
final class ServeCommand implements Callable<Integer> {

    static final String GENERATED_ACCOUNT_FILE = "generated-account.txt";
    static final String GENERATED_SYSTEM_ID = "tern";
    static final Path DEFAULT_DATA_DIR = Path.of("tern-data");
    /** The audit log's actor of a change made by a first start (docs/operations.md#audit-log). */
    static final String FIRST_START_ACTOR = "first-start";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see docs/configuration.md).")
    private Path configFile;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: tern-data without --config; with --config it overrides"
                    + " the file's store.path).")
    private Path dataDir;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Override the port of the first listener (0 picks a free one).")
    private Integer port;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Override the HTTP port (0 picks a free one); adds the HTTP listener if the file has none.")
    private Integer httpPort;

    @Option(names = "--warm-up", paramLabel = "DURATION", converter = BenchCommand.DurationConverter.class,
            description = "Before opening the listeners, run a load of at most this long (e.g. 10s) through a"
                    + " scratch Tern in a temporary directory, so that the first clients meet compiled code"
                    + " (docs/operations.md, \"Warm-up\"). Default: none.")
    private Duration warmUp;

    @Override
    public Integer call() throws Exception {
        if (warmUp != null && (warmUp.isNegative() || warmUp.isZero())) {
            System.err.println("tern: --warm-up must be a positive duration, e.g. 10s, was " + warmUp);
            return 2;
        }
        if (!portInRange("--port", port) || !portInRange("--http-port", httpPort)) {
            return 2;
        }
        ConfigDocument document;
        Path embeddedDataDir = dataDir != null ? dataDir : DEFAULT_DATA_DIR;
        GeneratedAccount generated = null;
        try {
            if (configFile != null) {
                document = ConfigDocument.load(configFile);
            } else {
                generated = GeneratedAccount.readOrCreate(embeddedDataDir);
                document = embeddedDefaults(generated);
            }
        } catch (ConfigException e) {
            System.err.println("tern: configuration error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("tern: cannot start: data directory " + embeddedDataDir + " is not usable: "
                    + IoReasons.of(e));
            return 1;
        }
        Path data = configFile != null ? dataDir : embeddedDataDir;
        UnaryOperator<TernConfig> overrides = c -> {
            TernConfig out = withDataDir(c, data);
            if (port != null) {
                out = withPort(out, port);
            }
            if (httpPort != null) {
                out = out.withHttp((out.http() == null ? TernConfig.Http.defaults() : out.http()).withPort(httpPort));
            }
            return out;
        };
        try {
            // logging is the file's (it is not administered at run time): set before anything logs
            LoggingSetup.apply(document.resolve().logging());
        } catch (ConfigException e) {
            System.err.println("tern: configuration error: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            System.err.println("tern: cannot start: " + e.getMessage());
            return 1;
        }
        if (warmUp != null) {
            warmUp(warmUp);
        }
        TernServer server;
        try {
            server = TernServer.start(document, overrides, Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("tern: configuration error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("tern: cannot start: " + e.getMessage());
            return 1;
        }
        TernConfig config = server.smsc().config();
        Smsc smsc = server.smsc();
        if (generated != null) {
            // Only now that this process holds the data directory's lock: a second Tern refused on a
            // live directory must not write into it.
            try {
                generated.putInForce(server);
                generated.keep(embeddedDataDir);
            } catch (IOException e) {
                server.close();
                System.err.println("tern: cannot start: data directory " + embeddedDataDir + " is not usable: "
                        + IoReasons.of(e));
                return 1;
            } catch (RuntimeException e) {
                server.close();
                System.err.println("tern: cannot start: cannot store the generated account: " + e.getMessage());
                return 1;
            }
        }
        // machine-readable for scripts and tests: which ports are open
        System.out.println("tern: listening on " + smsc.ports().get(0) + " " + smsc.ports());
        if (server.httpPort().isPresent()) {
            System.out.println("tern: http on " + config.http().host() + ":" + server.httpPort().get()
                    + " (/health/live, /health/ready, /metrics); API at " + config.http().url(server.httpPort().get())
                    + "/api/v1, admin API at /api/v1/admin");
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            stopped.countDown();
        };
        Signals.onTerminate(() -> {
            stop.run();
            System.exit(0);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.getCount() > 0) {
                stop.run();
            }
        }, "tern-shutdown"));
        stopped.await();
        return 0;
    }

    /** Whether {@code value}, if given, is a TCP port; if not, says so before anything is opened or created. */
    private static boolean portInRange(String option, Integer value) {
        if (value != null && (value < 0 || value > 65_535)) {
            System.err.println("tern: " + option + " must be 0..65535 (0 picks a free one), was " + value);
            return false;
        }
        return true;
    }

    /**
     * Runs the warm-up ({@link WarmUp}). One that fails is reported and the server starts all the
     * same, only colder.
     */
    private static void warmUp(Duration budget) {
        System.out.println("tern: warming up for at most " + budget.toSeconds() + " s through a scratch store");
        try {
            WarmUp.Result r = WarmUp.run(budget);
            System.out.printf("tern: warmed up: %,d messages and %,d receipts in %d round%s, %.1f s (%s)%n",
                    r.messages(), r.receipts(), r.rounds(), r.rounds() == 1 ? "" : "s", r.took().toMillis() / 1000.0,
                    r.settled() ? "the JIT has settled" : "time ran out before the JIT settled");
        } catch (IOException | RuntimeException e) {
            System.err.println("tern: warm-up failed, starting without it: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("tern: warm-up interrupted, starting without it");
        }
        System.out.flush();
    }

    /**
     * The configuration with the first listener's port replaced, everything else as it was
     * (connectors and connector groups included).
     */
    static TernConfig withPort(TernConfig config, int port) {
        List<TernConfig.Listener> ls = new ArrayList<>(config.listeners());
        TernConfig.Listener first = ls.get(0);
        ls.set(0, new TernConfig.Listener(first.host(), port, first.tls()));
        return config.withListeners(ls);
    }

    /** The configuration with its store in {@code dataDir} instead of its store.path, when one is given. */
    static TernConfig withDataDir(TernConfig config, Path dataDir) {
        if (dataDir == null) {
            return config;
        }
        return config.withStore(config.store().withDataDir(dataDir));
    }

    /**
     * The account of the embedded defaults: its bcrypt hash, kept in the data directory, and on first
     * start the password just generated, printed once when the hash is kept ({@link #keep}).
     */
    record GeneratedAccount(String hash, String password) {

        /** Reads the kept hash, or generates a password and its hash without writing anything yet. */
        static GeneratedAccount readOrCreate(Path dataDir) throws IOException {
            Path file = dataDir.resolve(GENERATED_ACCOUNT_FILE);
            if (Files.exists(file)) {
                return new GeneratedAccount(Files.readString(file).trim(), null);
            }
            String password = randomPassword();
            return new GeneratedAccount(AccountService.hash(password), password);
        }

        /**
         * On first start, makes the account running in {@code server} the one of this password. A first
         * start that failed after its database was seeded (its port was taken) left the account there
         * with the hash of a password never printed, and the database's accounts win over the defaults
         * from then on: without this, the password printed next would not bind.
         */
        void putInForce(TernServer server) {
            if (password == null) {
                return;
            }
            Administration admin = server.administration().orElseThrow();
            Optional<Account> running = server.smsc().config().accounts().stream()
                    .filter(a -> a.systemId().equals(GENERATED_SYSTEM_ID)).findFirst();
            if (running.isEmpty()) {
                admin.createAccount(FIRST_START_ACTOR, accountNode(hash));
            } else if (!running.get().passwordHash().equals(hash)) {
                admin.updateAccount(FIRST_START_ACTOR, GENERATED_SYSTEM_ID,
                        JsonNodeFactory.instance.objectNode().put("password_hash", hash));
            }
        }

        /** On first start, keeps the hash (0600, as the whole data directory) and prints the password once. */
        void keep(Path dataDir) throws IOException {
            if (password == null) {
                return;
            }
            Path file = dataDir.resolve(GENERATED_ACCOUNT_FILE);
            PrivateFiles.writeString(file, hash + "\n");
            System.out.println("tern: first start: created account system_id=" + GENERATED_SYSTEM_ID + " password="
                    + password + "  (printed once; only its bcrypt hash is kept in " + file + ")");
        }
    }

    /**
     * The embedded defaults, with {@code generated} as their one account and the HTTP listener on
     * 127.0.0.1:8080: a document with that account alone, everything else at its default (the data
     * directory comes from the command line).
     */
    static ConfigDocument embeddedDefaults(GeneratedAccount generated) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putArray("accounts").add(accountNode(generated.hash()));
        tree.putObject("http");
        return new ConfigDocument(tree, Path.of("."), System::getenv);
    }

    /** The embedded defaults' account: its system_id and {@code hash}, every other key at its default. */
    private static ObjectNode accountNode(String hash) {
        return JsonNodeFactory.instance.objectNode().put("system_id", GENERATED_SYSTEM_ID).put("password_hash", hash);
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
