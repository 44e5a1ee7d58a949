package io.tern.bench.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.junit.jupiter.api.Test;

class ReferenceServersTest {

    @Test
    void cloudhopperServerAcceptsASubmitAndSendsItsReceipt() throws Exception {
        try (CloudhopperReferenceServer server = CloudhopperReferenceServer.start(0, true)) {
            submitOneAndAwaitReceipt(server.port());
        }
    }

    @Test
    void jsmppServerAcceptsASubmitAndSendsItsReceipt() throws Exception {
        try (JsmppReferenceServer server = JsmppReferenceServer.start(0, true)) {
            submitOneAndAwaitReceipt(server.port());
        }
    }

    @Test
    void optionsReadPortAndReceipts() {
        assertThat(ReferenceOptions.parse(new String[] {"--port", "0", "--receipts", "true"}))
                .isEqualTo(new ReferenceOptions(0, true, ReceiptStyle.DEFAULT));
        assertThat(ReferenceOptions.parse(new String[0]))
                .isEqualTo(new ReferenceOptions(2775, false, ReceiptStyle.DEFAULT));
        assertThat(ReferenceOptions.parse(new String[] {"--receipt-id", "decimal:20", "--receipt-tlvs", "false"})
                .style()).isEqualTo(new ReceiptStyle(ReceiptStyle.TextId.DECIMAL, 20, false));
    }

    @Test
    void receiptStylesWriteTheHexIdOrItsDecimalValue() {
        assertThat(ReceiptStyle.DEFAULT.textIdOf("1f4")).isEqualTo("1f4");
        assertThat(ReceiptStyle.parse("decimal", false).textIdOf("1f4")).isEqualTo("500");
        assertThat(ReceiptStyle.parse("decimal:10", true).textIdOf("1f4")).isEqualTo("0000000500");
        assertThat(ReceiptStyle.parse("decimal:2", true).textIdOf("1f4")).isEqualTo("500");
    }

    private static void submitOneAndAwaitReceipt(int port) throws Exception {
        assertThat(port).isPositive();
        BlockingQueue<DeliverSm> received = new LinkedBlockingQueue<>();
        SMPPSession client = new SMPPSession();
        try {
            client.setMessageReceiverListener(new MessageReceiverListener() {
                @Override
                public void onAcceptDeliverSm(DeliverSm deliverSm) {
                    received.add(deliverSm);
                }

                @Override
                public void onAcceptAlertNotification(AlertNotification alertNotification) {
                }

                @Override
                public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
                    return null;
                }
            });
            client.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TRX, "anyone", "anything", "",
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 5_000);
            String messageId = client.submitShortMessage("", TypeOfNumber.INTERNATIONAL,
                    NumberingPlanIndicator.ISDN, "447700900123", TypeOfNumber.INTERNATIONAL,
                    NumberingPlanIndicator.ISDN, "447700900456", new ESMClass(), (byte) 0, (byte) 0, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    new GeneralDataCoding(Alphabet.ALPHA_DEFAULT), (byte) 0,
                    "hello".getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
            assertThat(messageId).isNotEmpty();

            DeliverSm receipt = received.poll(5, TimeUnit.SECONDS);
            assertThat(receipt).as("delivery receipt").isNotNull();
            assertThat(receipt.isSmscDeliveryReceipt()).isTrue();
            assertThat(receipt.getDestAddress()).isEqualTo("447700900123");
            OptionalParameter.COctetString receipted = (OptionalParameter.COctetString) receipt
                    .getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
            assertThat(receipted.getValueAsString()).isEqualTo(messageId);
            assertThat(new String(receipt.getShortMessage(), StandardCharsets.ISO_8859_1))
                    .startsWith("id:" + messageId + " ").contains("stat:DELIVRD").endsWith("text:hello");
        } finally {
            client.unbindAndClose();
        }
    }
}
