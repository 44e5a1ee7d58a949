package io.tern.smpp.pdu;

/** A PDU that is sent to start an operation; most have a matching response (§2.4). */
public sealed interface PduRequest extends Pdu
        permits Bind, Outbind, Unbind, EnquireLink,
        ShortMessagePdu, SubmitMulti, DataSm, QuerySm, CancelSm, ReplaceSm, AlertNotification,
        BroadcastSm, QueryBroadcastSm, CancelBroadcastSm {

    @Override
    default CommandStatus commandStatus() {
        return CommandStatus.ESME_ROK;
    }

    /** This request with another sequence number: the session assigns numbers when it sends. */
    PduRequest withSequenceNumber(int sequenceNumber);

    /** True when the request expects a response (all but outbind and alert_notification). */
    default boolean expectsResponse() {
        return commandId().response() != null;
    }

    /** The response to this request carrying only a status (an error, or a bare OK). */
    default PduResponse errorResponse(CommandStatus status) {
        return Pdus.emptyResponse(commandId(), sequenceNumber(), status);
    }
}
