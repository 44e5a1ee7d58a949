package io.tern.smpp.pdu;

import java.util.Objects;

/** submit_sm_resp (SMPP 3.4 §4.4.2). On error the body is empty and message_id is "". */
public record SubmitSmResp(int sequenceNumber, CommandStatus commandStatus, String messageId) implements PduResponse {

    public SubmitSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
    }

    @Override
    public CommandId commandId() {
        return CommandId.SUBMIT_SM_RESP;
    }
}
