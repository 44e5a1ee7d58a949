package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.admin.AdminStore;
import io.tern.smsc.admin.AuditEntry;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.SqliteStoreConfig;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tern export} over a real SQLite store: the CSV read back, and every bad input answered clearly. */
class ExportCommandTest {

    static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    Path config;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void storeWithMessages() throws Exception {
        config = dir.resolve("tern.yaml");
        String hash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "pw".toCharArray());
        Files.writeString(config, """
                store: {path: data}
                accounts:
                  - {system_id: alice, password_hash: '%1$s'}
                  - {system_id: bob, password_hash: '%1$s'}
                routes: [{destination: '*', target: sim}]
                """.formatted(hash));
        Files.createDirectories(dir.resolve("data"));
        try (MessageStore store = new SqliteMessageStore(new SqliteStoreConfig(dir.resolve("data").resolve("tern.db"),
                100, 100, 1), Clock.fixed(DAY, ZoneOffset.UTC))) {
            insert(store, "before", "alice", DAY.minusSeconds(1), "");
            insert(store, "delivered", "alice", DAY.plusSeconds(10), "");
            insert(store, "failed", "alice", DAY.plus(Duration.ofHours(5)), "a,\"b\"");
            insert(store, "waiting", "alice", DAY.plus(Duration.ofHours(6)), "");
            insert(store, "bobs", "bob", DAY.plus(Duration.ofHours(7)), "");
            insert(store, "after", "alice", DAY.plus(Duration.ofDays(1)), "");
            store.recordAttempt("delivered", new Attempt.Delivered(DAY.plusSeconds(11))).get(30, TimeUnit.SECONDS);
            store.recordAttempt("failed", new Attempt.FailedPermanent(DAY.plus(Duration.ofHours(5)).plusSeconds(2), 11))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    static void insert(MessageStore store, String id, String owner, Instant submitted, String serviceType)
            throws Exception {
        store.insert(StoredMessage.submitted(id, owner, new StoredAddress(1, 1, "5550100"), new StoredAddress(1, 1, "447700900001"),
                serviceType, 0, 0, 0, 0, 1, "hello".getBytes(StandardCharsets.US_ASCII), new byte[0], null, "sim",
                submitted, null, submitted.plus(Duration.ofDays(2)), null)).get(30, TimeUnit.SECONDS);
    }

    int export(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return exportWithout(all);
    }

    /** {@code tern export} with these arguments alone (no --config). */
    int exportWithout(List<String> args) {
        ExportCommand cmd = new ExportCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(cmd).execute(args.toArray(new String[0]));
    }

    @Test
    void writesTheMessagesOfThePeriodAndAccountWithTheirOutcomesToAFile() throws Exception {
        Path csv = dir.resolve("out.csv");

        int code = export("--from", "2026-12-01", "--to", "2026-12-02", "--account", "alice", "--output", csv.toString());

        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(io.tern.smsc.cdr.CsvExport.HEADER);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).isEqualTo("delivered,alice,5550100,447700900001,,1,sim,,,2026-12-01T00:00:10Z,,"
                + "2026-12-03T00:00:10Z,DELIVERED,2026-12-01T00:00:11Z,1,0,PENDING");
        assertThat(lines.get(2)).isEqualTo("failed,alice,5550100,447700900001,\"a,\"\"b\"\"\",1,sim,,,"
                + "2026-12-01T05:00:00Z,,2026-12-03T05:00:00Z,UNDELIVERABLE,2026-12-01T05:00:02Z,1,11,PENDING");
        assertThat(lines.get(3)).startsWith("waiting,alice,").contains(",ENROUTE,,0,0,NONE");
        assertThat(err.toString()).contains("exported 3 messages");
        assertThat(Files.exists(dir.resolve("out.csv.tmp"))).isFalse();
    }

    @Test
    void writesEveryAccountToStandardOutputWithoutOptions() {
        int code = export("--from", "2026-12-01T00:00", "--to", "2026-12-01T07:00:00Z");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1).map(l -> l.substring(0, l.indexOf(','))))
                .containsExactly("delivered", "failed", "waiting");
    }

    @Test
    void timesWithAnOffsetAreUnderstood() {
        int code = export("--from", "2026-12-01T08:00:00+01:00", "--to", "2026-12-01T09:00:00+01:00");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1)).singleElement().asString().startsWith("bobs,");
    }

    @Test
    void aBadDateIsNamedWithItsOption() {
        assertThat(export("--from", "2026-13-01", "--to", "2026-12-02")).isEqualTo(2);
        assertThat(err.toString()).contains("--from: '2026-13-01' is not a time");
        assertThat(out.size()).isZero();
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefused() {
        assertThat(export("--from", "2026-12-02", "--to", "2026-12-01")).isEqualTo(2);
        assertThat(err.toString()).contains("--from (2026-12-02T00:00:00Z) must be before --to (2026-12-01T00:00:00Z)");
    }

    @Test
    void anUnknownAccountIsRefusedWithTheKnownOnes() {
        assertThat(export("--from", "2026-12-01", "--to", "2026-12-02", "--account", "mallory")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown account 'mallory'").contains("alice, bob");
    }

    @Test
    void anAccountOnlyInTheDatabasesConfigurationIsKnown() throws Exception {
        // made with tern admin after the first start: the database's accounts are the ones in force
        AdminStore.open(ConfigLoader.load(config).store()).commit(1,
                "{\"accounts\": [{\"system_id\": \"carol\", \"password_hash\": \"x\"}]}",
                new AuditEntry(0, DAY, "alice-ops", "account.create", "carol", null, null, 1));
        try (MessageStore store = new SqliteMessageStore(new SqliteStoreConfig(dir.resolve("data").resolve("tern.db"),
                100, 100, 1), Clock.fixed(DAY, ZoneOffset.UTC))) {
            insert(store, "carols", "carol", DAY.plus(Duration.ofHours(8)), "");
        }

        for (String source : List.of("--config", "--data")) {
            out.reset();
            List<String> args = new ArrayList<>(source.equals("--config") ? List.of("--config", config.toString())
                    : List.of("--data", dir.resolve("data").toString()));
            args.addAll(List.of("--from", "2026-12-01", "--to", "2026-12-02", "--account", "carol"));

            int code = exportWithout(args);

            assertThat(code).as("%s: %s", source, err).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1)).singleElement().asString()
                    .startsWith("carols,carol,");
        }
    }

    @Test
    void aDataDirectoryWithoutAStoreIsAClearError() {
        assertThat(export("--from", "2026-12-01", "--to", "2026-12-02", "--data", dir.resolve("empty").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no message store in").contains("empty");
    }
}
