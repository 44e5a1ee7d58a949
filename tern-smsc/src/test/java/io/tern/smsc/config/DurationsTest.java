package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void formatsInTheLargestExactUnitWhatParseReadsBack() {
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        for (String s : new String[] {"7d", "6h", "36h", "90m", "45s", "1500ms", "0s"}) {
            assertThat(Durations.format(Durations.parse("k", s))).isEqualTo(s);
        }
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> Durations.parse("store.retention", "PT6H")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("500ms, 30s, 5m, 72h or 7d");
        assertThatThrownBy(() -> Durations.parse("k", "6w")).hasMessageContaining("unknown unit 'w'");
    }
}
