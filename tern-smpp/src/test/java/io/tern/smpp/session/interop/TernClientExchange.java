package io.tern.smpp.session.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ESME-side operations the Tern client runs against a foreign SMSC. */
final class TernClientExchange {

    static final Address A = Address.international("4412345");
    static final Address B = Address.international("4498765");

    private TernClientExchange() {
    }

    private static PduResponse call(SmppSession s, PduRequest r) throws Exception {
        PduResponse resp = s.send(r).get(10, TimeUnit.SECONDS);
        assertThat(resp.commandStatus()).as("%s", r.commandId()).isEqualTo(CommandStatus.ESME_ROK);
        return resp;
    }

    /** submit_sm, data_sm, query_sm, cancel_sm, replace_sm, (submit_multi), enquire_link; all must be OK. */
    static void submitEverything(SmppSession s, boolean submitMulti) throws Exception {
        SubmitSmResp submitted = (SubmitSmResp) call(s, SubmitSm.of(A, B, "hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(submitted.messageId()).isNotEmpty();
        DataSmResp data = (DataSmResp) call(s, new DataSm(0, "", A, B, 0, 0, 0,
                Tlvs.builder().messagePayload("payload".getBytes(StandardCharsets.US_ASCII)).build()));
        assertThat(data.messageId()).isNotEmpty();
        QuerySmResp q = (QuerySmResp) call(s, new QuerySm(0, submitted.messageId(), A));
        assertThat(q.messageState()).isEqualTo(2);
        call(s, new CancelSm(0, "", submitted.messageId(), A, B));
        call(s, new ReplaceSm(0, submitted.messageId(), A, "", "", 0, 0, "new".getBytes(StandardCharsets.US_ASCII)));
        if (submitMulti) {
            SubmitMultiResp m = (SubmitMultiResp) call(s, new SubmitMulti(0, "", A,
                    List.of(new DestAddress.Sme(B), new DestAddress.Sme(Address.international("4401"))), 0, 0, 0, "",
                    "", 0, 0, 0, 0, "multi".getBytes(StandardCharsets.US_ASCII), Tlvs.EMPTY));
            assertThat(m.messageId()).isNotEmpty();
        }
        call(s, new EnquireLink(0));
        assertThat(s.counters().pdusIn(CommandId.ENQUIRE_LINK_RESP)).isGreaterThanOrEqualTo(1);
    }

    static boolean canSubmit(BindType t) {
        return t.canSubmit();
    }
}
