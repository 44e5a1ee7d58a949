package io.tern.smsc.campaign;

import io.tern.smpp.pdu.MessageState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable campaigns, their accepted rows and their rejected lines (docs/campaigns.md). Like the
 * {@code MessageStore}, every method returns at once and a write future completes after its commit.
 */
public interface CampaignStore {

    /**
     * The campaign store that goes with {@code messages}: in the same database for the SQLite store
     * and for a store that supplies its own ({@link Keeper}, such as PostgreSQL's); one that refuses
     * every campaign, saying why, for a store that keeps none.
     */
    static CampaignStore of(io.tern.smsc.store.MessageStore messages, String storeType) {
        if (messages instanceof io.tern.smsc.store.SqliteMessageStore sqlite) {
            return new SqliteCampaignStore(sqlite);
        }
        if (messages instanceof Keeper keeper) {
            return keeper.campaignStore();
        }
        return new UnsupportedCampaignStore(storeType);
    }

    /**
     * A message store, from a module this one does not depend on, that keeps campaigns in its own
     * database: {@link #of} asks it for their store.
     */
    interface Keeper {
        CampaignStore campaignStore();
    }

    /**
     * Takes or renews this node's lease on sending campaign {@code id} until {@code until}, unless
     * another node holds one that has not run out at {@code now}; completes with whether this node
     * holds it. A store that one node owns holds every lease.
     */
    default CompletableFuture<Boolean> lease(long id, Instant now, Instant until) {
        return CompletableFuture.completedFuture(true);
    }

    /** Gives up this node's lease on campaign {@code id}, so another node may send it at once. */
    default CompletableFuture<Void> release(long id) {
        return CompletableFuture.completedFuture(null);
    }

    /** An accepted row: its number (E.164 digits) and rendered text. */
    record Row(long rowNo, String dest, String text) {
    }

    /** A rejected CSV line, as read, and why. */
    record Reject(long lineNo, String reason, String line) {
    }

    /** Creates a campaign in state UPLOADING, invisible until {@link #completeUpload}. */
    CompletableFuture<Long> create(String owner, CampaignSpec spec, Instant now);

    /** Adds accepted rows and rejected lines to an uploading campaign. */
    CompletableFuture<Void> append(long id, List<Row> rows, List<Reject> rejects);

    /** Makes an uploaded campaign RUNNING with its counts: from then on it is visible and will be sent. */
    CompletableFuture<Void> completeUpload(long id, long total, long accepted, long rejected);

    /** Deletes every campaign still UPLOADING (an upload cut short by a stop or a crash); completes with how many. */
    CompletableFuture<Integer> discardIncomplete();

    /** Deletes a campaign still UPLOADING with its rows (its upload failed). */
    CompletableFuture<Void> discard(long id);

    CompletableFuture<Optional<Campaign>> find(long id);

    /** An owner's campaigns, newest first, at most {@code limit}. */
    CompletableFuture<List<Campaign>> list(String owner, int limit);

    /** Campaigns the sender has to look after: RUNNING, PAUSED and SENT. */
    CompletableFuture<List<Campaign>> active();

    /** Up to {@code limit} PENDING rows after row {@code afterRow}, in row order. */
    CompletableFuture<List<Row>> pendingRows(long id, long afterRow, int limit);

    /**
     * In one transaction: rows whose messages are committed become SENT, {@code refused} ones
     * REFUSED, and the in-flight marker (crash recovery) becomes {@code nextLo..nextHi}, the rows
     * about to be submitted and those still committing, or is cleared when {@code nextLo} is 0. It
     * fails with a {@link CampaignException} (CONFLICT), changing nothing, when a new batch is marked
     * and the campaign is no longer RUNNING, and on a store shared by several nodes when another
     * node holds the campaign's lease.
     */
    CompletableFuture<Void> markSent(long id, List<Long> sent, List<Long> refused, long nextLo, long nextHi);

    /** Moves the campaign to {@code to} if it is in one of {@code from}; completes with whether it did. */
    CompletableFuture<Boolean> changeState(long id, List<CampaignState> from, CampaignState to);

    /** How many of the campaign's messages (first parts) are in each state now. */
    CompletableFuture<Map<MessageState, Long>> messageStates(long id);

    /**
     * How many of the campaign's messages (first parts) ended failed, per final state and last error
     * code: the reasons of {@link CampaignStatus#failed()}.
     */
    CompletableFuture<Map<FailureKey, Long>> failures(long id);

    /** A final state with the error code of the message's last attempt (0 for none). */
    record FailureKey(MessageState state, int error) {
    }

    /** Freezes the counts of a campaign that is done; a SENT one becomes FINISHED. */
    CompletableFuture<Void> finish(long id, Instant at, long delivered, long failed, long expired);

    /**
     * Deletes the rows (recipients and texts) of every campaign that is done ({@link #finish} froze its
     * counts): nothing reads them any more, and a provider's daily campaigns of a million rows would
     * otherwise stay in the database for good. A chunk of rows per transaction; completes with the
     * number of rows deleted. Rejected lines are kept with their campaign.
     */
    CompletableFuture<Long> dropRowsOfFinished();

    /** Up to {@code limit} rejected lines after line {@code afterLine}, in line order. */
    CompletableFuture<List<Reject>> rejects(long id, long afterLine, int limit);
}
