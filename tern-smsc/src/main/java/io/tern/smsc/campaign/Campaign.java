package io.tern.smsc.campaign;

import io.tern.smsc.store.StoredMessage;
import java.time.Instant;

/**
 * A campaign as stored: what was asked for, where it is, and its row counts. Message outcomes are
 * in {@link CampaignStatus}.
 *
 * @param total data rows in the CSV
 * @param sent accepted rows handed to the message store
 * @param refused accepted rows that could no longer be routed when their turn came
 * @param inflightLo first row of the batch being submitted, or 0 when none is
 */
public record Campaign(long id, String owner, CampaignSpec spec, CampaignState state, Instant createdAt, long total,
        long accepted, long rejected, long sent, long refused, long inflightLo, long inflightHi,
        Instant finishedAt, long delivered, long failed, long expired) {

    /**
     * The message_id of part {@code part} (1 for the first) of row {@code row} of campaign {@code id}:
     * {@code C<id>_<row>}, its parts named by {@link StoredMessage#textPartId}.
     */
    public static String messageId(long id, long row, int part) {
        return StoredMessage.textPartId("C" + id + "_" + row, part);
    }

    /** Accepted rows neither sent nor refused: what is left to send (not sent at all once cancelled). */
    public long unsent() {
        return accepted - sent - refused;
    }
}
