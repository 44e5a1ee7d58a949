package io.tern.smpp.pdu;

/**
 * The command_id values of SMPP 3.4 §5.1.2.1, plus the SMPP 5.0 broadcast operations (§4.12).
 * A response's id is its request's id with bit 31 set.
 */
public enum CommandId {
    GENERIC_NACK(0x80000000),
    BIND_RECEIVER(0x00000001),
    BIND_RECEIVER_RESP(0x80000001),
    BIND_TRANSMITTER(0x00000002),
    BIND_TRANSMITTER_RESP(0x80000002),
    QUERY_SM(0x00000003),
    QUERY_SM_RESP(0x80000003),
    SUBMIT_SM(0x00000004),
    SUBMIT_SM_RESP(0x80000004),
    DELIVER_SM(0x00000005),
    DELIVER_SM_RESP(0x80000005),
    UNBIND(0x00000006),
    UNBIND_RESP(0x80000006),
    REPLACE_SM(0x00000007),
    REPLACE_SM_RESP(0x80000007),
    CANCEL_SM(0x00000008),
    CANCEL_SM_RESP(0x80000008),
    BIND_TRANSCEIVER(0x00000009),
    BIND_TRANSCEIVER_RESP(0x80000009),
    OUTBIND(0x0000000B),
    ENQUIRE_LINK(0x00000015),
    ENQUIRE_LINK_RESP(0x80000015),
    SUBMIT_MULTI(0x00000021),
    SUBMIT_MULTI_RESP(0x80000021),
    ALERT_NOTIFICATION(0x00000102),
    DATA_SM(0x00000103),
    DATA_SM_RESP(0x80000103),
    BROADCAST_SM(0x00000111),
    BROADCAST_SM_RESP(0x80000111),
    QUERY_BROADCAST_SM(0x00000112),
    QUERY_BROADCAST_SM_RESP(0x80000112),
    CANCEL_BROADCAST_SM(0x00000113),
    CANCEL_BROADCAST_SM_RESP(0x80000113);

    private static final int RESPONSE_BIT = 0x80000000;

    private final int code;

    CommandId(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for responses and generic_nack. */
    public boolean isResponse() {
        return (code & RESPONSE_BIT) != 0;
    }

    /**
     * The response that answers this request, or {@code null} for PDUs that have none (outbind,
     * alert_notification, and every response).
     */
    public CommandId response() {
        if (isResponse()) {
            return null;
        }
        return lookup(code | RESPONSE_BIT);
    }

    /** The command for a raw id, or {@code null} when the id is not an SMPP command. */
    public static CommandId lookup(int code) {
        return switch (code) {
            case 0x80000000 -> GENERIC_NACK;
            case 0x00000001 -> BIND_RECEIVER;
            case 0x80000001 -> BIND_RECEIVER_RESP;
            case 0x00000002 -> BIND_TRANSMITTER;
            case 0x80000002 -> BIND_TRANSMITTER_RESP;
            case 0x00000003 -> QUERY_SM;
            case 0x80000003 -> QUERY_SM_RESP;
            case 0x00000004 -> SUBMIT_SM;
            case 0x80000004 -> SUBMIT_SM_RESP;
            case 0x00000005 -> DELIVER_SM;
            case 0x80000005 -> DELIVER_SM_RESP;
            case 0x00000006 -> UNBIND;
            case 0x80000006 -> UNBIND_RESP;
            case 0x00000007 -> REPLACE_SM;
            case 0x80000007 -> REPLACE_SM_RESP;
            case 0x00000008 -> CANCEL_SM;
            case 0x80000008 -> CANCEL_SM_RESP;
            case 0x00000009 -> BIND_TRANSCEIVER;
            case 0x80000009 -> BIND_TRANSCEIVER_RESP;
            case 0x0000000B -> OUTBIND;
            case 0x00000015 -> ENQUIRE_LINK;
            case 0x80000015 -> ENQUIRE_LINK_RESP;
            case 0x00000021 -> SUBMIT_MULTI;
            case 0x80000021 -> SUBMIT_MULTI_RESP;
            case 0x00000102 -> ALERT_NOTIFICATION;
            case 0x00000103 -> DATA_SM;
            case 0x80000103 -> DATA_SM_RESP;
            case 0x00000111 -> BROADCAST_SM;
            case 0x80000111 -> BROADCAST_SM_RESP;
            case 0x00000112 -> QUERY_BROADCAST_SM;
            case 0x80000112 -> QUERY_BROADCAST_SM_RESP;
            case 0x00000113 -> CANCEL_BROADCAST_SM;
            case 0x80000113 -> CANCEL_BROADCAST_SM_RESP;
            default -> null;
        };
    }
}
