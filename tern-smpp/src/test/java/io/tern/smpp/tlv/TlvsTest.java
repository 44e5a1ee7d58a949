package io.tern.smpp.tlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduValidationException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tlvs keeps its TLVs as the octets on the wire; every way of making and reading a set agrees. */
class TlvsTest {

    private static final HexFormat HEX = HexFormat.of();

    /** receipted_message_id "ab", message_state 2, network_error_code 3/0x0001. */
    private static final byte[] RECEIPT = HEX.parseHex("001e000361620004270001020423000303" + "0001");

    @Test
    void aBuiltSetAndTheSameOctetsDecodedAreEqualAndReadTheSame() {
        Tlvs built = Tlvs.builder().receiptedMessageId("ab").messageState(2)
                .networkErrorCode(new Tlvs.NetworkErrorCode(3, 1)).build();
        Tlvs decoded = Tlvs.ofDecoded(RECEIPT.clone());
        assertThat(built).isEqualTo(decoded).hasSameHashCodeAs(decoded);
        assertThat(built.toBytes()).isEqualTo(RECEIPT);
        assertThat(decoded.size()).isEqualTo(3);
        assertThat(decoded.encodedLength()).isEqualTo(RECEIPT.length);
        assertThat(decoded.receiptedMessageId()).hasValue("ab");
        assertThat(decoded.messageState()).hasValue(2);
        assertThat(decoded.networkErrorCode()).hasValue(new Tlvs.NetworkErrorCode(3, 1));
        assertThat(decoded.has(TlvTag.MESSAGE_STATE)).isTrue();
        assertThat(decoded.has(TlvTag.MESSAGE_PAYLOAD)).isFalse();
        assertThat(decoded.sarMsgRefNum()).isEmpty();
        assertThat(decoded.asList()).containsExactly(
                new Tlv(TlvTag.RECEIPTED_MESSAGE_ID.code(), new byte[] {'a', 'b', 0}),
                new Tlv(TlvTag.MESSAGE_STATE.code(), new byte[] {2}),
                new Tlv(TlvTag.NETWORK_ERROR_CODE.code(), new byte[] {3, 0, 1}));
        assertThat(Tlvs.of(decoded.asList())).isEqualTo(decoded);
        assertThat(decoded.toBuilder().build()).isEqualTo(decoded);
    }

    @Test
    void valuesHandedOutAreCopiesThatCannotChangeTheSet() {
        Tlvs tlvs = Tlvs.ofDecoded(RECEIPT.clone());
        tlvs.asList().get(1).value()[0] = 9;
        tlvs.get(TlvTag.MESSAGE_STATE).orElseThrow().value()[0] = 9;
        tlvs.toBytes()[8] = 9;
        assertThat(tlvs.messageState()).hasValue(2);
        assertThat(tlvs.toBytes()).isEqualTo(RECEIPT);
    }

    @Test
    void writeToAppendsTheWireOctets() {
        ByteBuf out = Unpooled.buffer().writeByte(0x55);
        Tlvs.ofDecoded(RECEIPT.clone()).writeTo(out);
        Tlvs.EMPTY.writeTo(out);
        assertThat(ByteBufUtil.getBytes(out, 1, out.readableBytes() - 1)).isEqualTo(RECEIPT);
    }

