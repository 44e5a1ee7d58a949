package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/** broadcast_sm_resp (SMPP 5.0 §4.4.2). */
public record BroadcastSmResp(int sequenceNumber, CommandStatus commandStatus, String messageId, Tlvs tlvs)
        implements PduResponse {

    public BroadcastSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.BROADCAST_SM_RESP;
    }
}
