package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.sim.Reply;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code cdr} key and the {@code handsets} mapping with its seed and replies. */
class RecordsConfigTest {

    static final Path BASE = Path.of("/etc/tern");

    static TernConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, BASE);
    }

    @Test
    void withoutTheCdrKeyNoRecordsAreWritten() {
        assertThat(parse("accounts: []").cdr()).isNull();
    }

    @Test
    void anEmptyCdrKeyTakesTheDefaultsBesideTheConfiguration() {
        TernConfig.Cdr cdr = parse("cdr: {}").cdr();

        assertThat(cdr.directory()).isEqualTo(BASE.resolve("cdr"));
        assertThat(cdr.maxFileSize()).isEqualTo(100L << 20);
        assertThat(cdr.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(cdr.batch()).isEqualTo(1000);
        assertThat(cdr.interval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void cdrSettingsAreRead() {
        TernConfig.Cdr cdr = parse("cdr: {path: /var/lib/tern/cdr, max_file_size: 64MiB, retention: 90d}").cdr();

        assertThat(cdr.directory()).isEqualTo(Path.of("/var/lib/tern/cdr"));
        assertThat(cdr.maxFileSize()).isEqualTo(64L << 20);
        assertThat(cdr.retention()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void badCdrValuesNameTheirKey() {
        assertThatThrownBy(() -> parse("cdr: {retention: 12h}")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cdr.retention: must be at least 1d");
        assertThatThrownBy(() -> parse("cdr: {max_file_size: 10}")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cdr.max_file_size:");
        assertThatThrownBy(() -> parse("cdr: {rotate: daily}")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cdr.rotate: unknown key");
    }

    @Test
    void handsetsAsAMappingCarryTheSeedAndTheRangesWithTheirReplies() {
        TernConfig c = parse("""
                handsets:
                  seed: 42
                  ranges:
                    - {numbers: '4477*', reply: {text: STOP, percent: 0.5}}
                    - {numbers: '4478*'}
                """);

        assertThat(c.handsetSeed()).isEqualTo(42L);
        assertThat(c.handsets()).hasSize(2);
        assertThat(c.handsets().get(0).reply()).isEqualTo(new Reply("STOP", 0.5));
        assertThat(c.handsets().get(1).reply()).isNull();
    }

    @Test
    void handsetsAsAListStillWorkWithoutASeed() {
        TernConfig c = parse("handsets: [{numbers: '44*', reply: {text: 'YES'}}]");

        assertThat(c.handsetSeed()).isNull();
        assertThat(c.handsets().get(0).reply()).isEqualTo(new Reply("YES", 100));
    }

    @Test
    void badRepliesNameTheirKey() {
        assertThatThrownBy(() -> parse("handsets: [{numbers: '44*', reply: {text: STOP, percent: 150}}]"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("handsets[0].reply.percent:");
        assertThatThrownBy(() -> parse("handsets: [{numbers: '44*', reply: {percent: 1}}]"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("handsets[0].reply.text: is required");
        assertThatThrownBy(() -> parse("handsets: {seed: 1, ranges: [{numbers: '44*', reply: {text: ''}}]}"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("handsets.ranges[0].reply.text:");
        assertThatThrownBy(() -> parse("handsets: {sede: 1}")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("handsets.sede: unknown key");
    }
}
