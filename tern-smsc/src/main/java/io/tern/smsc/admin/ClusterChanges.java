package io.tern.smsc.admin;

import io.tern.smsc.logging.RateLimitedLog;
import io.tern.smsc.optout.SuppressionList;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this node up to date with changes made through another node sharing the database
 * (docs/scaling.md#changes-across-nodes): the managed configuration (admin API changes) and the
 * suppression lists (opt-out), which each node holds in memory. {@link #poll} is called on every
 * cluster heartbeat ({@code SharedStore.onHeartbeat}); it costs two small queries when nothing
 * changed, so a change made on one node is in force on the others within one heartbeat.
 */
public final class ClusterChanges {

    private static final Logger log = LoggerFactory.getLogger(ClusterChanges.class);
    static final String SUPPRESSIONS = "suppressions";

    private final Administration admin;
    private final SuppressionList suppressions;
    private final Supplier<Collection<String>> accounts;
    private final RateLimitedLog failures = RateLimitedLog.of(log);
    /** The suppression counter whose lists this node holds; -1 reads them again at the first poll. */
    private long suppressionsSeen = -1;

    /** @param accounts the system_ids whose suppression lists this node holds (the accounts in force) */
    public ClusterChanges(Administration admin, SuppressionList suppressions, Supplier<Collection<String>> accounts) {
        this.admin = admin;
        this.suppressions = suppressions;
        this.accounts = accounts;
    }

    /** Adopts what changed since the last poll; a failure is logged and the next poll tries again. */
    public synchronized void poll() {
        try {
            admin.refresh();
            long counter = admin.changeCounter(SUPPRESSIONS);
            if (counter >= 0 && counter != suppressionsSeen) {
                suppressions.reload(accounts.get()).get(1, TimeUnit.MINUTES);
                suppressionsSeen = counter;
            }
            failures.report();
        } catch (Exception e) {
            failures.warn("cluster changes", "cannot read the changes other nodes made (the next heartbeat tries"
                    + " again): " + e, null);
        }
    }
}
