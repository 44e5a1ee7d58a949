package io.tern.smpp.pdu;

import java.util.Objects;

/** cancel_broadcast_sm_resp (SMPP 5.0 §4.6.2.3). */
public record CancelBroadcastSmResp(int sequenceNumber, CommandStatus commandStatus) implements PduResponse {

    public CancelBroadcastSmResp {
        Objects.requireNonNull(commandStatus, "command_status");
    }

    public CancelBroadcastSmResp(int sequenceNumber) {
        this(sequenceNumber, CommandStatus.ESME_ROK);
    }

    @Override
    public CommandId commandId() {
        return CommandId.CANCEL_BROADCAST_SM_RESP;
    }
}
