package io.tern.smpp.pdu;

import java.util.Objects;

/** unbind_resp (SMPP 3.4 §4.2.2). */
public record UnbindResp(int sequenceNumber, CommandStatus commandStatus) implements PduResponse {

    public UnbindResp {
        Objects.requireNonNull(commandStatus, "command_status");
    }

    public UnbindResp(int sequenceNumber) {
        this(sequenceNumber, CommandStatus.ESME_ROK);
    }

    @Override
    public CommandId commandId() {
        return CommandId.UNBIND_RESP;
    }
}
