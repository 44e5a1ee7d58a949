package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {

    @TempDir
    Path dir;

    /** Messages and their receipts went through a scratch Tern, whose directory is gone afterwards. */
    @Test
    void aWarmUpRunsALoadThroughAScratchStoreAndLeavesNothingBehind() throws Exception {
        WarmUp.Result r = WarmUp.run(Duration.ofSeconds(5), dir);

        assertThat(r.messages()).isPositive().isLessThanOrEqualTo(WarmUp.MESSAGES);
        assertThat(r.receipts()).isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("the scratch directory is deleted").isEmpty();
        }
    }

    @Test
    void aWarmUpNeedsAPositiveDuration() {
        assertThatThrownBy(() -> WarmUp.run(Duration.ZERO, dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--warm-up must be positive");
        assertThat(Main.run("serve", "--data", dir.resolve("data").toString(), "--port", "0", "--warm-up", "0s"))
                .isEqualTo(2);
        assertThat(dir.resolve("data")).as("refused before the data directory is touched").doesNotExist();
    }
}
