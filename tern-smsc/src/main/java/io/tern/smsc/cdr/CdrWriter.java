package io.tern.smsc.cdr;

import io.tern.smsc.config.TernConfig;
import io.tern.smsc.logging.RateLimitedLog;
import io.tern.smsc.store.FinalOutcome;
import io.tern.smsc.store.MessageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call detail records (docs/operations.md#call-detail-records) on a thread of its own: takes
 * a batch of final outcomes from the store's outbox, appends their records to the CDR file, syncs it,
 * and only then removes them from the outbox. A crash between the sync and the removal writes those
 * records again on restart (at least once, the message id tells repeats apart); nothing committed
 * final is ever skipped, because the outbox row is written in the transaction that made the message
 * final. The SMPP path only pays for the outbox row; reading, formatting and writing happen here.
 */
public final class CdrWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdrWriter.class);

    /** Between the sync of a batch and its removal from the outbox: where a crash repeats records. */
    interface Hook {
        Hook NONE = () -> {
        };

        void synced() throws IOException;
    }

    private final MessageStore store;
    private final CdrFiles files;
    private final int batch;
    private final long intervalMillis;
    private final Hook afterSync;
    private final Thread thread;
    private final RateLimitedLog failures = RateLimitedLog.of(log);
    private final Object wakeUp = new Object();
    private volatile boolean closing;
    private volatile long written;

    private CdrWriter(MessageStore store, CdrFiles files, TernConfig.Cdr config, Hook afterSync) {
        this.store = store;
        this.files = files;
        this.batch = config.batch();
        this.intervalMillis = config.interval().toMillis();
        this.afterSync = afterSync;
        this.thread = new Thread(this::run, "tern-cdr");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the CDR directory and starts writing. The store's outbox must already be kept
     * ({@link MessageStore#keepFinalOutcomes}).
     *
     * @throws IOException if the directory cannot be created or its files read
     */
    public static CdrWriter start(MessageStore store, TernConfig.Cdr config, Clock clock) throws IOException {
        return start(store, config, clock, Hook.NONE);
    }

    static CdrWriter start(MessageStore store, TernConfig.Cdr config, Clock clock, Hook afterSync) throws IOException {
        int days = (int) Math.max(1, config.retention().toDays());
        CdrWriter w = new CdrWriter(store, CdrFiles.open(config.directory(), config.maxFileSize(), days, clock), config,
                afterSync);
        w.thread.start();
        return w;
    }

    /** Records written since start (repeats after a crash included). */
    public long written() {
        return written;
    }

    /** A hint that outcomes may be waiting: the writer looks now rather than after its interval. */
    public void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void run() {
        while (!closing) {
            int n;
            try {
                n = writeBatch();
            } catch (Exception e) {
                failures.warn("cdr write failed", "call detail records not written, retrying: " + e, null);
                n = 0;
            }
            if (n < batch) {
                synchronized (wakeUp) {
                    if (!closing) {
                        try {
                            wakeUp.wait(intervalMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** One batch: read, append, sync, then remove from the outbox. How many were written. */
    private int writeBatch() throws Exception {
        List<FinalOutcome> outcomes = store.finalOutcomes(batch).get(1, TimeUnit.MINUTES);
        if (outcomes.isEmpty()) {
            return 0;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream(outcomes.size() * 320);
        List<Long> seqs = new ArrayList<>(outcomes.size());
        for (FinalOutcome o : outcomes) {
            CdrLine.write(o.record(), lines);
            seqs.add(o.seq());
        }
        files.append(lines.toByteArray());
        afterSync.synced();
        store.finalOutcomesWritten(seqs).get(1, TimeUnit.MINUTES);
        written += outcomes.size();
        return outcomes.size();
    }

    /** Stops after the batch in hand; what is still in the outbox is written after the next start. */
    @Override
    public void close() {
        closing = true;
        wake();
        try {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            files.close();
        } catch (IOException e) {
            log.warn("closing the CDR file failed: {}", e.toString());
        }
    }
}
