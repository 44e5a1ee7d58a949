package io.tern.smsc.campaign;

/** Where a campaign is in its life (docs/campaigns.md); the codes are what the store keeps. */
public enum CampaignState {
    /** Its CSV is being read; invisible, and deleted at start-up if Tern stopped before it was complete. */
    UPLOADING(0),
    /** Rows are being turned into messages, at the campaign's rate, within its send window. */
    RUNNING(1),
    PAUSED(2),
    /** Stopped for good: rows not yet handed to the message store are never sent. */
    CANCELLED(3),
    /** Every accepted row was handed to the message store; some messages are still on their way. */
    SENT(4),
    /** Every message reached a final state; the counts are frozen. */
    FINISHED(5);

    private final int code;

    CampaignState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static CampaignState of(int code) {
        for (CampaignState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no campaign state " + code);
    }
}
