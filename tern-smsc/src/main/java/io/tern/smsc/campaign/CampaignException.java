package io.tern.smsc.campaign;

/**
 * A campaign request that cannot be carried out, with a message for the user that names the field
 * or line at fault. {@link Kind} tells an HTTP layer which status to answer with.
 */
public final class CampaignException extends RuntimeException {

    /** Why: what the caller sent, what it asked for, or what this Tern cannot do. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNSUPPORTED }

    private final Kind kind;

    public CampaignException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static CampaignException invalid(String message) {
        return new CampaignException(Kind.INVALID, message);
    }

    public Kind kind() {
        return kind;
    }
}
