package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.campaign.Campaign;
import io.tern.smsc.campaign.CampaignException;
import io.tern.smsc.campaign.CampaignSpec;
import io.tern.smsc.campaign.CampaignState;
import io.tern.smsc.campaign.CampaignStore;
import io.tern.smsc.campaign.CampaignStatus;
import io.tern.smsc.campaign.Campaigns;
import io.tern.smsc.campaign.SendWindow;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.StoredMessage;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns end to end: CSV in, messages through the virtual handset network, counts and receipts out. */
class CampaignTest {

    @TempDir
    Path dir;
    TestSmsc tern;
    Campaigns campaigns;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                  - {system_id: bob, password_hash: HASH}
                routes:
                  - {destination: '49*', target: 'reject:ESME_RINVDSTADR'}
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '*', behaviour: deliver}
                """);
        campaigns = tern.smsc.campaigns();
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    /** A CSV of {@code n} UK mobile numbers 447400000001... with a name each. */
    static String csv(int n) {
        StringBuilder b = new StringBuilder("to,name\n");
        for (int i = 1; i <= n; i++) {
            b.append("+4474").append(10_000_000 + i).append(",Customer ").append(i).append('\n');
        }
        return b.toString();
    }

    Campaign create(String owner, CampaignSpec spec, String csv) {
        return campaigns.create(owner, spec, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    /** Returns once the campaign sender has looked at every campaign {@code n} more times: "nothing happens" checks. */
    void afterTicks(int n) {
        long from = campaigns.ticks();
        await().atMost(10, TimeUnit.SECONDS).until(() -> campaigns.ticks() >= from + n);
    }

    /** Returns once the sender has looked at {@code c} {@code n} more times with nothing of it under way. */
    void afterLooks(Campaign c, int n) {
        long from = campaigns.looks(c.id());
        assertThat(from).as("the sender looks after campaign %d", c.id()).isNotNegative();
        await().atMost(10, TimeUnit.SECONDS).until(() -> campaigns.looks(c.id()) >= from + n);
    }

    CampaignStatus status(Campaign c) {
        return campaigns.status(c.owner(), c.id()).join().orElseThrow();
    }

    @Test
    void thousandRowCampaignIsDeliveredThroughTheHandsetNetworkWithAReceiptForEveryRow() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        Campaign c = create("alice", CampaignSpec.of("12345", "Hello {{name}}, your code is {{name}}!")
                .withReceipt(true), csv(1000));

        assertThat(c.state()).isEqualTo(CampaignState.RUNNING);
        assertThat(c.accepted()).isEqualTo(1000);
        await().atMost(60, TimeUnit.SECONDS).until(() -> status(c).done());
        CampaignStatus s = status(c);
        assertThat(s.total()).isEqualTo(1000);
        assertThat(s.sent()).isEqualTo(1000);
        assertThat(s.delivered()).isEqualTo(1000);
        assertThat(s.failed() + s.expired() + s.pending() + s.rejected()).isZero();
        assertThat(s.state()).isIn(CampaignState.SENT, CampaignState.FINISHED);
        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            DeliverSm r = alice.nextReceipt();
            receipted.add(Esme.receiptedMessageId(r));
            assertThat(Esme.messageState(r)).isEqualTo(2);
        }
        assertThat(receipted).hasSize(1000).contains(Campaign.messageId(c.id(), 1, 1),
                Campaign.messageId(c.id(), 1000, 1));
        StoredMessage first = tern.smsc.store().find(Campaign.messageId(c.id(), 7, 1)).join().orElseThrow();
        assertThat(new String(first.shortMessage(), StandardCharsets.ISO_8859_1))
                .isEqualTo("Hello Customer 7, your code is Customer 7!");
        assertThat(first.destination().addr()).isEqualTo("447410000007");
        assertThat(first.owner()).isEqualTo("alice");
        // finished: the counts are frozen in the campaign
        await().atMost(10, TimeUnit.SECONDS).until(() -> status(c).state() == CampaignState.FINISHED);
        assertThat(status(c).delivered()).isEqualTo(1000);
        // and its rows, read by nothing any more, leave the database
        java.nio.file.Path db = tern.smsc.config().store().dataDir().resolve("tern.db");
        await().atMost(10, TimeUnit.SECONDS).until(() -> rowsOf(db, c.id()) == 0);
        assertThat(status(c).total()).isEqualTo(1000);
        assertThat(status(c).sent()).isEqualTo(1000);
    }

    /** The campaign's rows in the SQLite file, read by a connection of this test's own. */
    static long rowsOf(java.nio.file.Path db, long campaign) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM campaign_row WHERE campaign_id = ?")) {
            ps.setLong(1, campaign);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void longTextsBecomeConcatenatedPartsCountedOncePerRecipient() {
        String text = "x".repeat(200) + " {{name}}";
        Campaign c = create("alice", CampaignSpec.of("12345", text), csv(3));

        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).done());
        assertThat(status(c).delivered()).isEqualTo(3);
        StoredMessage second = tern.smsc.store().find(Campaign.messageId(c.id(), 2, 2)).join().orElseThrow();
        assertThat(second.esmClass() & 0x40).isEqualTo(0x40);
        assertThat(second.state()).isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void badRowsAreRejectedWithTheirReasonsAndTheRestIsSent() throws Exception {
        campaigns.useSuppressions((owner, numbers) -> numbers.contains("447410000005") ? Set.of("447410000005")
                : Set.of());
        String csv = """
                to,name
                +447410000001,Ann
                not-a-number,Bob
                +447410000002,
                +447410000001,Ann again
                +4915112345678,Dieter
                +447410000005,"Opted, out"
                ,Nobody
                447410000003,"Quoted ""name""\"
                """;

        Campaign c = create("alice", CampaignSpec.of("12345", "Hi {{name}}"), csv);

        CampaignStatus s = status(c);
        assertThat(s.total()).isEqualTo(8);
        assertThat(s.accepted()).isEqualTo(2);
        assertThat(s.rejected()).isEqualTo(6);
        StringBuilder out = new StringBuilder();
        campaigns.writeRejects("alice", c.id(), out);
        assertThat(out.toString()).isEqualTo("""
                line,reason,row
                3,invalid number 'not-a-number',"not-a-number,Bob"
                4,no value for {{name}},"+447410000002,"
                5,duplicate number 447410000001 (already on an earlier line),"+447410000001,Ann again"
                6,refused: ESME_RINVDSTADR: route rejects '4915112345678',"+4915112345678,Dieter"
                7,opted out: 447410000005 is on the account's suppression list,"+447410000005,""Opted, out""\"
                8,no number in column 'to',",Nobody"
                """);
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).done());
        assertThat(status(c).delivered()).isEqualTo(2);
        StoredMessage quoted = tern.smsc.store().find(Campaign.messageId(c.id(), 8, 1)).join().orElseThrow();
        assertThat(new String(quoted.shortMessage(), StandardCharsets.ISO_8859_1)).isEqualTo("Hi Quoted \"name\"");
    }

    @Test
    void unusableRequestsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> create("alice", CampaignSpec.of("12345", "Hi {{first_name}}"), csv(2)))
                .isInstanceOf(CampaignException.class)
                .hasMessageContaining("{{first_name}}").hasMessageContaining("[to, name]");
        assertThatThrownBy(() -> create("alice", CampaignSpec.of("12345", "Hi"), "number,name\n1,2\n"))
                .hasMessageContaining("no 'to' column");
        assertThatThrownBy(() -> create("alice", CampaignSpec.of("12345", "Hi"), ""))
                .hasMessageContaining("CSV: empty");
        assertThatThrownBy(() -> create("alice", CampaignSpec.of("12345", "Hi"), "to,name\r\n\r\n"))
                .hasMessageContaining("no rows after the header");
        // as a spreadsheet saves "CSV" where the decimal separator is a comma
        assertThatThrownBy(() -> create("alice", CampaignSpec.of("12345", "Hi"), "to;name\n+447410000001;Ann\n"))
                .hasMessageContaining("no 'to' column").hasMessageContaining("this file uses ;");
        assertThatThrownBy(() -> CampaignSpec.of("", "Hi")).hasMessageContaining("from: required");
        assertThatThrownBy(() -> CampaignSpec.of("1", "Hi {{x")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> CampaignSpec.of("1", "Hi").withRate(-1)).hasMessageContaining("rate:");
        assertThatThrownBy(() -> SendWindow.parse("9-17")).hasMessageContaining("HH:MM-HH:MM");
        // nothing of the refused uploads is left
        assertThat(campaigns.list("alice", 10).join()).isEmpty();
    }

    @Test
    void aCampaignIsSeenOnlyByItsOwner() {
        Campaign c = create("alice", CampaignSpec.of("12345", "Hi"), csv(1));

        assertThat(campaigns.status("bob", c.id()).join()).isEmpty();
        assertThat(campaigns.list("bob", 10).join()).isEmpty();
        assertThat(campaigns.list("alice", 10).join()).extracting(Campaign::id).containsExactly(c.id());
        assertThatThrownBy(() -> campaigns.cancel("bob", c.id()).join()).hasCauseInstanceOf(CampaignException.class)
                .hasMessageContaining("no campaign " + c.id());
    }

    @Test
    void pauseStopsSendingResumeGoesOnAndCancelStopsWhatWasNotSent() {
        Campaign c = create("alice", CampaignSpec.of("12345", "Hi {{name}}").withRate(200), csv(1000));
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).sent() >= 50);

        assertThat(campaigns.pause("alice", c.id()).join().state()).isEqualTo(CampaignState.PAUSED);
        afterLooks(c, 3);
        long sentWhenPaused = status(c).sent();
        afterLooks(c, 3);
        assertThat(status(c).sent()).isEqualTo(sentWhenPaused);
        assertThat(sentWhenPaused).isLessThan(1000);
        assertThatThrownBy(() -> campaigns.pause("alice", c.id()).join()).hasMessageContaining("is PAUSED: cannot pause");

        campaigns.resume("alice", c.id()).join();
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).sent() >= sentWhenPaused + 50);

        Campaign cancelled = campaigns.cancel("alice", c.id()).join();
        assertThat(cancelled.state()).isEqualTo(CampaignState.CANCELLED);
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).done());
        CampaignStatus s = status(c);
        assertThat(s.sent()).isLessThan(1000);
        assertThat(s.pending()).isZero();
        assertThat(s.cancelled()).isEqualTo(1000 - s.sent());
        assertThat(s.delivered()).isEqualTo(s.sent());
        afterTicks(5);
        assertThat(status(c).sent()).isEqualTo(s.sent());
        assertThat(tern.smsc.store().find(Campaign.messageId(c.id(), 1000, 1)).join()).isEmpty();
        assertThatThrownBy(() -> campaigns.resume("alice", c.id()).join()).hasMessageContaining("is CANCELLED");
    }

    @Test
    void aPauseWithTwoBatchesInFlightIsAnsweredOnceTheirMessagesAreCommittedAndNothingIsSentAfterIt()
            throws Exception {
        // a sender of its own, whose store holds the writer once the second batch's marker has
        // committed: the second batch's messages and the third batch's marker queue behind it, so
        // that two batches are in flight when the pause comes (and its state change queues after them)
        tern.smsc.campaigns().close();
        SqliteMessageStore db = (SqliteMessageStore) tern.smsc.store();
        CampaignStore inner = CampaignStore.of(db, "sqlite");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger markers = new AtomicInteger();
        AtomicLong lastMarked = new AtomicLong();
        CampaignStore holding = (CampaignStore) Proxy.newProxyInstance(CampaignStore.class.getClassLoader(),
                new Class<?>[] {CampaignStore.class}, (proxy, method, args) -> {
                    Object out;
                    try {
                        out = method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!method.getName().equals("markSent") || (long) args[3] == 0) {
                        return out;
                    }
                    return ((CompletableFuture<?>) out).thenApply(v -> {
                        lastMarked.accumulateAndGet((long) args[4], Math::max);
                        if (markers.incrementAndGet() == 2) {
                            db.writeWith(c -> {
                                try {
                                    return release.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new java.sql.SQLException(e);
                                }
                            });
                        }
                        return v;
                    });
                });
        int rows = 5_000;
        try (Campaigns sender = new Campaigns(holding, db, tern.smsc.submissions(), tern.smsc.accounts()::find,
                tern.clock, Campaigns.Settings.DEFAULT)) {
            sender.start();
            Campaign c = sender.create("alice", CampaignSpec.of("12345", "Hi {{name}}"),
                    new ByteArrayInputStream(csv(rows).getBytes(StandardCharsets.UTF_8)));
            await().atMost(20, TimeUnit.SECONDS).until(() -> sender.batchesInFlight(c.id()) == 2);

            CompletableFuture<Campaign> pause = sender.pause("alice", c.id());
            long from = sender.ticks();
            await().atMost(10, TimeUnit.SECONDS).until(() -> sender.ticks() >= from + 3);
            assertThat(pause).as("answered only once the batches in flight have ended").isNotDone();
            release.countDown();
            assertThat(pause.get(20, TimeUnit.SECONDS).state()).isEqualTo(CampaignState.PAUSED);

            // the batches marked before the pause are sent and counted; nothing after them is
            CampaignStatus paused = sender.status("alice", c.id()).join().orElseThrow();
            long messages = inner.messageStates(c.id()).join().values().stream().mapToLong(Long::longValue).sum();
            assertThat(paused.sent()).isEqualTo(messages).isEqualTo(lastMarked.get()).isLessThan(rows);
            assertThat(db.find(Campaign.messageId(c.id(), lastMarked.get() + 1, 1)).join()).isEmpty();
            assertThat(inner.find(c.id()).join().orElseThrow().inflightLo()).as("marker cleared").isZero();
            long looks = sender.looks(c.id());
            await().atMost(10, TimeUnit.SECONDS).until(() -> sender.looks(c.id()) >= looks + 3);
            assertThat(inner.messageStates(c.id()).join().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(messages);

            sender.resume("alice", c.id()).join();
            await().atMost(30, TimeUnit.SECONDS).until(() -> sender.status("alice", c.id()).join().orElseThrow()
                    .done());
            CampaignStatus done = sender.status("alice", c.id()).join().orElseThrow();
            assertThat(List.of(done.sent(), done.delivered())).containsExactly((long) rows, (long) rows);
            assertThat(inner.messageStates(c.id()).join()).as("one message per row, every one delivered")
                    .containsOnly(Map.entry(MessageState.DELIVERED, (long) rows));
        }
    }

    @Test
    void nothingIsSentBeforeStartAt() {
        Instant start = tern.clock.instant().plus(Duration.ofHours(2));
        Campaign c = create("alice", CampaignSpec.of("12345", "Hi").withStartAt(start), csv(5));

        afterLooks(c, 5);
        assertThat(status(c).sent()).isZero();
        tern.clock.advance(Duration.ofHours(2));
        campaigns.wake();
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).delivered() == 5);
    }

    @Test
    void aNumberThatOptsOutAfterTheUploadIsNotSentItsRow() {
        Instant start = tern.clock.instant().plus(Duration.ofHours(2));
        Campaign c = create("alice", CampaignSpec.of("12345", "Hi {{name}}").withStartAt(start), csv(3));
        assertThat(status(c).accepted()).isEqualTo(3);

        // a STOP reply (or the suppressions API) while the campaign waits for its start
        tern.smsc.suppressions().add("alice", "447410000002", "stop").join();
        tern.clock.advance(Duration.ofHours(2));
        campaigns.wake();

        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).done());
        CampaignStatus s = status(c);
        assertThat(s.delivered()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(tern.smsc.store().find(Campaign.messageId(c.id(), 2, 1)).join()).as("row 2: +447410000002").isEmpty();
        assertThat(tern.smsc.store().find(Campaign.messageId(c.id(), 3, 1)).join()).isPresent();
    }

    @Test
    void theSendWindowIsTheRecipientsLocalTime() {
        // 03:00 UTC on a winter day: 03:00 in London, 12:00 in Tokyo
        Instant night = Instant.parse("2026-01-15T03:00:00Z");
        tern.clock.advance(Duration.between(tern.clock.instant(), night));
        String csv = """
                to,name
                +447410000001,London
                +819012345678,Tokyo
                +12125550123,New York
                """;

        Campaign c = create("alice", CampaignSpec.of("12345", "Hi {{name}}")
                .withWindow(new SendWindow(LocalTime.of(9, 0), LocalTime.of(20, 0))), csv);

        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).sent() == 1);
        assertThat(tern.smsc.store().find(Campaign.messageId(c.id(), 2, 1)).join()).isPresent();
        afterLooks(c, 5);
        assertThat(status(c).sent()).isEqualTo(1);

        tern.clock.advance(Duration.ofHours(6)); // 09:00 in London, 04:00 in New York
        campaigns.wake();
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).sent() == 2);
        assertThat(tern.smsc.store().find(Campaign.messageId(c.id(), 1, 1)).join()).isPresent();
        assertThat(tern.smsc.store().find(Campaign.messageId(c.id(), 3, 1)).join()).isEmpty();

        tern.clock.advance(Duration.ofHours(5)); // 09:00 in New York
        campaigns.wake();
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).sent() == 3);
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(c).done());
        assertThat(status(c).delivered()).isEqualTo(3);
    }
}
