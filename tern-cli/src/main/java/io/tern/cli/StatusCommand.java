package io.tern.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints what a running Tern is doing: its sessions, the messages waiting per target, and each
 * upstream connector's state, read from the {@code status.json} the server rewrites every two
 * seconds in its data directory.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a running Tern's sessions, queues and upstream connectors.")
final class StatusCommand implements Callable<Integer> {

    /** A status older than this means the server is not running (it rewrites it every 2 s). */
    static final Duration STALE = Duration.ofSeconds(10);

    @Option(names = "--config", paramLabel = "FILE", description = "The server's configuration (its data directory is read).")
    private Path configFile;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "tern-data",
            description = "The server's data directory when no --config is given (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    Clock clock = Clock.systemUTC();
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Path dir;
        try {
            dir = configFile != null ? ConfigLoader.load(configFile).store().dataDir() : dataDir;
        } catch (ConfigException e) {
            err.println("tern: configuration error: " + e.getMessage());
            return 2;
        }
        JsonNode status;
        try {
            status = new ObjectMapper().readTree(Files.readAllBytes(dir.resolve("status.json")));
        } catch (NoSuchFileException e) {
            err.println("tern: no status in " + dir + ": Tern has not run with this data directory");
            return 1;
        } catch (IOException e) {
            err.println("tern: cannot read the status in " + dir + ": " + e.getMessage());
            return 1;
        }
        Instant written = Instant.parse(status.path("written_at").asText());
        Duration age = Duration.between(written, clock.instant());
        if (age.compareTo(STALE) > 0) {
            err.println("tern: Tern is not running on " + dir + " (its status was last written " + age.toSeconds()
                    + " s ago, by pid " + status.path("pid").asLong() + ")");
            return 1;
        }
        print(status);
        return 0;
    }

    private void print(JsonNode s) {
        out.printf("tern: running, pid %d, ports %s, %d bound sessions (status of %s)%n", s.path("pid").asLong(),
                s.path("ports"), s.path("bound_sessions").asInt(), s.path("written_at").asText());
        JsonNode ss = s.path("sessions");
        if (!ss.isEmpty()) {
            out.println("bound sessions:");
            for (JsonNode x : ss) {
                String range = x.path("address_range").asText("");
                out.printf("  %-16s %-3s from %s, SMPP %s, %d in flight%s%n", x.path("system_id").asText(),
                        x.path("bind").asText(), x.path("remote").asText(), x.path("interface_version").asText(),
                        x.path("window_in_use").asInt(), range.isEmpty() ? "" : ", address_range " + range);
            }
            int more = s.path("bound_sessions").asInt() - ss.size();
            if (more > 0) {
                out.printf("  ... and %d more%n", more);
            }
        }
        out.println("waiting messages by target:");
        if (s.path("pending_by_target").isEmpty()) {
            out.println("  none");
        }
        s.path("pending_by_target").fields().forEachRemaining(e ->
                out.printf("  %-30s %d%n", e.getKey(), e.getValue().asLong()));
        JsonNode cs = s.path("connectors");
        out.println("connectors:" + (cs.isEmpty() ? " none configured" : ""));
        for (JsonNode c : cs) {
            if (!c.path("enabled").asBoolean(true)) {
                out.printf("  %s -> %s (%s): DISABLED (not bound; messages routed to it wait), queued %d%n",
                        c.path("name").asText(), c.path("upstream").asText(), c.path("bind").asText(),
                        c.path("queued").asLong());
                continue;
            }
            out.printf("  %s -> %s (%s): %d/%d bound, window %d/%d, throughput cap %s%s%n", c.path("name").asText(),
                    c.path("upstream").asText(), c.path("bind").asText(), c.path("bound").asInt(),
                    c.path("sessions").asInt(), c.path("window_in_use").asInt(), c.path("window_size").asInt(),
                    c.path("throughput").asInt() == 0 ? "none" : c.path("throughput").asInt() + "/s",
                    c.path("paused").asBoolean() ? ", PAUSED after throttling" : "");
            out.printf("    submitted %d, accepted %d, refused %d, failed %d, throttled %d, timed out %d%n",
                    c.path("submitted").asLong(), c.path("forwarded").asLong(), c.path("refused").asLong(),
                    c.path("failed").asLong(), c.path("throttled").asLong(), c.path("timeouts").asLong());
            out.printf("    receipts %d (unmatched %d, matched in memory %d; %d forwards awaiting one in memory),"
                    + " mobile-originated %d, queued %d%n", c.path("receipts").asLong(),
                    c.path("unmatched_receipts").asLong(), c.path("receipts_matched_in_memory").asLong(),
                    c.path("awaiting_receipt_in_memory").asLong(), c.path("mobile_originated").asLong(),
                    c.path("queued").asLong());
            if (!c.path("last_error").asText().isEmpty()) {
                String cleared = c.path("last_error_cleared_at").asText("");
                out.printf("    last error: %s (at %s, %s)%n", c.path("last_error").asText(),
                        c.path("last_error_at").asText(),
                        cleared.isEmpty() || cleared.equals("null") ? "not cleared" : "cleared at " + cleared
                                + ": healthy since");
            }
        }
        JsonNode ns = s.path("nodes");
        if (!ns.isEmpty()) {
            // a store shared by several nodes (PostgreSQL): every node, as this one last read them
            out.println("nodes sharing the store:");
            for (JsonNode n : ns) {
                out.printf("  %-20s %s, %d sessions, %d deliveries in flight, up since %s, last seen %s%n",
                        n.path("node_id").asText(), n.path("alive").asBoolean() ? "alive" : "DEAD (no heartbeat)",
                        n.path("sessions").asInt(), n.path("in_flight").asInt(), n.path("started_at").asText(),
                        n.path("last_seen").asText());
            }
        }
    }
}