    @Test
    void copyToAndSetToPlaceTheWireOctetsWithoutMovingIndexes() {
        Tlvs tlvs = Tlvs.ofDecoded(RECEIPT.clone());
        byte[] a = new byte[RECEIPT.length + 3];
        tlvs.copyTo(a, 2);
        assertThat(java.util.Arrays.copyOfRange(a, 2, 2 + RECEIPT.length)).isEqualTo(RECEIPT);
        assertThat(a[0]).isZero();
        assertThat(a[a.length - 1]).isZero();

        ByteBuf direct = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            direct.writerIndex(RECEIPT.length + 1);
            tlvs.setTo(direct, 1);
            Tlvs.EMPTY.setTo(direct, 0);
            assertThat(direct.writerIndex()).isEqualTo(RECEIPT.length + 1);
            assertThat(ByteBufUtil.getBytes(direct, 1, RECEIPT.length)).isEqualTo(RECEIPT);
        } finally {
            direct.release();
        }
    }

    @Test
    void structuredTlvsHaveTheSpecsBitLayoutsOnTheWire() {
        Tlvs tlvs = Tlvs.builder()
                .sourceSubaddress(new Tlvs.Subaddress(Tlvs.Subaddress.USER_SPECIFIED, new byte[] {0x12, 0x34}))
                .destSubaddress(new Tlvs.Subaddress(Tlvs.Subaddress.NSAP_EVEN, new byte[] {0x01}))
                .msMsgWaitFacilities(new Tlvs.MsMsgWaitFacilities(true, 2))
                .callbackNumPresInd(new Tlvs.CallbackNumPresInd(1, 3))
                .callbackNumAtag(new Tlvs.CallbackNumAtag(0x00, "Tern".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .itsSessionInfo(new Tlvs.ItsSessionInfo(0x2A, 5, true))
                .privacyIndicator(2)
                .languageIndicator(1)
                .alertOnMessageDelivery()
                .build();
        assertThat(HexFormat.of().formatHex(tlvs.toBytes())).isEqualTo(
                "02020003a01234" // source_subaddress: user specified, 12 34
                + "0203000280" + "01" // dest_subaddress: NSAP even, 01
                + "0030000182" // ms_msg_wait_facilities: indicator active (0x80), e-mail (2)
                + "0302000107" // callback_num_pres_ind: restricted (1 << 2), network provided (3)
                + "030300050054" + "65726e" // callback_num_atag: data_coding 0, "Tern"
                + "138300022a0b" // its_session_info: session 42, sequence 5 (5 << 1), end of session
                + "0201000102" // privacy_indicator: confidential
                + "020d000101" // language_indicator: English
                + "130c0000"); // alert_on_message_delivery: no value

        Tlvs decoded = Tlvs.ofDecoded(tlvs.toBytes());
        assertThat(decoded.sourceSubaddress()).contains(new Tlvs.Subaddress(0xA0, new byte[] {0x12, 0x34}));
        assertThat(decoded.destSubaddress().orElseThrow().subaddress()).containsExactly(0x01);
        assertThat(decoded.msMsgWaitFacilities()).contains(new Tlvs.MsMsgWaitFacilities(true, 2));
        assertThat(decoded.callbackNumPresInd()).contains(new Tlvs.CallbackNumPresInd(1, 3));
        assertThat(decoded.callbackNumAtag()).contains(new Tlvs.CallbackNumAtag(0, new byte[] {'T', 'e', 'r', 'n'}));
        assertThat(decoded.itsSessionInfo()).contains(new Tlvs.ItsSessionInfo(42, 5, true));
        assertThat(decoded.privacyIndicator()).hasValue(2);
        assertThat(decoded.languageIndicator()).hasValue(1);
        assertThat(decoded.alertOnMessageDelivery()).isTrue();
        assertThat(Tlvs.EMPTY.alertOnMessageDelivery()).isFalse();
        assertThat(Tlvs.EMPTY.itsSessionInfo()).isEmpty();
    }

    @Test
    void structuredTlvValuesOutOfTheirRangesAreRefused() {
        assertThatThrownBy(() -> new Tlvs.Subaddress(0x80, new byte[0])).isInstanceOf(TlvException.class);
        assertThatThrownBy(() -> new Tlvs.Subaddress(0x80, new byte[23])).isInstanceOf(TlvException.class);
        assertThatThrownBy(() -> new Tlvs.MsMsgWaitFacilities(true, 4)).isInstanceOf(TlvException.class);
        assertThatThrownBy(() -> new Tlvs.CallbackNumPresInd(4, 0)).isInstanceOf(TlvException.class);
        assertThatThrownBy(() -> new Tlvs.CallbackNumAtag(0, new byte[65])).isInstanceOf(TlvException.class);
        assertThatThrownBy(() -> new Tlvs.ItsSessionInfo(0, 128, false))
                .isInstanceOfSatisfying(TlvException.class,
                        e -> assertThat(PduValidationException.of(e).status()).isEqualTo(CommandStatus.ESME_RINVOPTPARAMVAL));
    }

    @Test
    void structuredTlvRecordsDoNotShareTheirArrays() {
        byte[] octets = {1, 2};
        Tlvs.Subaddress sub = new Tlvs.Subaddress(0xA0, octets);
        octets[0] = 9;
        sub.subaddress()[1] = 9;
        assertThat(sub.subaddress()).containsExactly(1, 2);
    }

    @Test
    void fromBytesReadsToBytesAndRejectsWhatIsNotTlvs() {
        assertThat(Tlvs.fromBytes(RECEIPT)).isEqualTo(Tlvs.ofDecoded(RECEIPT.clone()));
        assertThat(Tlvs.fromBytes(new byte[0])).isSameAs(Tlvs.EMPTY);
        assertThatThrownBy(() -> Tlvs.fromBytes(HEX.parseHex("000400")))
                .isInstanceOfSatisfying(TlvException.class,
                        e -> assertThat(PduValidationException.of(e).status())
                                .isEqualTo(CommandStatus.ESME_RINVOPTPARSTREAM));
        assertThatThrownBy(() -> Tlvs.fromBytes(HEX.parseHex("0004000201")))
                .isInstanceOfSatisfying(TlvException.class,
                        e -> assertThat(PduValidationException.of(e).status())
                                .isEqualTo(CommandStatus.ESME_RINVOPTPARSTREAM));
        // message_state is one octet: a well-formed TLV of the wrong length is a parameter error
        assertThatThrownBy(() -> Tlvs.fromBytes(HEX.parseHex("042700020102")))
                .isInstanceOfSatisfying(TlvException.class,
                        e -> assertThat(PduValidationException.of(e).status()).isEqualTo(CommandStatus.ESME_RINVPARLEN));
    }

    @Test
    void ofChecksTheLengthsOfStandardTagsAndKeepsVendorTagsAsTheyAre() {
        assertThatThrownBy(() -> Tlvs.of(new Tlv(TlvTag.MESSAGE_STATE.code(), new byte[2])))
                .isInstanceOfSatisfying(TlvException.class,
                        e -> assertThat(PduValidationException.of(e).status()).isEqualTo(CommandStatus.ESME_RINVPARLEN));
        Tlvs vendor = Tlvs.of(List.of(new Tlv(0x1400, new byte[] {1, 2, 3, 4, 5})));
        assertThat(vendor.get(0x1400).orElseThrow().value()).containsExactly(1, 2, 3, 4, 5);
        assertThat(vendor.toBytes()).isEqualTo(HEX.parseHex("140000050102030405"));
        assertThat(Tlvs.of(List.of())).isSameAs(Tlvs.EMPTY);
    }
}
