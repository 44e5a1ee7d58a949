package io.tern.smpp.pdu;

import java.util.Objects;

/** deliver_sm_resp (SMPP 3.4 §4.6.2); message_id is unused and normally "". */
public record DeliverSmResp(int sequenceNumber, CommandStatus commandStatus, String messageId) implements PduResponse {

    public DeliverSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
    }

    public DeliverSmResp(int sequenceNumber, CommandStatus commandStatus) {
        this(sequenceNumber, commandStatus, "");
    }

    @Override
    public CommandId commandId() {
        return CommandId.DELIVER_SM_RESP;
    }
}
