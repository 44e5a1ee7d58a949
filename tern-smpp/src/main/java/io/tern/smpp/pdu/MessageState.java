package io.tern.smpp.pdu;

/** message_state values (SMPP 3.4 §5.2.28; SCHEDULED and SKIPPED from SMPP 5.0 §4.7.15). */
public enum MessageState {
    SCHEDULED(0),
    ENROUTE(1),
    DELIVERED(2),
    EXPIRED(3),
    DELETED(4),
    UNDELIVERABLE(5),
    ACCEPTED(6),
    UNKNOWN(7),
    REJECTED(8),
    SKIPPED(9);

    private static final MessageState[] BY_VALUE = values();

    private final int value;

    MessageState(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** Final states: the message will not be attempted again. */
    public boolean isFinal() {
        return this != SCHEDULED && this != ENROUTE;
    }

    public static MessageState of(int value) {
        if (value < 0 || value >= BY_VALUE.length) {
            return UNKNOWN;
        }
        return BY_VALUE[value];
    }
}
