package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.store.MessageStoreFactory;
import io.tern.smsc.store.StoreConfig;
import io.tern.smsc.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code store} section: SQLite by default, PostgreSQL with its connection keys. */
class StoreConfigTest {

    private static TernConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, Path.of("."), Map.of("PGPASS", "s3cret", "PGUSER", "tern")::get);
    }

    @Test
    void sqliteIsTheDefault() {
        StoreConfig s = parse("store:\n  path: data\n").store();

        assertThat(s.type()).isEqualTo("sqlite");
        assertThat(s.url()).isNull();
        assertThat(s.dataDir()).isEqualTo(Path.of(".").resolve("data"));
    }

    @Test
    void postgresqlTakesUrlUserPasswordFromTheEnvironmentAndPoolSize() {
        StoreConfig s = parse("store:\n  type: postgresql\n  url: jdbc:postgresql://db:5432/tern\n"
                + "  user: ${PGUSER}\n  password: ${PGPASS}\n  pool_size: 12\n").store();

        assertThat(s.type()).isEqualTo("postgresql");
        assertThat(s.url()).isEqualTo("jdbc:postgresql://db:5432/tern");
        assertThat(s.user()).isEqualTo("tern");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.poolSize()).isEqualTo(12);
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void postgresqlDefaultsToEightConnections() {
        assertThat(parse("store:\n  type: postgresql\n  url: jdbc:postgresql://db/tern\n").store().poolSize())
                .isEqualTo(8);
    }

    @Test
    void postgresqlPartitionsByDayUnlessTold() {
        assertThat(parse("store:\n  type: postgresql\n  url: jdbc:postgresql://db/tern\n").store().partition())
                .isEqualTo(StoreConfig.Partition.DAY);
        assertThat(parse("store:\n  type: postgresql\n  url: jdbc:postgresql://db/tern\n  partition: month\n")
                .store().partition()).isEqualTo(StoreConfig.Partition.MONTH);
        assertThatThrownBy(() -> parse("store:\n  type: postgresql\n  url: jdbc:postgresql://db/tern\n"
                + "  partition: year\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.partition: must be one of [day, week, month]");
        assertThatThrownBy(() -> parse("store:\n  partition: week\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.partition: is for type postgresql only");
    }

    @Test
    void theCommitDelayIsOffUnlessToldAndAppliesToBothStores() {
        assertThat(parse("store:\n  path: data\n").store().commitDelay()).isZero();
        assertThat(ConfigLoader.defaults(Path.of("d")).store().commitDelay()).isZero();
        assertThat(parse("store:\n  commit_delay: 1ms\n").store().commitDelay()).isEqualTo(Duration.ofMillis(1));
        assertThat(parse("store:\n  type: postgresql\n  url: jdbc:postgresql://db/tern\n  commit_delay: 5ms\n")
                .store().commitDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(parse("store:\n  commit_delay: 2ms\n").store().withDataDir(Path.of("e")).commitDelay())
                .isEqualTo(Duration.ofMillis(2));
        assertThatThrownBy(() -> parse("store:\n  commit_delay: 1s\n")).isInstanceOf(ConfigException.class)
                .hasMessage("store.commit_delay: must be between 0ms and 50ms, was 1000ms");
        assertThatThrownBy(() -> parse("store:\n  commit_delay: soon\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.commit_delay:");
    }

    @Test
    void mistakesNameTheirKey() {
        assertThatThrownBy(() -> parse("store:\n  type: mysql\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.type:");
        assertThatThrownBy(() -> parse("store:\n  type: postgresql\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.url:");
        assertThatThrownBy(() -> parse("store:\n  type: postgresql\n  url: jdbc:mysql://x/y\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("store.url:");
        assertThatThrownBy(() -> parse("store:\n  url: jdbc:postgresql://x/y\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.url: is for type postgresql only");
        assertThatThrownBy(() -> parse("store:\n  type: postgresql\n  url: jdbc:postgresql://x/y\n"
                + "  password: ${NOPE}\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.password:").hasMessageContaining("NOPE");
        assertThatThrownBy(() -> parse("store:\n  type: postgresql\n  url: jdbc:postgresql://x/y\n  pool_size: 1\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("store.pool_size:");
    }

    @Test
    void nodeIdIsATopLevelKeyDefaultingToTheHostName() {
        assertThat(parse("node_id: tern-1\n").store().nodeId()).isEqualTo("tern-1");
        StoreConfig unset = parse("store: {path: data}\n").store();
        assertThat(unset.nodeId()).isNull();
        assertThat(unset.nodeIdOrDefault()).matches("[A-Za-z0-9._-]{1,63}");
        assertThatThrownBy(() -> parse("node_id: 'two words'\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("node_id:");
    }

    @Test
    void aStoreTypeWhoseModuleIsMissingIsAClearError() {
        StoreConfig s = parse("store:\n  type: postgresql\n  url: jdbc:postgresql://db/tern\n").store();

        assertThatThrownBy(() -> MessageStoreFactory.openConfigured(s, Clock.systemUTC()))
                .isInstanceOf(StoreException.class).hasMessageContaining("tern-store-postgres");
    }
}
