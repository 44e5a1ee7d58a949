package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.List;

/** Factories for PDUs that are built from a command id rather than from fields. */
public final class Pdus {

    private Pdus() {
    }

    /**
     * The response to a request of type {@code request} carrying only a status: what a receiver
     * answers when it rejects a request. For commands without a response (or unknown ones) the
     * answer is generic_nack (§4.3).
     */
    public static PduResponse emptyResponse(CommandId request, int sequenceNumber, CommandStatus status) {
        CommandId resp = request == null ? null : request.response();
        if (resp == null) {
            return new GenericNack(sequenceNumber, status);
        }
        return switch (resp) {
            case BIND_TRANSMITTER_RESP -> new BindTransmitterResp(sequenceNumber, status, "", Tlvs.EMPTY);
            case BIND_RECEIVER_RESP -> new BindReceiverResp(sequenceNumber, status, "", Tlvs.EMPTY);
            case BIND_TRANSCEIVER_RESP -> new BindTransceiverResp(sequenceNumber, status, "", Tlvs.EMPTY);
            case UNBIND_RESP -> new UnbindResp(sequenceNumber, status);
            case ENQUIRE_LINK_RESP -> new EnquireLinkResp(sequenceNumber, status);
            case SUBMIT_SM_RESP -> new SubmitSmResp(sequenceNumber, status, "");
            case DELIVER_SM_RESP -> new DeliverSmResp(sequenceNumber, status, "");
            case SUBMIT_MULTI_RESP -> new SubmitMultiResp(sequenceNumber, status, "", List.of());
            case DATA_SM_RESP -> new DataSmResp(sequenceNumber, status, "", Tlvs.EMPTY);
            case QUERY_SM_RESP -> new QuerySmResp(sequenceNumber, status, "", "", 0, 0);
            case CANCEL_SM_RESP -> new CancelSmResp(sequenceNumber, status);
            case REPLACE_SM_RESP -> new ReplaceSmResp(sequenceNumber, status);
            case BROADCAST_SM_RESP -> new BroadcastSmResp(sequenceNumber, status, "", Tlvs.EMPTY);
            case QUERY_BROADCAST_SM_RESP -> new QueryBroadcastSmResp(sequenceNumber, status, "", Tlvs.EMPTY);
            case CANCEL_BROADCAST_SM_RESP -> new CancelBroadcastSmResp(sequenceNumber, status);
            default -> new GenericNack(sequenceNumber, status);
        };
    }
}
