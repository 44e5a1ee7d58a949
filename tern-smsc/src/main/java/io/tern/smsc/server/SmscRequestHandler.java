package io.tern.smsc.server;

import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.submit.MessageIds;
import io.tern.smsc.submit.SubmissionService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers the requests of one bound ESME session by handing them to the submission service. The
 * session layer has already checked that the request is allowed in the bind state (§2.4).
 */
final class SmscRequestHandler implements SmppRequestHandler {

    private final AccountHandle account;
    private final SubmissionService submission;
    private final SmscEvents events;

    SmscRequestHandler(AccountHandle account, SubmissionService submission) {
        this(account, submission, SmscEvents.NONE);
    }

    SmscRequestHandler(AccountHandle account, SubmissionService submission, SmscEvents events) {
        this.account = account;
        this.submission = submission;
        this.events = events;
    }

    @Override
    public CompletionStage<PduResponse> handle(SmppSession session, PduRequest request) {
        switch (request.commandId()) {
            case SUBMIT_SM:
                return observed("submit_sm", submission.submitSm(account, (SubmitSm) request, idForm(session)));
            case DATA_SM:
                return observed("data_sm", submission.dataSm(account, (DataSm) request, idForm(session)));
            case SUBMIT_MULTI:
                return observed("submit_multi", submission.submitMulti(account, (SubmitMulti) request,
                        idForm(session)));
            case QUERY_SM:
                return submission.querySm(account, (QuerySm) request);
            case CANCEL_SM:
                return submission.cancelSm(account, (CancelSm) request);
            case REPLACE_SM:
                return submission.replaceSm(account, (ReplaceSm) request);
            default:
                // broadcast_sm and friends (SMPP 5.0): Tern has no cell broadcast network
                return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
        }
    }

    /** SMPP 3.3 ESMEs take message_ids of at most 8 characters (docs/protocol.md). */
    private static MessageIds.Form idForm(SmppSession session) {
        return MessageIds.Form.forInterfaceVersion(session.peerInterfaceVersion());
    }

    /**
     * The status a submission is counted under: the response's, except for a submit_multi that took
     * no destination (ESME_ROK, no message_id, every destination in unsuccess_sme: nothing was
     * stored), counted under its first destination's status, as the refusal it is.
     */
    private static CommandStatus countedStatus(PduResponse resp) {
        if (resp == null) {
            return CommandStatus.ESME_RSYSERR;
        }
        if (resp instanceof SubmitMultiResp r && r.commandStatus() == CommandStatus.ESME_ROK
                && r.messageId().isEmpty() && !r.unsuccessSmes().isEmpty()) {
            return r.unsuccessSmes().get(0).errorStatusCode();
        }
        return resp.commandStatus();
    }

    /** Tells {@link SmscEvents} how a submission was answered; the response itself is untouched. */
    private CompletionStage<PduResponse> observed(String command, CompletableFuture<PduResponse> response) {
        if (events == SmscEvents.NONE) {
            return response;
        }
        return response.whenComplete((resp, e) -> {
            try {
                events.submitted(account.systemId(), command, countedStatus(resp));
            } catch (RuntimeException ignored) {
                // an observer's bug must not change the answer
            }
        });
    }
}
