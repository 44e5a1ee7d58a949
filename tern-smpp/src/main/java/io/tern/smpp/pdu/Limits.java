package io.tern.smpp.pdu;

import java.nio.charset.StandardCharsets;

/**
 * Field length limits of SMPP 3.4 §5.2 (C-Octet String sizes include the terminating NUL) and
 * the checks applied when a PDU is constructed; the decoder applies the same limits to bytes on
 * the wire.
 */
public final class Limits {

    public static final int SYSTEM_ID = 16;
    public static final int PASSWORD = 9;
    public static final int SYSTEM_TYPE = 13;
    public static final int ADDRESS_RANGE = 41;
    public static final int SERVICE_TYPE = 6;
    /** source_addr / destination_addr of submit_sm, deliver_sm, submit_multi, query, cancel, replace. */
    public static final int ADDR_21 = 21;
    /** source_addr / destination_addr of data_sm and alert_notification. */
    public static final int ADDR_65 = 65;
    public static final int TIME = 17;
    public static final int MESSAGE_ID = 65;
    public static final int DL_NAME = 21;
    public static final int SHORT_MESSAGE = 254;
    public static final int MAX_DESTS = 254;

    private Limits() {
    }

    /** Checks a C-Octet String value: ASCII-compatible, no NUL, at most {@code size - 1} octets. */
    public static String checkCString(String value, int size, CommandStatus status, String field) {
        // kept small so that it inlines into the record constructors; the messages are built in
        // cStringError, off the hot path.
        if (value == null || value.length() > size - 1) {
            throw cStringError(value, size, status, field);
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            // one unsigned compare: c - 1 wraps to 0xFFFF for NUL; above 0xFE it is NUL or not an octet
            if ((char) (value.charAt(i) - 1) >= 0xFF) {
                throw cStringError(value, size, status, field);
            }
        }
        return value;
    }

    private static PduValidationException cStringError(String value, int size, CommandStatus status, String field) {
        if (value == null) {
            return new PduValidationException(status, field + " is null");
        }
        if (value.length() > size - 1) {
            return new PduValidationException(status,
                    field + " is " + value.length() + " octets, at most " + (size - 1) + " allowed");
        }
        int i = 0;
        while (value.charAt(i) != 0 && value.charAt(i) <= 0xFF) {
            i++;
        }
        return new PduValidationException(status, field + " holds a NUL or non-octet character at " + i);
    }

    /** Checks an SMPP time field: empty, or exactly 16 characters (the format is checked by SmppTime). */
    public static String checkTime(String value, CommandStatus status, String field) {
        checkCString(value, TIME, status, field);
        if (!value.isEmpty() && value.length() != TIME - 1) {
            throw new PduValidationException(status, field + " must be empty or 16 characters, was " + value.length());
        }
        return value;
    }

    public static byte[] checkShortMessage(byte[] shortMessage) {
        if (shortMessage == null) {
            throw new PduValidationException(CommandStatus.ESME_RINVMSGLEN, "short_message is null");
        }
        if (shortMessage.length > SHORT_MESSAGE) {
            throw new PduValidationException(CommandStatus.ESME_RINVMSGLEN,
                    "short_message is " + shortMessage.length + " octets, at most " + SHORT_MESSAGE + " allowed");
        }
        return shortMessage;
    }

    /** A one-octet field with no error code of its own (addr_ton, interface_version, ...): ESME_RSYSERR. */
    public static int checkUnsignedByte(int value, String field) {
        return checkUnsignedByte(value, CommandStatus.ESME_RSYSERR, field);
    }

    /**
     * A one-octet field, out of 0..255 reported with the field's own code: esm_class
     * ESME_RINVESMCLASS, priority_flag ESME_RINVPRTFLG, registered_delivery ESME_RINVREGDLVFLG,
     * replace_if_present_flag ESME_RINVREPFLAG, sm_default_msg_id ESME_RINVDFTMSGID, data_coding
     * ESME_RINVDCS (SMPP 5.0; 3.4 has no code for it).
     */
    public static int checkUnsignedByte(int value, CommandStatus status, String field) {
        if (value < 0 || value > 0xFF) {
            throw new PduValidationException(status, field + " must be 0..255, was " + value);
        }
        return value;
    }

    public static void checkAddress(Address address, int size, CommandStatus status, String field) {
        if (address == null) {
            throw new PduValidationException(status, field + " is null");
        }
        checkCString(address.address(), size, status, field);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
