package io.tern.smpp.session.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.session.SessionState;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceIfPresentFlag;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.MessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** jSMPP's client (org.jsmpp.session.SMPPSession) against a Tern server, for every bind type. */
class JsmppClientToTernServerTest {

    private static TernServerFixture tern;

    @BeforeAll
    static void start() {
        tern = new TernServerFixture();
    }

    @AfterAll
    static void stop() {
        tern.close();
    }

    @ParameterizedTest
    @EnumSource(value = BindType.class, names = {"BIND_TX", "BIND_RX", "BIND_TRX"})
    void bindsExchangesEveryOperationAndUnbinds(BindType type) throws Exception {
        tern.received.clear();
        BlockingQueue<org.jsmpp.bean.DeliverSm> delivered = new LinkedBlockingQueue<>();
        BlockingQueue<org.jsmpp.bean.DataSm> dataReceived = new LinkedBlockingQueue<>();
        SMPPSession js = new SMPPSession();
        js.setTransactionTimer(5000);
        js.setEnquireLinkTimer(200);
        js.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(org.jsmpp.bean.DeliverSm deliverSm) {
                delivered.add(deliverSm);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
            }

            @Override
            public DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm, Session source)
                    throws ProcessRequestException {
                dataReceived.add(dataSm);
                try {
                    return new DataSmResult(new MessageId("js1"), new OptionalParameter[0]);
                } catch (org.jsmpp.PDUStringException e) {
                    throw new ProcessRequestException(e.getMessage(), 8);
                }
            }
        });
        js.connectAndBind("127.0.0.1", tern.plainPort, new BindParameter(type, "jsmpp", TernServerFixture.PASSWORD,
                "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
        SmppSession session = tern.nextBound();
        assertThat(session.systemId()).isEqualTo("jsmpp");

        if (type != BindType.BIND_RX) {
            String id = js.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4412345",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4498765", new ESMClass(), (byte) 0,
                    (byte) 1, null, null, new RegisteredDelivery(0), (byte) 0,
                    new GeneralDataCoding(Alphabet.ALPHA_DEFAULT), (byte) 0, "hello".getBytes(StandardCharsets.US_ASCII))
                    .getMessageId();
            assertThat(id).startsWith("msg-");
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.SUBMIT_SM);

            DataSmResult data = js.dataShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                    "4412345", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4498765", new ESMClass(),
                    new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), "payload"));
            assertThat(data.getMessageId()).startsWith("data-");
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.DATA_SM);

            QuerySmResult q = js.queryShortMessage(id, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                    "4412345");
            assertThat(q.getMessageState()).isEqualTo(org.jsmpp.bean.MessageState.DELIVERED);
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.QUERY_SM);

            js.cancelShortMessage("", id, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4412345",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4498765");
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.CANCEL_SM);

            js.replaceShortMessage(id, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4412345", null, null,
                    new RegisteredDelivery(0), (byte) 0, "new text".getBytes(StandardCharsets.US_ASCII));
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.REPLACE_SM);

            String multi = js.submitMultiple("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4412345",
                    new org.jsmpp.bean.Address[] {
                        new org.jsmpp.bean.Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4401"),
                        new org.jsmpp.bean.Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4402")},
                    new ESMClass(), (byte) 0, (byte) 1, null, null, new RegisteredDelivery(0),
                    ReplaceIfPresentFlag.DEFAULT, new GeneralDataCoding(Alphabet.ALPHA_DEFAULT), (byte) 0,
                    "multi".getBytes(StandardCharsets.US_ASCII)).getMessageId();
            assertThat(multi).startsWith("multi-");
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.SUBMIT_MULTI);
        }
        if (type != BindType.BIND_TX) {
            PduResponse r = session.send(DeliverSm.of(Address.international("4498765"),
                    Address.international("4412345"), "from tern".getBytes(StandardCharsets.US_ASCII)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            assertThat(new String(delivered.poll(10, TimeUnit.SECONDS).getShortMessage(), StandardCharsets.US_ASCII))
                    .isEqualTo("from tern");
            PduResponse d = session.send(new DataSm(0, "", Address.international("4498765"),
                    Address.international("4412345"), 0, 0, 0,
                    Tlvs.builder().messagePayload("data from tern".getBytes(StandardCharsets.US_ASCII)).build()))
                    .get(10, TimeUnit.SECONDS);
            assertThat(d.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            assertThat(dataReceived.poll(10, TimeUnit.SECONDS)).isNotNull();
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> session.counters().pdusIn(CommandId.ENQUIRE_LINK) > 0);

        js.unbindAndClose();
        await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.CLOSED);
        assertThat(session.counters().pdusIn(CommandId.UNBIND)).isEqualTo(1);
        assertThat(session.counters().pdusOut(CommandId.UNBIND_RESP)).isEqualTo(1);
        assertThat(session.counters().errorsSent()).isEmpty();
    }
}
