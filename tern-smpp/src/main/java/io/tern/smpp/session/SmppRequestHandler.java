package io.tern.smpp.session;

import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import java.util.concurrent.CompletionStage;

/**
 * Answers the peer's requests (SMPP 3.4 §2.5: operations are asynchronous). The session writes
 * the response when the stage completes, on the channel's event loop, in whatever order stages
 * complete. The response must carry {@code request.sequenceNumber()}. A failed stage, a thrown
 * exception or a {@code null} response is answered with ESME_RSYSERR. For requests without a
 * response (alert_notification, outbind) the result is ignored. To shed load answer
 * {@code request.errorResponse(ESME_RTHROTTLED)} or ESME_RMSGQFUL.
 *
 * <p>Never block in {@code handle}: it runs on the event loop.
 */
@FunctionalInterface
public interface SmppRequestHandler {

    CompletionStage<PduResponse> handle(SmppSession session, PduRequest request);
}
