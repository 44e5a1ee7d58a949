package io.tern.smpp.pdu;

import java.util.Objects;

/** query_sm_resp (SMPP 3.4 §4.8.2): message_state, final_date and the network error_code. */
public record QuerySmResp(int sequenceNumber, CommandStatus commandStatus, String messageId, String finalDate,
        int messageState, int errorCode) implements PduResponse {

    public QuerySmResp {
        Objects.requireNonNull(commandStatus, "command_status");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Limits.checkTime(finalDate, CommandStatus.ESME_RQUERYFAIL, "final_date");
        Limits.checkUnsignedByte(messageState, "message_state");
        Limits.checkUnsignedByte(errorCode, "error_code");
    }

    @Override
    public CommandId commandId() {
        return CommandId.QUERY_SM_RESP;
    }
}
