package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tern.http.TernServer;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tern serve} says when it cannot start: one line naming what is wrong and where, no
 * stack trace, a non-zero exit; and where its data goes when both {@code --config} and {@code --data}
 * are given.
 */
class ServeStartupTest {

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path dir;

    /** A configuration on a free port with its store in {@code storePath}. */
    private Path config(String storePath) throws Exception {
        return Files.writeString(dir.resolve("tern.yaml"),
                "listeners:\n  - {host: 127.0.0.1, port: 0}\nstore:\n  path: " + storePath + "\n");
    }

    /** Its stderr is one "tern: cannot start: ..." line: a user sees the reason, not a stack trace. */
    private String theOneErrorLine() {
        assertThat(output.err()).doesNotContain("Exception", "\tat ");
        return output.err().lines().filter(l -> l.startsWith("tern: ")).reduce((a, b) -> {
            throw new AssertionError("more than one line: " + a + " / " + b);
        }).orElseThrow(() -> new AssertionError("no tern: line in " + output.err()));
    }

    @Test
    void dataOverridesTheStorePathOfTheConfigurationFile() throws Exception {
        TernConfig fromFile = ConfigLoader.load(config("from-file"));

        TernConfig effective = ServeCommand.withDataDir(fromFile, dir.resolve("from-option"));

        assertThat(fromFile.store().dataDir()).isEqualTo(dir.resolve("from-file"));
        assertThat(effective.store().dataDir()).isEqualTo(dir.resolve("from-option"));
        assertThat(effective.store().retention()).isEqualTo(fromFile.store().retention());
        assertThat(ServeCommand.withDataDir(fromFile, null)).isSameAs(fromFile);
    }

    @Test
    void withConfigADataDirectoryThatCannotBeCreatedIsNamedAndTheFilesStoreIsLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path data = file.resolve("data");

        int code = Main.run("serve", "--config", config("from-file").toString(), "--data", data.toString());

        assertThat(code).isEqualTo(1);
        assertThat(theOneErrorLine()).isEqualTo("tern: cannot start: cannot create data directory " + data
                + ": a file is in the way");
        assertThat(dir.resolve("from-file")).doesNotExist();
    }

    @Test
    void withoutConfigADataDirectoryThatCannotBeCreatedIsNamedWithoutAStackTrace() throws Exception {
        Path data = Files.writeString(dir.resolve("a-file"), "").resolve("data");

        int code = Main.run("serve", "--data", data.toString(), "--port", "0", "--http-port", "0");

        assertThat(code).isEqualTo(1);
        assertThat(theOneErrorLine()).isEqualTo("tern: cannot start: cannot create data directory " + data
                + ": a file is in the way");
    }

    @Test
    void aReadOnlyDataDirectoryIsNamedWithTheReason() throws Exception {
        // root writes into a read-only directory anyway; the package test covers this as the tern user
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        Path data = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));

        int code = Main.run("serve", "--config", config("x").toString(), "--data", data.toString());

        assertThat(code).isEqualTo(1);
        assertThat(theOneErrorLine()).isEqualTo("tern: cannot start: cannot lock data directory " + data
                + ": cannot open tern.lock: permission denied");
    }

    @Test
    void aPortOutOfRangeIsNamedWithItsOptionBeforeTheDataDirectoryIsMade() {
        Path data = dir.resolve("data");

        int code = Main.run("serve", "--data", data.toString(), "--port", "0", "--http-port", "70000");

        assertThat(code).isEqualTo(2);
        assertThat(theOneErrorLine()).isEqualTo("tern: --http-port must be 0..65535 (0 picks a free one), was 70000");
        assertThat(data).doesNotExist();
    }

    @Test
    void aPortInUseIsNamedWithItsHost() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            int code = Main.run("serve", "--data", dir.resolve("data").toString(), "--port", Integer.toString(port),
                    "--http-port", "0");

            assertThat(code).isEqualTo(1);
            assertThat(theOneErrorLine()).startsWith("tern: cannot start: ")
                    .contains("cannot listen on 127.0.0.1:" + port + ": ").contains("Address already in use");
        }
    }

    @Test
    void aFirstStartAfterOneThatFailedPrintsAPasswordThatBinds() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // the store is opened, and seeded with the generated account, before the port turns out taken
            assertThat(Main.run("serve", "--data", data.toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--http-port", "0")).isEqualTo(1);
        }
        assertThat(output.out()).doesNotContain("password=");
        output.reset();

        // the next start, as ServeCommand runs it: a new password, the server, the password put in force, kept, printed
        ServeCommand.GeneratedAccount generated = ServeCommand.GeneratedAccount.readOrCreate(data);
        try (TernServer server = TernServer.start(ServeCommand.embeddedDefaults(generated),
                c -> ServeCommand.withPort(ServeCommand.withDataDir(c, data), 0).withHttp(c.http().withPort(0)),
                Clock.systemUTC())) {
            generated.putInForce(server);
            generated.keep(data);
            Matcher printed = Pattern.compile("created account system_id=tern password=(\\S+)").matcher(output.out());
            assertThat(printed.find()).as(output.out()).isTrue();

            int code = Main.run("bench", "--port", Integer.toString(server.smsc().ports().get(0)), "--system-id", "tern",
                    "--password", printed.group(1), "--messages", "5");

            assertThat(code).as(output.err()).isZero();
            assertThat(output.out()).contains("SUMMARY sent=5 ok=5");
            assertThat(server.administration().orElseThrow().audit(1, Long.MAX_VALUE)).singleElement()
                    .satisfies(e -> assertThat(e.actor()).isEqualTo(ServeCommand.FIRST_START_ACTOR));
        }
    }

    @Test
    void aDataFileThatIsNotSqliteIsCalledDamaged() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        byte[] garbage = new byte[8192];
        new Random(42).nextBytes(garbage);
        Files.write(data.resolve("tern.db"), garbage);

        int code = Main.run("serve", "--config", config("x").toString(), "--data", data.toString());

        assertThat(code).isEqualTo(1);
        assertThat(theOneErrorLine()).isEqualTo("tern: cannot start: the database file "
                + data.resolve("tern.db").toAbsolutePath() + " is damaged or not a SQLite database");
    }

    @Test
    void aDatabaseWithADamagedHeaderIsCalledDamaged() throws Exception {
        Path data = dir.resolve("data");
        // a real store first: start and stop one, then overwrite the page size and format octets of its header
        try (Smsc smsc = Smsc.start(ServeCommand.withDataDir(ConfigLoader.load(config("x")), data),
                Clock.systemUTC())) {
            assertThat(smsc.ports()).hasSize(1);
        }
        Path db = data.resolve("tern.db");
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 9, 9}), 16);
        }

        int code = Main.run("serve", "--config", config("x").toString(), "--data", data.toString());

        assertThat(code).isEqualTo(1);
        assertThat(theOneErrorLine()).isEqualTo("tern: cannot start: the database file " + db.toAbsolutePath()
                + " is damaged or not a SQLite database");
    }
}
