package io.tern.smpp.codec;

import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.Pdus;

/**
 * Bytes that are not a valid PDU. It carries what the receiver needs to answer (SMPP 3.4 §3.3,
 * §4.3): the raw command_id, the sequence_number when it could be read, the status to answer
 * with, and whether the framing is lost (the connection must then be closed).
 *
 * <p>Thrown on the hot path for hostile input, so it has no stack trace.
 */
public final class PduDecodeException extends Exception {

    /** Marks a sequence number that could not be read. */
    public static final int NO_SEQUENCE = -1;

    private final int rawCommandId;
    private final int sequenceNumber;
    private final transient CommandStatus status;
    private final boolean framingLost;

    public PduDecodeException(int rawCommandId, int sequenceNumber, CommandStatus status, boolean framingLost,
            String message) {
        super(message, null, false, false);
        this.rawCommandId = rawCommandId;
        this.sequenceNumber = sequenceNumber;
        this.status = status;
        this.framingLost = framingLost;
    }

    public int rawCommandId() {
        return rawCommandId;
    }

    /** The command, or {@code null} if the command_id is not an SMPP command. */
    public CommandId commandId() {
        return CommandId.lookup(rawCommandId);
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    public boolean hasSequenceNumber() {
        return sequenceNumber != NO_SEQUENCE;
    }

    public CommandStatus status() {
        return status;
    }

    /** True when the byte stream can no longer be split into PDUs: the connection must close. */
    public boolean framingLost() {
        return framingLost;
    }

    /**
     * The PDU to send back, or {@code null} when nothing should be sent (a broken response is
     * not answered, §2.8). A request with a known command_id gets its own response carrying the
     * error; anything else gets generic_nack.
     */
    public PduResponse answer() {
        CommandId id = commandId();
        if (id != null && id.isResponse()) {
            return null;
        }
        int seq = hasSequenceNumber() ? sequenceNumber : 0;
        if (framingLost || id == null) {
            return Pdus.emptyResponse(null, seq, status);
        }
        return Pdus.emptyResponse(id, seq, status);
    }

    @Override
    public String toString() {
        return "PduDecodeException[" + status.mnemonic() + ", command_id=0x" + Integer.toHexString(rawCommandId)
                + ", seq=" + sequenceNumber + (framingLost ? ", framing lost" : "") + ": " + getMessage() + "]";
    }
}
