package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md, promise 1 under SIGKILL: {@code tern serve} in a child JVM is killed at random
 * moments under a windowed submit load, 20 times; no acknowledged message may be lost, every one
 * must be delivered at least once, and its delivery receipt must reach the submitter (see
 * {@link CrashHarness}). The seed is printed; rerun with
 * {@code -Dtern.crash.seed=N} to repeat the same kill points (as far as timing allows).
 */
class CrashTest {

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void sigkillUnderLoadLosesNoAcknowledgedMessage(@TempDir Path work) throws Exception {
        long seed = Long.getLong("tern.crash.seed", System.currentTimeMillis());
        CrashHarness.Params params = new CrashHarness.Params(seed, 20, 200, 1_000, 50, Duration.ofSeconds(90),
                true);

        CrashHarness.Result r = new CrashHarness(params, work, System.out).run();

        System.out.println("crash: " + r.line());
        assertThat(r.acknowledged()).as("acknowledged").isGreaterThanOrEqualTo(20L * 200);
        assertThat(r.lost()).as("lost (acknowledged, then unknown to query_sm after a restart)").isZero();
        assertThat(r.found()).as("found").isEqualTo(r.acknowledged());
        assertThat(r.idReuse()).as("message_id given to two messages").isZero();
        assertThat(r.delivered()).as("DELIVERED at the end").isEqualTo(r.acknowledged());
        assertThat(r.neverSeen()).as("acknowledged but never received by the sink").isZero();
        assertThat(r.receiptsMissing()).as("acknowledged, registered_delivery=1, no receipt").isZero();
    }
}
