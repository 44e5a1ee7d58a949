package io.tern.smsc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    private static TernConfig config(Path dir) {
        return ConfigLoader.parse("listeners:\n  - port: 0\nstore:\n  path: " + dir + "\n", dir);
    }

    @Test
    void secondSmscOnTheSameDataDirectoryIsRefused(@TempDir Path dir) {
        try (Smsc first = Smsc.start(config(dir), Clock.systemUTC())) {
            assertThat(first.ports()).hasSize(1);

            assertThatThrownBy(() -> Smsc.start(config(dir), Clock.systemUTC()))
                    .hasMessageContaining("data directory").hasMessageContaining("in use");
        }
    }

    @Test
    void lockIsReleasedOnClose(@TempDir Path dir) {
        Smsc.start(config(dir), Clock.systemUTC()).close();

        try (Smsc again = Smsc.start(config(dir), Clock.systemUTC())) {
            assertThat(again.ports()).hasSize(1);
        }
    }
}
