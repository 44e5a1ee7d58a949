package io.tern.smsc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.campaign.Campaign;
import io.tern.smsc.campaign.CampaignException;
import io.tern.smsc.campaign.CampaignSpec;
import io.tern.smsc.campaign.CampaignState;
import io.tern.smsc.campaign.CampaignStore;
import io.tern.smsc.campaign.SendWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link CampaignStore} must do (docs/campaigns.md), run against each message store that
 * keeps campaigns: durable rows and rejects, uploads invisible until complete, the in-flight marker,
 * state changes, and a campaign's message counts read from the message table.
 */
public abstract class CampaignStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final CampaignSpec SPEC = new CampaignSpec("spring", "Tern", "Hi {{name}}", 50,
            T0.plusSeconds(60), Duration.ofHours(2), new SendWindow(LocalTime.of(9, 0), LocalTime.of(20, 0)), true,
            "GB");

    @TempDir
    protected Path dir;
    protected MessageStore messages;
    protected CampaignStore campaigns;

    /** A message store keeping its data under {@code dir}; called again with the same dir to reopen. */
    protected abstract MessageStore newStore(Path dir);

    @BeforeEach
    void openStores() {
        messages = newStore(dir);
        campaigns = CampaignStore.of(messages, "test");
    }

    @AfterEach
    void closeStores() {
        if (messages != null) {
            messages.close();
        }
    }

    protected void reopen() {
        messages.close();
        messages = newStore(dir);
        campaigns = CampaignStore.of(messages, "test");
    }

    protected static <T> T await(CompletableFuture<T> future) {
        return MessageStoreContract.await(future);
    }

    /** An uploaded (RUNNING) campaign of alice with {@code n} rows, 447400000001..., rows 1..n, under this node's lease. */
    protected long uploaded(int n) {
        long id = await(campaigns.create("alice", SPEC, T0));
        List<CampaignStore.Row> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(new CampaignStore.Row(i, "4474" + (10_000_000 + i), "Hi " + i));
        }
        await(campaigns.append(id, rows, List.of()));
        await(campaigns.completeUpload(id, n, n, 0));
        assertThat(await(campaigns.lease(id, T0, T0.plusSeconds(60)))).isTrue();
        return id;
    }

    @Test
    void anUploadIsInvisibleUntilCompleteThenRunningWithItsSpecAndCounts() {
        long id = await(campaigns.create("alice", SPEC, T0));
        await(campaigns.append(id, List.of(new CampaignStore.Row(2, "447410000002", "Hi Bo")),
                List.of(new CampaignStore.Reject(3, "bad number", "x,Al"))));
        assertThat(await(campaigns.find(id))).isEmpty();
        assertThat(await(campaigns.list("alice", 10))).isEmpty();
        assertThat(await(campaigns.active())).isEmpty();

        await(campaigns.completeUpload(id, 2, 1, 1));
        reopen();
        Campaign c = await(campaigns.find(id)).orElseThrow();
        assertThat(c.spec()).isEqualTo(SPEC);
        assertThat(c.owner()).isEqualTo("alice");
        assertThat(c.state()).isEqualTo(CampaignState.RUNNING);
        assertThat(c.createdAt()).isEqualTo(T0);
        assertThat(List.of(c.total(), c.accepted(), c.rejected(), c.sent(), c.unsent())).containsExactly(2L, 1L, 1L,
                0L, 1L);
        assertThat(await(campaigns.list("alice", 10))).extracting(Campaign::id).containsExactly(id);
        assertThat(await(campaigns.list("bob", 10))).isEmpty();
        assertThat(await(campaigns.active())).extracting(Campaign::id).containsExactly(id);
        assertThat(await(campaigns.pendingRows(id, 0, 10)))
                .containsExactly(new CampaignStore.Row(2, "447410000002", "Hi Bo"));
        assertThat(await(campaigns.rejects(id, 0, 10)))
                .containsExactly(new CampaignStore.Reject(3, "bad number", "x,Al"));
    }

    @Test
    void rowsKeepTheirTextExactlyAndArePagedInRowOrder() {
        long id = await(campaigns.create("alice", SPEC, T0));
        String awkward = "tab\there, new\nline, back\\slash, cr\r, \"quotes\", émoji ✓, NUL-free";
        List<CampaignStore.Row> rows = new ArrayList<>();
        for (int i = 2500; i >= 1; i--) {
            rows.add(new CampaignStore.Row(i, "4474" + (10_000_000 + i), i == 7 ? awkward : "Hi " + i));
        }
        await(campaigns.append(id, rows.subList(0, 1000), List.of()));
        await(campaigns.append(id, rows.subList(1000, 2500), List.of()));
        await(campaigns.completeUpload(id, 2500, 2500, 0));

        List<CampaignStore.Row> page = await(campaigns.pendingRows(id, 0, 10));
        assertThat(page).extracting(CampaignStore.Row::rowNo).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(page.get(6).text()).isEqualTo(awkward);
        assertThat(await(campaigns.pendingRows(id, 2495, 10))).extracting(CampaignStore.Row::rowNo)
                .containsExactly(2496L, 2497L, 2498L, 2499L, 2500L);
    }

    @Test
    void discardIncompleteDeletesOnlyUploadsAndTheirRows() {
        long done = uploaded(3);
        long cut = await(campaigns.create("alice", SPEC, T0));
        List<CampaignStore.Row> rows = new ArrayList<>();
        for (int i = 1; i <= 45_000; i++) {
            rows.add(new CampaignStore.Row(i, "4474" + (10_000_000 + i), "x"));
        }
        await(campaigns.append(cut, rows, List.of(new CampaignStore.Reject(1, "r", "l"))));
        reopen();
        assertThat(await(campaigns.discardIncomplete())).isEqualTo(1);
        assertThat(await(campaigns.pendingRows(cut, 0, 10))).isEmpty();
        assertThat(await(campaigns.rejects(cut, 0, 10))).isEmpty();
        assertThat(await(campaigns.pendingRows(done, 0, 10))).hasSize(3);
        assertThat(await(campaigns.discardIncomplete())).isZero();
    }

    @Test
    void theRowsOfAFinishedCampaignAreDeletedItsCountsAndRejectsKept() {
        long running = uploaded(3);
        long id = await(campaigns.create("alice", SPEC, T0));
        List<CampaignStore.Row> rows = new ArrayList<>();
        for (int i = 1; i <= 45_000; i++) {
            rows.add(new CampaignStore.Row(i, "4474" + (10_000_000 + i), "x"));
        }
        await(campaigns.append(id, rows, List.of(new CampaignStore.Reject(45_001, "bad number", "12,x"))));
        await(campaigns.completeUpload(id, 45_001, 45_000, 1));
        assertThat(await(campaigns.changeState(id, List.of(CampaignState.RUNNING), CampaignState.CANCELLED))).isTrue();
        assertThat(await(campaigns.dropRowsOfFinished())).isZero(); // cancelled, but not done yet: kept

        await(campaigns.finish(id, T0.plusSeconds(9), 0, 0, 0));
        assertThat(await(campaigns.dropRowsOfFinished())).isEqualTo(45_000L); // in chunks of 20,000

        assertThat(await(campaigns.pendingRows(id, 0, 10))).isEmpty();
        assertThat(await(campaigns.rejects(id, 0, 10))).containsExactly(new CampaignStore.Reject(45_001, "bad number",
                "12,x"));
        Campaign c = await(campaigns.find(id)).orElseThrow();
        assertThat(List.of(c.total(), c.accepted(), c.rejected(), c.unsent())).containsExactly(45_001L, 45_000L, 1L,
                45_000L);
        assertThat(await(campaigns.pendingRows(running, 0, 10))).hasSize(3);
        assertThat(await(campaigns.dropRowsOfFinished())).isZero();
    }

    @Test
    void markSentMovesRowsAndTheInFlightMarkerInOneStep() {
        long id = uploaded(5);
        await(campaigns.markSent(id, List.of(), List.of(), 1, 2));
        Campaign c = await(campaigns.find(id)).orElseThrow();
        assertThat(List.of(c.inflightLo(), c.inflightHi())).containsExactly(1L, 2L);

        await(campaigns.markSent(id, List.of(1L), List.of(2L), 3, 5));
        reopen();
        c = await(campaigns.find(id)).orElseThrow();
        assertThat(List.of(c.sent(), c.refused(), c.inflightLo(), c.inflightHi(), c.unsent()))
                .containsExactly(1L, 1L, 3L, 5L, 3L);
        assertThat(await(campaigns.pendingRows(id, 0, 10))).extracting(CampaignStore.Row::rowNo)
                .containsExactly(3L, 4L, 5L);

        await(campaigns.markSent(id, List.of(3L, 4L, 5L), List.of(), 0, 0));
        c = await(campaigns.find(id)).orElseThrow();
        assertThat(List.of(c.sent(), c.inflightLo(), c.inflightHi(), c.unsent())).containsExactly(4L, 0L, 0L, 0L);
        assertThat(await(campaigns.pendingRows(id, 0, 10))).isEmpty();

        // marked again (recovery after a refused batch): counted once
        await(campaigns.markSent(id, List.of(4L, 5L), List.of(1L), 0, 0));
        c = await(campaigns.find(id)).orElseThrow();
        assertThat(List.of(c.sent(), c.refused())).containsExactly(4L, 1L);
    }

    @Test
    void aPausedCampaignTakesNoNewBatchButItsBatchesInFlightAreStillMarked() {
        long id = uploaded(10);
        await(campaigns.markSent(id, List.of(), List.of(), 1, 5));
        assertThat(await(campaigns.changeState(id, List.of(CampaignState.RUNNING), CampaignState.PAUSED))).isTrue();
        assertThatThrownBy(() -> await(campaigns.markSent(id, List.of(1L), List.of(), 1, 10)))
                .hasRootCauseInstanceOf(CampaignException.class).rootCause().hasMessageContaining("is not running here");
        Campaign c = await(campaigns.find(id)).orElseThrow();
        assertThat(List.of(c.sent(), c.inflightLo(), c.inflightHi())).containsExactly(0L, 1L, 5L);

        await(campaigns.markSent(id, List.of(1L, 2L, 3L, 4L, 5L), List.of(), 0, 0));
        c = await(campaigns.find(id)).orElseThrow();
        assertThat(List.of(c.sent(), c.inflightLo(), c.inflightHi())).containsExactly(5L, 0L, 0L);
    }

    @Test
    void stateChangesOnlyFromTheStatesGivenAndFinishFreezesTheCounts() {
        long id = uploaded(1);
        assertThat(await(campaigns.changeState(id, List.of(CampaignState.RUNNING), CampaignState.PAUSED))).isTrue();
        assertThat(await(campaigns.changeState(id, List.of(CampaignState.RUNNING), CampaignState.SENT))).isFalse();
        assertThat(await(campaigns.changeState(id, List.of(CampaignState.PAUSED, CampaignState.RUNNING),
                CampaignState.SENT))).isTrue();
        await(campaigns.finish(id, T0.plusSeconds(9), 7, 2, 1));
        await(campaigns.finish(id, T0.plusSeconds(10), 0, 0, 0));
        Campaign c = await(campaigns.find(id)).orElseThrow();
        assertThat(c.state()).isEqualTo(CampaignState.FINISHED);
        assertThat(c.finishedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(List.of(c.delivered(), c.failed(), c.expired())).containsExactly(7L, 2L, 1L);
        assertThat(await(campaigns.active())).isEmpty();
    }

    @Test
    void messageCountsReadTheFirstPartsOfTheCampaignsOwnMessagesOnly() {
        long id = uploaded(4);
        String other = "C" + id + "0_1"; // campaign id*10's first message: next to this one's in the key order
        await(messages.insertAll(List.of(
                TestMessages.message(Campaign.messageId(id, 1, 1)).build(),
                TestMessages.message(Campaign.messageId(id, 1, 2)).build(),
                TestMessages.message(Campaign.messageId(id, 2, 1)).build(),
                TestMessages.message(Campaign.messageId(id, 3, 1)).build(),
                TestMessages.message(Campaign.messageId(id, 4, 1)).build(),
                TestMessages.message(other).build())));
        await(messages.recordAttempt(Campaign.messageId(id, 2, 1),
                new Attempt.Delivered(T0.plusSeconds(1))));
        await(messages.recordAttempt(Campaign.messageId(id, 3, 1),
                new Attempt.FailedPermanent(T0.plusSeconds(1), 11)));
        await(messages.recordAttempt(Campaign.messageId(id, 4, 1),
                new Attempt.FailedPermanent(T0.plusSeconds(1), 11)));

        Map<MessageState, Long> states = await(campaigns.messageStates(id));
        assertThat(states).containsOnly(Map.entry(MessageState.ENROUTE, 1L), Map.entry(MessageState.DELIVERED, 1L),
                Map.entry(MessageState.UNDELIVERABLE, 2L));
        assertThat(await(campaigns.failures(id)))
                .containsOnly(Map.entry(new CampaignStore.FailureKey(MessageState.UNDELIVERABLE, 11), 2L));
    }

    @Test
    void aNodeOfItsOwnHoldsTheLeaseItAsksFor() {
        long id = uploaded(1);
        assertThat(await(campaigns.lease(id, T0.plusSeconds(1), T0.plusSeconds(61)))).isTrue();
        await(campaigns.release(id));
        assertThat(await(campaigns.lease(id, T0.plusSeconds(2), T0.plusSeconds(62)))).isTrue();
        await(campaigns.markSent(id, List.of(1L), List.of(), 0, 0));
        assertThat(await(campaigns.find(id)).orElseThrow().sent()).isEqualTo(1L);
    }

    @Test
    void completingAnUploadTwiceFailsAndChangesNothing() {
        long id = uploaded(1);
        assertThatThrownBy(() -> await(campaigns.completeUpload(id, 1, 1, 0))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("store operation failed");
        assertThat(await(campaigns.find(id)).orElseThrow().accepted()).isEqualTo(1L);
    }
}
