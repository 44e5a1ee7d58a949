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
    void fromBytesReadsToBytesAndRejectsWhatIsNotTlvs() {
        assertThat(Tlvs.fromBytes(RECEIPT)).isEqualTo(Tlvs.ofDecoded(RECEIPT.clone()));
        assertThat(Tlvs.fromBytes(new byte[0])).isSameAs(Tlvs.EMPTY);
        assertThatThrownBy(() -> Tlvs.fromBytes(HEX.parseHex("000400")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tlvs.fromBytes(HEX.parseHex("0004000201")))
                .isInstanceOf(IllegalArgumentException.class);
        // message_state is one octet: a well-formed TLV of the wrong length is a parameter error
        assertThatThrownBy(() -> Tlvs.fromBytes(HEX.parseHex("042700020102")))
                .isInstanceOfSatisfying(PduValidationException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVPARLEN));
    }

    @Test
    void ofChecksTheLengthsOfStandardTagsAndKeepsVendorTagsAsTheyAre() {
        assertThatThrownBy(() -> Tlvs.of(new Tlv(TlvTag.MESSAGE_STATE.code(), new byte[2])))
                .isInstanceOfSatisfying(PduValidationException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVPARLEN));
        Tlvs vendor = Tlvs.of(List.of(new Tlv(0x1400, new byte[] {1, 2, 3, 4, 5})));
        assertThat(vendor.get(0x1400).orElseThrow().value()).containsExactly(1, 2, 3, 4, 5);
        assertThat(vendor.toBytes()).isEqualTo(HEX.parseHex("140000050102030405"));
        assertThat(Tlvs.of(List.of())).isSameAs(Tlvs.EMPTY);
    }
}
