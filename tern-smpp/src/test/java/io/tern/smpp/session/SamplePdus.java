package io.tern.smpp.session;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.BroadcastSm;
import io.tern.smpp.pdu.CancelBroadcastSm;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QueryBroadcastSm;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One valid request of every kind, and handlers, for the session tests. */
final class SamplePdus {

    static final Address A = Address.international("4412345");
    static final Address B = Address.international("4498765");

    private SamplePdus() {
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static PduRequest request(CommandId id, int seq) {
        return switch (id) {
            case BIND_TRANSMITTER -> Bind.of(BindType.TRANSMITTER, seq, "esme", "pw", "", 0x34, 0, 0, "");
            case BIND_RECEIVER -> Bind.of(BindType.RECEIVER, seq, "esme", "pw", "", 0x34, 0, 0, "");
            case BIND_TRANSCEIVER -> Bind.of(BindType.TRANSCEIVER, seq, "esme", "pw", "", 0x34, 0, 0, "");
            case OUTBIND -> new Outbind(seq, "smsc", "pw");
            case UNBIND -> new Unbind(seq);
            case ENQUIRE_LINK -> new EnquireLink(seq);
            case SUBMIT_SM -> SubmitSm.of(A, B, text("hi")).withSequenceNumber(seq);
            case DELIVER_SM -> DeliverSm.of(A, B, text("hi")).withSequenceNumber(seq);
            case SUBMIT_MULTI -> new SubmitMulti(seq, "", A, List.of(new DestAddress.Sme(B)), 0, 0, 0, "", "", 0, 0,
                    0, 0, text("hi"), Tlvs.EMPTY);
            case DATA_SM -> new DataSm(seq, "", A, B, 0, 0, 0, Tlvs.builder().messagePayload(text("hi")).build());
            case QUERY_SM -> new QuerySm(seq, "id1", A);
            case CANCEL_SM -> new CancelSm(seq, "", "id1", A, B);
            case REPLACE_SM -> new ReplaceSm(seq, "id1", A, "", "", 0, 0, text("hi"));
            case ALERT_NOTIFICATION -> new AlertNotification(seq, A, B, Tlvs.EMPTY);
            case BROADCAST_SM -> new BroadcastSm(seq, "", A, "", 0, "", "", 0, 0, 0, Tlvs.EMPTY);
            case QUERY_BROADCAST_SM -> new QueryBroadcastSm(seq, "id1", A, Tlvs.EMPTY);
            case CANCEL_BROADCAST_SM -> new CancelBroadcastSm(seq, "", "id1", A, Tlvs.EMPTY);
            default -> throw new IllegalArgumentException(id + " is not a request");
        };
    }

    /** A handler that answers every request at once with ESME_ROK (submit_sm gets message_id "m"+seq). */
    static SmppRequestHandler answerAll() {
        return (session, req) -> {
            if (req instanceof SubmitSm) {
                return CompletableFuture.completedFuture(new SubmitSmResp(req.sequenceNumber(),
                        CommandStatus.ESME_ROK, "m" + req.sequenceNumber()));
            }
            PduResponse ok = req.errorResponse(CommandStatus.ESME_ROK);
            return CompletableFuture.completedFuture(ok);
        };
    }
}
