package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/** data_sm_resp (SMPP 3.4 §4.7.2). */
public record DataSmResp(int sequenceNumber, CommandStatus commandStatus, String messageId, Tlvs tlvs)
        implements PduResponse {

    public DataSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.DATA_SM_RESP;
    }
}
