package io.tern.smsc.store;

/**
 * Where a message's delivery receipt stands. A receipt is a state of its message rather than a
 * second row, so a message and its receipt can never disagree and are purged together.
 */
public enum ReceiptState {
    /** No receipt is owed (not requested, or the message is not final yet). */
    NONE(0),
    /** A receipt is owed to the message's owner and is retried like a message. */
    PENDING(1),
    /** The receipt was accepted by the owner. */
    SENT(2);

    private final int code;

    ReceiptState(int code) {
        this.code = code;
    }

    /** The value kept in the database. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for an unknown value (a damaged row). */
    public static ReceiptState fromCode(int code) {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> PENDING;
            case 2 -> SENT;
            default -> throw new IllegalArgumentException("no receipt state " + code);
        };
    }
}
