package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once forwarding through an upstream connector under SIGKILL (issue 10): {@code tern
 * serve} in a child JVM forwards an ESME's submit_sm (registered_delivery=1) to an upstream SMSC in
 * this JVM and is killed at random moments under load, 10 times (see {@link ConnectorCrashHarness}).
 * No acknowledged message may be lost or left unforwarded, and every one must get its receipt at
 * the ESME; duplicates at the upstream and at the ESME are counted and printed, not failed (a kill
 * between the upstream's acceptance and the commit of its id makes Tern forward again: at least
 * once, by design). Bounded as {@link CrashTest} is: the child runs with C1 only and serial GC, a
 * few hundred acknowledgements per cycle, short retry and scan intervals. The seed is printed;
 * rerun with {@code -Dtern.crash.seed=N}.
 */
class ConnectorCrashTest {

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void sigkillWhileForwardingLosesNoAcknowledgedMessageNorReceipt(@TempDir Path work) throws Exception {
        long seed = Long.getLong("tern.crash.seed", System.currentTimeMillis());
        ConnectorCrashHarness.Params params = new ConnectorCrashHarness.Params(seed, 10, 100, 300, 50,
                Duration.ofSeconds(30));

        ConnectorCrashHarness.Result r = new ConnectorCrashHarness(params, work, System.out).run();

        System.out.println("connector-crash: " + r.line());
        assertThat(r.acknowledged()).as("acknowledged").isGreaterThanOrEqualTo(10L * 100);
        assertThat(r.lost()).as("lost (acknowledged, then unknown to query_sm after a restart)").isZero();
        assertThat(r.idReuse()).as("message_id given to two messages").isZero();
        assertThat(r.notForwarded()).as("acknowledged but never received by the upstream").isZero();
        assertThat(r.upstreamOwed()).as("upstream receipts Tern never answered ESME_ROK").isZero();
        assertThat(r.receiptsMissing()).as("acknowledged, registered_delivery=1, no receipt at the ESME").isZero();
        assertThat(r.notDelivered()).as("receipts at the ESME not saying DELIVRD").isZero();
    }
}
