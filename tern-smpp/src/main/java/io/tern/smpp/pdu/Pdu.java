package io.tern.smpp.pdu;

/**
 * One SMPP protocol data unit (SMPP 3.4 §3.2). Every PDU is an immutable record; the
 * command_id comes from the type and command_length is computed when encoding.
 */
public sealed interface Pdu permits PduRequest, PduResponse {

    CommandId commandId();

    int sequenceNumber();

    /** command_status: always ESME_ROK for requests (§3.2: "set to NULL" in requests). */
    CommandStatus commandStatus();

    default boolean isRequest() {
        return this instanceof PduRequest;
    }
}
