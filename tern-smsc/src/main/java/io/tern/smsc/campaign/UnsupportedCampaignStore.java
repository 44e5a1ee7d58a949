package io.tern.smsc.campaign;

import io.tern.smpp.pdu.MessageState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The campaign store of a message store that keeps no campaigns (one found on the class path that
 * is not a {@link CampaignStore.Keeper}): nothing to recover at start-up, and every request refused
 * with a message that says why and what to use.
 */
final class UnsupportedCampaignStore implements CampaignStore {

    private final CampaignException refusal;

    UnsupportedCampaignStore(String storeType) {
        this.refusal = new CampaignException(CampaignException.Kind.UNSUPPORTED, "campaigns need a store"
                + " that keeps them (store.type: sqlite or postgresql); this Tern runs store.type " + storeType
                + ", which does not keep campaigns");
    }

    private <T> CompletableFuture<T> refuse() {
        return CompletableFuture.failedFuture(refusal);
    }

    @Override
    public CompletableFuture<Long> create(String owner, CampaignSpec spec, Instant now) {
        return refuse();
    }

    @Override
    public CompletableFuture<Void> append(long id, List<Row> rows, List<Reject> rejects) {
        return refuse();
    }

    @Override
    public CompletableFuture<Void> completeUpload(long id, long total, long accepted, long rejected) {
        return refuse();
    }

    @Override
    public CompletableFuture<Integer> discardIncomplete() {
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public CompletableFuture<Long> dropRowsOfFinished() {
        return CompletableFuture.completedFuture(0L);
    }

    @Override
    public CompletableFuture<Void> discard(long id) {
        return refuse();
    }

    @Override
    public CompletableFuture<Optional<Campaign>> find(long id) {
        return refuse();
    }

    @Override
    public CompletableFuture<List<Campaign>> list(String owner, int limit) {
        return refuse();
    }

    @Override
    public CompletableFuture<List<Campaign>> active() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<List<Row>> pendingRows(long id, long afterRow, int limit) {
        return refuse();
    }

    @Override
    public CompletableFuture<Void> markSent(long id, List<Long> sent, List<Long> refused, long nextLo, long nextHi) {
        return refuse();
    }

    @Override
    public CompletableFuture<Boolean> changeState(long id, List<CampaignState> from, CampaignState to) {
        return refuse();
    }

    @Override
    public CompletableFuture<Map<MessageState, Long>> messageStates(long id) {
        return refuse();
    }

    @Override
    public CompletableFuture<Map<FailureKey, Long>> failures(long id) {
        return refuse();
    }

    @Override
    public CompletableFuture<Void> finish(long id, Instant at, long delivered, long failed, long expired) {
        return refuse();
    }

    @Override
    public CompletableFuture<List<Reject>> rejects(long id, long afterLine, int limit) {
        return refuse();
    }
}
