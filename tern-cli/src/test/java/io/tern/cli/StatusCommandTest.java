package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code tern status} against a real running server, and against one that has stopped. */
class StatusCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int status(Clock clock) {
        StatusCommand cmd = new StatusCommand();
        cmd.clock = clock;
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(cmd).execute("--data", dir.resolve("data").toString());
    }

    @Test
    void showsTheConnectorsOfARunningServerAndSaysWhenItHasStopped() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        String hash = BCrypt.withDefaults().hashToString(4, "pw".toCharArray());
        String yaml = """
                listeners: [{host: 127.0.0.1, port: 0}]
                store: {path: '%s'}
                accounts: [{system_id: alice, password_hash: '%s'}]
                connectors:
                  - {name: carrier-a, host: 127.0.0.1, port: %d, system_id: tern, password: pw,
                     reconnect: {min: 100ms, max: 200ms}}
                  - {name: carrier-off, host: 127.0.0.1, port: %d, system_id: tern, password: pw, enabled: false}
                routes: [{destination: '44*', target: 'connector:carrier-a'}]
                """.formatted(dir.resolve("data"), hash, deadPort, deadPort);
        Smsc smsc = Smsc.start(ConfigLoader.parse(yaml, dir), Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                out.reset();
                err.reset();
                return status(Clock.systemUTC()) == 0
                        && out.toString(StandardCharsets.UTF_8).contains("last error: bind failed");
            });
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("tern: running, pid " + ProcessHandle.current().pid());
            assertThat(printed).contains("carrier-a -> 127.0.0.1:" + deadPort + " (trx): 0/1 bound");
            assertThat(printed).contains("submitted 0, accepted 0");
            assertThat(printed).as("the bind error stands while no bind succeeds").containsPattern(
                    "last error: bind failed.* \\(at [^,]+, not cleared\\)");
            assertThat(printed).as("a disabled connector is listed, not left out")
                    .contains("carrier-off -> 127.0.0.1:" + deadPort + " (trx): DISABLED");
            assertThat(printed).doesNotContain("pw,").doesNotContain("password");
        } finally {
            smsc.close();
        }

        Instant later = Instant.now().plus(Duration.ofMinutes(1));
        err.reset();
        assertThat(status(Clock.fixed(later, ZoneOffset.UTC))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Tern is not running on");
        assertThat(Files.getPosixFilePermissions(dir.resolve("data").resolve("status.json")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void listsTheBoundSessionsWithTheirBindAndAddressRange() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "pw".toCharArray());
        String yaml = """
                listeners: [{host: 127.0.0.1, port: 0}]
                store: {path: '%s'}
                accounts: [{system_id: alice, password_hash: '%s'}]
                routes: [{destination: '*', target: sim}]
                """.formatted(dir.resolve("data"), hash);
        Smsc smsc = Smsc.start(ConfigLoader.parse(yaml, dir), Clock.systemUTC());
        int port = smsc.ports().get(0);
        SmppClientConfig plain = SmppClientConfig.of("127.0.0.1", port, "alice", "pw", BindType.RECEIVER);
        try (SmppClient rx = new SmppClient(plain.withAddressRange(1, 1, "^4477"), (session, request) -> null, SessionListener.NONE);
                SmppClient tx = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "alice", "pw",
                        BindType.TRANSMITTER).withInterfaceVersion(0x33), (session, request) -> null, SessionListener.NONE)) {
            rx.connect().get(10, TimeUnit.SECONDS);
            tx.connect().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                out.reset();
                return status(Clock.systemUTC()) == 0 && out.toString(StandardCharsets.UTF_8).contains(", 2 bound sessions");
            });
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("bound sessions:");
            assertThat(printed).containsPattern("alice +receiver from /127\\.0\\.0\\.1:\\d+, SMPP 3\\.4, 0 in flight,"
                    + " address_range \\^4477");
            assertThat(printed).containsPattern("alice +transmitter from /127\\.0\\.0\\.1:\\d+, SMPP 3\\.3, 0 in flight\\R");
        } finally {
            smsc.close();
        }
    }

    @Test
    void showsTheNodesOfAClusterFromTheStatusFile() throws Exception {
        Instant now = Instant.parse("2026-12-07T02:00:00Z");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("status.json"), """
                {"written_at": "2026-12-07T01:59:59Z", "pid": 42, "ports": [2775], "bound_sessions": 3,
                 "pending_by_target": {}, "connectors": [],
                 "nodes": [
                   {"node_id": "node-a", "alive": true, "started_at": "2026-12-07T01:00:00Z",
                    "last_seen": "2026-12-07T01:59:58Z", "sessions": 3, "in_flight": 120},
                   {"node_id": "node-b", "alive": false, "started_at": "2026-12-07T00:30:00Z",
                    "last_seen": "2026-12-07T01:40:00Z", "sessions": 1, "in_flight": 0}]}
                """);

        assertThat(status(Clock.fixed(now, ZoneOffset.UTC))).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nodes sharing the store:")
                .containsPattern("node-a +alive, 3 sessions, 120 deliveries in flight")
                .containsPattern("node-b +DEAD \\(no heartbeat\\), 1 sessions");
    }

    @Test
    void aDirectoryWhereTernNeverRanSaysSo() {
        assertThat(status(Clock.systemUTC())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Tern has not run with this data directory");
    }
}
