package io.tern.smsc.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Receipts as real upstream SMSCs write them, and the ids in them, read into one canonical form. */
class UpstreamReceiptTest {


    private static ConnectorConfig connector(ConnectorConfig.IdFormat submitId, ConnectorConfig.IdFormat receiptId) {
        return new ConnectorConfig("c", "127.0.0.1", 2775, "tern", "pw", "", ConnectorConfig.BindMode.TRX, 1, 10, 0,
                null, Duration.ofSeconds(30), Duration.ofSeconds(30), 0x34, null, null, null, null, submitId, receiptId,
                true, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void hexAndDecimalSpellingsOfOneIdAreTheSameCanonicalId() {
        assertThat(UpstreamIds.canonical("0001A", ConnectorConfig.IdFormat.HEX)).isEqualTo("26");
        assertThat(UpstreamIds.canonical("1a", ConnectorConfig.IdFormat.HEX)).isEqualTo("26");
        assertThat(UpstreamIds.canonical("0026", ConnectorConfig.IdFormat.DECIMAL)).isEqualTo("26");
        assertThat(UpstreamIds.canonical("0026", ConnectorConfig.IdFormat.AS_IS)).isEqualTo("0026");
        assertThat(UpstreamIds.canonical("FFFFFFFFFFFFFFFFFFFF", ConnectorConfig.IdFormat.HEX))
                .as("wider than a long").isEqualTo("1208925819614629174706175");
        assertThat(UpstreamIds.canonical("ab-12", ConnectorConfig.IdFormat.DECIMAL))
                .as("not a number: kept, never dropped").isEqualTo("ab-12");
    }

    @Test
    void aReceiptedMessageIdWrittenInDecimalIsReadAsTheConnectorSays() {
        ConnectorConfig hexResp = connector(ConnectorConfig.IdFormat.HEX, ConnectorConfig.IdFormat.DECIMAL);
        ConnectorConfig c = new ConnectorConfig(hexResp.name(), hexResp.host(), hexResp.port(), hexResp.systemId(),
                hexResp.password(), hexResp.systemType(), hexResp.bind(), hexResp.sessions(), hexResp.window(),
                hexResp.throughput(), null, hexResp.enquireLinkInterval(), hexResp.responseTimeout(), 0x34, null,
                null, null, null, ConnectorConfig.IdFormat.HEX, ConnectorConfig.IdFormat.DECIMAL, true,
                hexResp.throttlePause(), hexResp.reconnectMin(), hexResp.reconnectMax(), hexResp.encoding(), true,
                ConnectorConfig.IdFormat.DECIMAL);
        Tlvs tlvs = Tlvs.builder().receiptedMessageId("500").build();

        assertThat(UpstreamReceipt.read(0x04, text("id:500 stat:DELIVRD err:000"), tlvs, c).orElseThrow().upstreamId())
                .isEqualTo(UpstreamIds.canonical("1F4", ConnectorConfig.IdFormat.HEX));
        assertThat(UpstreamReceipt.read(0x04, text("id:500 stat:DELIVRD err:000"), tlvs, hexResp).orElseThrow()
                .upstreamId()).as("by default read as submit_sm_resp's id: 0x500").isEqualTo("1280");
    }

    @Test
    void receiptTextWithADecimalIdMatchesAHexSubmitResponse() {
        ConnectorConfig c = connector(ConnectorConfig.IdFormat.HEX, ConnectorConfig.IdFormat.DECIMAL);
        String submitResp = UpstreamIds.canonical("1F4", c.submitIdFormat());

        UpstreamReceipt r = UpstreamReceipt.read(0x04, text("id:0000000500 sub:001 dlvrd:001 submit date:2612061000"
                + " done date:2612061001 stat:DELIVRD err:000 text:hello"), Tlvs.EMPTY, c).orElseThrow();

        assertThat(r.upstreamId()).isEqualTo(submitResp);
        assertThat(r.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(r.errorCode()).isZero();
    }

    @Test
    void tlvsWinOverTheTextAndTheirIdIsReadLikeTheSubmitResponse() {
        ConnectorConfig c = connector(ConnectorConfig.IdFormat.HEX, ConnectorConfig.IdFormat.DECIMAL);
        Tlvs tlvs = Tlvs.builder().receiptedMessageId("1f4").messageState(5)
                .networkErrorCode(new Tlvs.NetworkErrorCode(3, 34)).build();

        UpstreamReceipt r = UpstreamReceipt.read(0x04, text("id:999 stat:DELIVRD err:000"), tlvs, c).orElseThrow();

        assertThat(r.upstreamId()).isEqualTo("500");
        assertThat(r.state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(r.errorCode()).isEqualTo(34);
    }

    @Test
    void everyStatWordMapsToItsMessageState() {
        ConnectorConfig c = connector(ConnectorConfig.IdFormat.AS_IS, ConnectorConfig.IdFormat.AS_IS);
        String[][] cases = {{"DELIVRD", "DELIVERED"}, {"EXPIRED", "EXPIRED"}, {"DELETED", "DELETED"},
            {"UNDELIV", "UNDELIVERABLE"}, {"ACCEPTD", "ACCEPTED"}, {"REJECTD", "REJECTED"}, {"UNKNOWN", "UNKNOWN"},
            {"ENROUTE", "ENROUTE"}, {"weird", "UNKNOWN"}};
        for (String[] k : cases) {
            UpstreamReceipt r = UpstreamReceipt.read(0x04, text("id:1 stat:" + k[0] + " err:012"), Tlvs.EMPTY, c)
                    .orElseThrow();
            assertThat(r.state()).as(k[0]).isEqualTo(MessageState.valueOf(k[1]));
            assertThat(r.errorCode()).isEqualTo(12);
        }
        assertThat(UpstreamReceipt.read(0x04, text("id:1 stat:ENROUTE"), Tlvs.EMPTY, c).orElseThrow().isFinal())
                .as("an intermediate notification finishes nothing").isFalse();
    }

    @Test
    void anIntermediateNotificationWithoutTlvsIsNoMobileOriginatedMessageAndFinishesNothing() {
        ConnectorConfig c = connector(ConnectorConfig.IdFormat.HEX, ConnectorConfig.IdFormat.HEX);

        // esm_class 0x20 (SMPP 3.4 §5.2.12), as an upstream that sends no TLVs writes it
        UpstreamReceipt r = UpstreamReceipt.read(0x20, text("id:1F4 sub:001 dlvrd:000 submit date:2612061000"
                + " done date:2612061001 stat:ENROUTE err:034 text:hello"), Tlvs.EMPTY, c).orElseThrow();
        assertThat(r.upstreamId()).isEqualTo("500");
        assertThat(r.isFinal()).isFalse();
        assertThat(UpstreamReceipt.read(0x20, text("id:1F4 err:034"), Tlvs.EMPTY, c).orElseThrow().isFinal())
                .as("an intermediate notification that names no state still finishes nothing").isFalse();
        assertThat(UpstreamReceipt.read(0x20, text("id:1F4"), Tlvs.builder().messageState(2).build(), c)
                .orElseThrow().isFinal()).as("nor one that claims a final state").isFalse();
    }

    @Test
    void aMessageThatIsNotAReceiptIsMobileOriginated() {
        ConnectorConfig c = connector(ConnectorConfig.IdFormat.AS_IS, ConnectorConfig.IdFormat.AS_IS);

        assertThat(UpstreamReceipt.read(0x00, text("id:1 stat:DELIVRD looks like one"), Tlvs.EMPTY, c))
                .isEqualTo(Optional.empty());
        assertThat(UpstreamReceipt.read(0x00, text("x"), Tlvs.builder().receiptedMessageId("5").messageState(2).build(),
                c)).as("receipted_message_id marks a receipt whatever esm_class says").isPresent();
    }

    @Test
    void aReceiptInMessagePayloadIsReadToo() {
        ConnectorConfig c = connector(ConnectorConfig.IdFormat.AS_IS, ConnectorConfig.IdFormat.AS_IS);
        Tlvs tlvs = Tlvs.builder().messagePayload(text("id:abc stat:EXPIRED err:000")).build();

        UpstreamReceipt r = UpstreamReceipt.read(0x04, new byte[0], tlvs, c).orElseThrow();

        assertThat(r.upstreamId()).isEqualTo("abc");
        assertThat(r.state()).isEqualTo(MessageState.EXPIRED);
    }
}
