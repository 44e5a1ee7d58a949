package io.tern.smsc.store;

/**
 * The life of a stored message, with the numeric values of SMPP 3.4 §5.2.28 {@code message_state}
 * so that query_sm answers and the database both speak the spec's numbers.
 */
public enum MessageState {
    /** Waiting for its schedule_delivery_time (value from SMPP 5.0 §4.7.15; 3.4 has no name for it). */
    SCHEDULED(0),
    ENROUTE(1),
    DELIVERED(2),
    EXPIRED(3),
    DELETED(4),
    UNDELIVERABLE(5),
    ACCEPTED(6),
    UNKNOWN(7),
    REJECTED(8);

    private static final MessageState[] BY_CODE = new MessageState[9];

    static {
        for (MessageState s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    MessageState(int code) {
        this.code = code;
    }

    /** The SMPP {@code message_state} value. */
    public int code() {
        return code;
    }

    /** True once nothing more will be attempted for the message (everything but SCHEDULED and ENROUTE). */
    public boolean isFinal() {
        return this != SCHEDULED && this != ENROUTE;
    }

    /**
     * @throws IllegalArgumentException for a value SMPP does not define; the store treats such a
     *     row as damaged and quarantines it.
     */
    public static MessageState fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("no message_state " + code);
        }
        return BY_CODE[code];
    }
}
