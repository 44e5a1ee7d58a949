package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tern.smsc.delivery.QueueManager;
import io.tern.smsc.logging.CapturedLog;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.StoreFaults;
import io.tern.smsc.submit.SubmissionService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk through real sockets (issue 15, defects 1 and 2): submits are answered ESME_RMSGQFUL
 * (retry later) while the store cannot commit, the log says so in a few lines, and once space is
 * back submits, deliveries and receipts flow again without a restart, every acknowledged message
 * included. The disk fills by SQLite's max_page_count on the store's writer (StoreFaults).
 */
class DiskFullTest {

    private static final String SRC = "12345";
    private static final String BODY = "x".repeat(140);

    @TempDir
    Path dir;
    TestSmsc tern;
    final List<CapturedLog> logs = new ArrayList<>();

    @BeforeEach
    void start() {
        for (Class<?> c : List.of(SqliteMessageStore.class, SubmissionService.class, QueueManager.class)) {
            logs.add(CapturedLog.of(c));
        }
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '44*', behaviour: deliver}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
        logs.forEach(CapturedLog::close);
    }

    /** Submits until one is refused; returns its status, with the ids acknowledged before it in {@code acked}. */
    private static int submitUntilRefused(Esme esme, List<String> acked) throws Exception {
        for (int i = 0; i < 10_000; i++) {
            try {
                acked.add(esme.submit(SRC, "4477009" + String.format("%05d", i), BODY, 1));
            } catch (NegativeResponseException e) {
                return e.getCommandStatus();
            }
        }
        throw new AssertionError("no submit was refused");
    }

    @Test
    void submitsAreRefusedAsTemporaryWhileTheDiskIsFullAndEverythingFlowsAgainOnceItIsFreed() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        String before = alice.submit(SRC, "447700900001", "before", 1);
        assertThat(Esme.receiptedMessageId(alice.nextReceipt())).isEqualTo(before);

        StoreFaults.fill(tern.smsc.store());
        List<String> acked = new ArrayList<>();
        assertThat(submitUntilRefused(alice, acked)).isEqualTo(SmppAssertions.ESME_RMSGQFUL);
        int refusedMore = 200;
        for (int i = 0; i < refusedMore; i++) {
            assertThat(SmppAssertions.statusOf(() -> alice.submit(SRC, "447700900002", BODY, 1)))
                    .isEqualTo(SmppAssertions.ESME_RMSGQFUL);
        }
        assertThat(tern.smsc.store().health().writable()).isFalse();
        assertThat(tern.smsc.store().health().reason()).contains("SQLITE_FULL");

        StoreFaults.free(tern.smsc.store());
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.store().health().writable());
        String after = alice.submit(SRC, "447700900003", "after", 1);
        // Outcomes that could not be recorded while full keep their messages leased: let the leases end.
        tern.clock.advance(Duration.ofMinutes(5));

        Set<String> receipted = new HashSet<>();
        List<String> expected = new ArrayList<>(acked);
        expected.add(after);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (DeliverSm d; (d = alice.receipts.poll()) != null; ) {
                receipted.add(Esme.receiptedMessageId(d));
            }
            assertThat(receipted).containsAll(expected);
        });

        // One line per distinct failure (a stack trace with the first), and a count, not one per refusal:
        // the store says why and when it is over, submissions one line, the scheduler one per kind.
        List<ILoggingEvent> store = logs.get(0).problems();
        List<ILoggingEvent> submissions = logs.get(1).problems();
        List<ILoggingEvent> scheduler = logs.get(2).problems();
        // the first refusal; a summary too if the run spans the 10 s interval on a slow machine
        assertThat(submissions).as("lines for %d refused submits", refusedMore + 1).hasSizeBetween(1, 2);
        assertThat(store).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("store cannot commit", "SQLITE_FULL"))
                .anySatisfy(m -> assertThat(m).contains("store writable again"));
        assertThat(store).filteredOn(e -> e.getThrowableProxy() != null).hasSize(1);
        assertThat(store).hasSizeLessThanOrEqualTo(5);
        assertThat(scheduler).as("the scheduler's kinds of failure: claims, outcomes, receipts, scans")
                .hasSizeLessThanOrEqualTo(8);
    }
}
