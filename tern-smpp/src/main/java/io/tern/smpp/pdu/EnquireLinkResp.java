package io.tern.smpp.pdu;

import java.util.Objects;

/** enquire_link_resp (SMPP 3.4 §4.11.2). */
public record EnquireLinkResp(int sequenceNumber, CommandStatus commandStatus) implements PduResponse {

    public EnquireLinkResp {
        Objects.requireNonNull(commandStatus, "command_status");
    }

    public EnquireLinkResp(int sequenceNumber) {
        this(sequenceNumber, CommandStatus.ESME_ROK);
    }

    @Override
    public CommandId commandId() {
        return CommandId.ENQUIRE_LINK_RESP;
    }
}
