package io.tern.cli;

import io.tern.http.api.ApiKeys;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tern apikey create|list|revoke}: the API keys (bearer tokens) of the HTTP API, kept hashed
 * in the data directory ({@link ApiKeys}); a running Tern picks up a change within a second.
 */
@Command(name = "apikey", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Create, list or revoke API keys of the HTTP API kept in this node's data directory"
                + " (works while the server is stopped).", "Keys valid on every node of a cluster are made over the"
                + " admin API: tern admin account api-key create ID."},
        subcommands = {ApikeyCommand.Create.class, ApikeyCommand.ListKeys.class, ApikeyCommand.Revoke.class})
final class ApikeyCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** What a subcommand does, which may fail on the configuration file or the key file. */
    interface Action {
        int run() throws IOException;
    }

    /** Runs {@code action}, turning a bad configuration (exit 2) or an unreadable key file (exit 1) into one line. */
    static int guarded(Action action) {
        try {
            return action.run();
        } catch (ConfigException e) {
            System.err.println("tern apikey: configuration error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("tern apikey: " + e.getMessage());
            return 1;
        }
    }

    /** Where the keys are: the data directory of {@code --data}, else of {@code --config}'s store.path, else tern-data. */
    static final class Where {
        @Option(names = "--config", paramLabel = "FILE", description = "The server's configuration (for its data directory and accounts).")
        Path config;

        @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory (default: tern-data, or the file's store.path).")
        Path data;

        Path dataDir(TernConfig c) {
            return data != null ? data : c != null ? c.store().dataDir() : ServeCommand.DEFAULT_DATA_DIR;
        }

        TernConfig load() {
            return config == null ? null : ConfigLoader.load(config);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a key for an account and print its token once.")
    static final class Create implements Callable<Integer> {
        @ArgGroup(exclusive = false)
        Where where = new Where();

        @Option(names = "--account", required = true, paramLabel = "SYSTEM_ID", description = "The account the key acts as.")
        String account;

        @Option(names = "--label", paramLabel = "TEXT", description = "What the key is for (shown by list).")
        String label;

        @Override
        public Integer call() {
            return guarded(() -> {
                TernConfig c = where.load();
                Path dir = where.dataDir(c);
                Set<String> accounts = NamesInForce.of(c == null ? ConfigLoader.defaults(dir)
                        : ServeCommand.withDataDir(c, where.data)).accounts();
                if (!accounts.contains(account)) {
                    System.err.println("tern apikey: no account '" + account + "' (known: " + String.join(", ", accounts)
                            + ")");
                    return 2;
                }
                if (!Files.isDirectory(dir)) {
                    System.err.println("tern apikey: data directory " + dir + " does not exist (start tern serve once, or pass --data)");
                    return 2;
                }
                ApiKeys.Created k = ApiKeys.create(dir, account, label, Instant.now());
                System.out.println("tern: API key " + k.key().id() + " for account " + account
                        + " (printed once; only its SHA-256 is kept in " + dir.resolve(ApiKeys.FILE) + "):");
                System.out.println(k.token());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (ids, accounts, dates, labels; never tokens).")
    static final class ListKeys implements Callable<Integer> {
        @ArgGroup(exclusive = false)
        Where where = new Where();

        @Override
        public Integer call() {
            return guarded(() -> {
                Path dir = where.dataDir(where.load());
                java.util.List<TernConfig.ApiKey> keys = ApiKeys.list(dir);
                // columns as wide as their longest value, so that they line up whatever the ids and dates
                int id = "ID".length();
                int account = "ACCOUNT".length();
                int created = "CREATED".length();
                for (TernConfig.ApiKey k : keys) {
                    id = Math.max(id, String.valueOf(k.id()).length());
                    account = Math.max(account, String.valueOf(k.systemId()).length());
                    created = Math.max(created, String.valueOf(k.created()).length());
                }
                String row = "%-" + id + "s  %-" + account + "s  %-" + created + "s  %s%n";
                System.out.printf(row, "ID", "ACCOUNT", "CREATED", "LABEL");
                for (TernConfig.ApiKey k : keys) {
                    System.out.printf(row, k.id(), k.systemId(), k.created(), k.label() == null ? "" : k.label());
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id (a running Tern refuses it within a second).")
    static final class Revoke implements Callable<Integer> {
        @ArgGroup(exclusive = false)
        Where where = new Where();

        @Parameters(paramLabel = "ID", description = "The key's id, as list shows it.")
        String id;

        @Override
        public Integer call() {
            return guarded(() -> {
                Path dir = where.dataDir(where.load());
                if (!ApiKeys.revoke(dir, id)) {
                    System.err.println("tern apikey: no key with id '" + id + "' in " + dir.resolve(ApiKeys.FILE));
                    return 2;
                }
                System.out.println("tern: API key " + id + " revoked");
                return 0;
            });
        }
    }
}
