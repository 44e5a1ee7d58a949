package io.tern.smpp.pdu;

import java.util.Objects;

/** replace_sm_resp (SMPP 3.4 §4.10.2). */
public record ReplaceSmResp(int sequenceNumber, CommandStatus commandStatus) implements PduResponse {

    public ReplaceSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
    }

    public ReplaceSmResp(int sequenceNumber) {
        this(sequenceNumber, CommandStatus.ESME_ROK);
    }

    @Override
    public CommandId commandId() {
        return CommandId.REPLACE_SM_RESP;
    }
}
