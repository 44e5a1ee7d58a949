package io.tern.smsc.store;

/**
 * The life of a stored message: the states of SMPP 3.4 §5.2.28 {@code message_state} a stored
 * message can be in (not SMPP 5.0's SKIPPED), each standing for its {@link io.tern.smpp.pdu.MessageState}
 * so that query_sm answers, receipts and the database all speak the spec's numbers.
 */
public enum MessageState {
    /** Waiting for its schedule_delivery_time (value from SMPP 5.0 §4.7.15; 3.4 has no name for it). */
    SCHEDULED(io.tern.smpp.pdu.MessageState.SCHEDULED),
    ENROUTE(io.tern.smpp.pdu.MessageState.ENROUTE),
    DELIVERED(io.tern.smpp.pdu.MessageState.DELIVERED),
    EXPIRED(io.tern.smpp.pdu.MessageState.EXPIRED),
    DELETED(io.tern.smpp.pdu.MessageState.DELETED),
    UNDELIVERABLE(io.tern.smpp.pdu.MessageState.UNDELIVERABLE),
    ACCEPTED(io.tern.smpp.pdu.MessageState.ACCEPTED),
    UNKNOWN(io.tern.smpp.pdu.MessageState.UNKNOWN),
    REJECTED(io.tern.smpp.pdu.MessageState.REJECTED);

    private static final MessageState[] BY_CODE = new MessageState[9];

    static {
        for (MessageState s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final io.tern.smpp.pdu.MessageState smpp;
    private final int code;

    MessageState(io.tern.smpp.pdu.MessageState smpp) {
        this.smpp = smpp;
        this.code = smpp.value();
    }

    /** The SMPP {@code message_state} value. */
    public int code() {
        return code;
    }

    /** The same state in the SMPP library's terms (its receipt stat: {@code ReceiptStat.of(smpp())}). */
    public io.tern.smpp.pdu.MessageState smpp() {
        return smpp;
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
