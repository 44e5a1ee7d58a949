package io.tern.cli;

import io.tern.smpp.pdu.BindType;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern serve}: runs the SMSC until SIGTERM or SIGINT, then drains gracefully and exits 0.
 * Without {@code --config} it runs on its embedded defaults: SMPP on 127.0.0.1:2775, SQLite in
 * ./tern-data, every destination delivered by the virtual handset network, and one account whose
 * password is generated on first start and printed once.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the SMSC.")
final class ServeCommand implements Callable<Integer> {

    static final String GENERATED_ACCOUNT_FILE = "generated-account.txt";
    static final String GENERATED_SYSTEM_ID = "tern";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see docs/configuration.md).")
    private Path configFile;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "tern-data",
            description = "Data directory when running without --config (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Override the port of the first listener (0 picks a free one).")
    private Integer port;

    @Override
    public Integer call() throws Exception {
        TernConfig config;
        try {
            config = configFile != null ? ConfigLoader.load(configFile) : embeddedDefaults(dataDir);
        } catch (ConfigException e) {
            System.err.println("tern: configuration error: " + e.getMessage());
            return 2;
        }
        if (port != null) {
            config = withPort(config, port);
        }
        Smsc smsc;
        try {
            smsc = Smsc.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            System.err.println("tern: cannot start: " + e.getMessage());
            return 1;
        }
        // machine-readable for scripts and tests: which ports are open
        System.out.println("tern: listening on " + smsc.ports().get(0) + " " + smsc.ports());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            smsc.close();
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

    /**
     * The configuration with the first listener's port replaced, everything else as it was
     * (connectors and connector groups included: a copy through the constructor without them
     * would start no connector and leave every message routed to one waiting in the store).
     */
    static TernConfig withPort(TernConfig config, int port) {
        List<TernConfig.Listener> ls = new ArrayList<>(config.listeners());
        TernConfig.Listener first = ls.get(0);
        ls.set(0, new TernConfig.Listener(first.host(), port, first.tls()));
        return config.withListeners(ls);
    }

    /** The embedded defaults, with the generated account (created and printed on first start). */
    static TernConfig embeddedDefaults(Path dataDir) throws IOException {
        TernConfig base = ConfigLoader.defaults(dataDir);
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(GENERATED_ACCOUNT_FILE);
        String hash;
        if (Files.exists(file)) {
            hash = Files.readString(file).trim();
        } else {
            String password = randomPassword();
            hash = AccountService.hash(password);
            Files.writeString(file, hash + "\n");
            System.out.println("tern: first start: created account system_id=" + GENERATED_SYSTEM_ID + " password="
                    + password + "  (printed once; only its bcrypt hash is kept in " + file + ")");
        }
        Account account = new Account(GENERATED_SYSTEM_ID, hash, EnumSet.allOf(BindType.class), 8, null, List.of(),
                List.of(), false, null, List.of(), base.delivery().defaultValidity(), base.delivery().maxValidity(),
                Duration.ZERO);
        return new TernConfig(base.listeners(), base.smpp(), base.store(), List.of(account), base.routes(),
                base.distributionLists(), base.delivery(), base.handsets());
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
