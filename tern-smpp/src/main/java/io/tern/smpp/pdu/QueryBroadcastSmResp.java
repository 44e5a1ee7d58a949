package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/** query_broadcast_sm_resp (SMPP 5.0 §4.6.1.3); the state and areas travel as TLVs. */
public record QueryBroadcastSmResp(int sequenceNumber, CommandStatus commandStatus, String messageId, Tlvs tlvs)
        implements PduResponse {

    public QueryBroadcastSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.QUERY_BROADCAST_SM_RESP;
    }
}
