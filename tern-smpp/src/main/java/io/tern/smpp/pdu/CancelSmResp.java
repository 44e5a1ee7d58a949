package io.tern.smpp.pdu;

import java.util.Objects;

/** cancel_sm_resp (SMPP 3.4 §4.9.2). */
public record CancelSmResp(int sequenceNumber, CommandStatus commandStatus) implements PduResponse {

    public CancelSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
    }

    public CancelSmResp(int sequenceNumber) {
        this(sequenceNumber, CommandStatus.ESME_ROK);
    }

    @Override
    public CommandId commandId() {
        return CommandId.CANCEL_SM_RESP;
    }
}
