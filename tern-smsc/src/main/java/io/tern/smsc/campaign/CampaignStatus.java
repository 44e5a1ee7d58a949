package io.tern.smsc.campaign;

/**
 * A campaign's live counts, per recipient (a long text's parts count once, by its first part).
 *
 * @param pending accepted rows not yet sent (0 once cancelled: see {@code cancelled})
 * @param sent rows handed to the message store
 * @param delivered messages delivered (or accepted by an upstream SMSC that gives no receipts)
 * @param failed messages refused for good, rejected, deleted, of unknown fate, or refused when
 *     their turn came (no route any more)
 * @param expired messages whose validity ended before delivery
 * @param cancelled rows never sent because the campaign was cancelled
 * @param done nothing more will change: sent or cancelled, and every message final
 */
public record CampaignStatus(Campaign campaign, long total, long accepted, long rejected, long pending, long sent,
        long delivered, long failed, long expired, long cancelled, boolean done) {

    public CampaignState state() {
        return campaign.state();
    }
}
