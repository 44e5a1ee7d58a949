package io.tern.smpp.pdu;

import java.util.List;
import java.util.Objects;

/** submit_multi_resp (SMPP 3.4 §4.5.2): the message_id and the destinations that failed. */
public record SubmitMultiResp(int sequenceNumber, CommandStatus commandStatus, String messageId,
        List<UnsuccessSme> unsuccessSmes) implements PduResponse {

    public SubmitMultiResp {
        Objects.requireNonNull(commandStatus, "command_status");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        unsuccessSmes = List.copyOf(unsuccessSmes);
        if (unsuccessSmes.size() > Limits.MAX_DESTS) {
            throw new PduValidationException(CommandStatus.ESME_RINVNUMDESTS, "more than " + Limits.MAX_DESTS + " unsuccess_sme entries");
        }
    }

    @Override
    public CommandId commandId() {
        return CommandId.SUBMIT_MULTI_RESP;
    }
}
