package io.tern.smpp.pdu;

import java.util.Objects;

/** generic_nack (SMPP 3.4 §4.3): the answer to a PDU with an invalid header or an unknown command_id. */
public record GenericNack(int sequenceNumber, CommandStatus commandStatus) implements PduResponse {

    public GenericNack {
        Objects.requireNonNull(commandStatus, "command_status");
    }

    public GenericNack(int sequenceNumber) {
        this(sequenceNumber, CommandStatus.ESME_ROK);
    }

    @Override
    public CommandId commandId() {
        return CommandId.GENERIC_NACK;
    }
}
