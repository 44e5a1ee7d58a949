package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.ShortMessagePdu;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * submit_sm and deliver_sm take the encoder's fast path: written against a bound from the field
 * limits, straight into a heap buffer's array or staged in a per-thread array and copied into any
 * other buffer. Whatever the buffer, its room and the PDU's size, the octets are those of SMPP 3.4
 * §4.4.1 / §4.6.1, written here field by field as the oracle.
 */
class ShortMessageEncodeTest {

    /** Every C-Octet String at its largest and a 254-octet short message. */
    private static final SubmitSm LARGEST = new SubmitSm(0x7FFF_FFFF, "ABCDE",
            new Address(5, 0, "ABCDEFGHIJKLMNOPQRST"), new Address(1, 1, "12345678901234567890"),
            0x40, 0x7F, 3, "261207123456000+", "261208123456000+", 0x11, 1, 8, 0xFF, filled(254, 'x'),
            Tlvs.builder().userMessageReference(42).messageState(2).build());

    /** No short message, a 4,000-octet message_payload: larger than the per-thread staging array. */
    private static final DeliverSm PAYLOAD = new DeliverSm(9, "", Address.international("447700900123"),
            Address.international("447700900456"), 0, 0, 0, "", "", 0, 0, 4, 0, new byte[0],
            Tlvs.builder().messagePayload(filled(4000, 'p')).build());

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static void cString(ByteBuf b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1)).writeByte(0);
    }

    /** The PDU's octets, one field after the other, with ByteBuf's checked writes. */
    private static byte[] oracle(ShortMessagePdu m) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0).writeInt(m.commandId().code()).writeInt(0).writeInt(m.sequenceNumber());
        cString(b, m.serviceType());
        b.writeByte(m.sourceAddr().ton()).writeByte(m.sourceAddr().npi());
        cString(b, m.sourceAddr().address());
        b.writeByte(m.destinationAddr().ton()).writeByte(m.destinationAddr().npi());
        cString(b, m.destinationAddr().address());
        b.writeByte(m.esmClass()).writeByte(m.protocolId()).writeByte(m.priorityFlag());
        cString(b, m.scheduleDeliveryTime());
        cString(b, m.validityPeriod());
        b.writeByte(m.registeredDelivery()).writeByte(m.replaceIfPresentFlag()).writeByte(m.dataCoding())
                .writeByte(m.smDefaultMsgId()).writeByte(m.shortMessage().length).writeBytes(m.shortMessage());
        b.writeBytes(m.tlvs().toBytes());
        b.setInt(0, b.writerIndex());
        return ByteBufUtil.getBytes(b);
    }

    private static void assertEncodesInto(ShortMessagePdu pdu, ByteBuf out) {
        byte[] expected = oracle(pdu);
        try {
            out.writeByte(0x7E); // a PDU already in the buffer
            PduCodec.encode(pdu, out);
            assertThat(out.readableBytes()).as("%s", out).isEqualTo(1 + expected.length);
            assertThat(ByteBufUtil.getBytes(out, 1, expected.length)).as("%s", out).isEqualTo(expected);
        } finally {
            out.release();
        }
    }

    private static List<ByteBuf> everyKindOfBuffer() {
        return List.of(Unpooled.buffer(1), PooledByteBufAllocator.DEFAULT.heapBuffer(1024),
                Unpooled.directBuffer(1), PooledByteBufAllocator.DEFAULT.directBuffer(1024),
                Unpooled.compositeBuffer().addComponent(true, Unpooled.buffer(1)));
    }

    @Test
    void largestFieldsEncodeAsTheSpecLaysThemOutInEveryKindOfBuffer() {
        for (ByteBuf out : everyKindOfBuffer()) {
            assertEncodesInto(LARGEST, out);
        }
    }

    @Test
    void messagePayloadLargerThanTheStagingArrayEncodesInEveryKindOfBuffer() {
        for (ByteBuf out : everyKindOfBuffer()) {
            assertEncodesInto(PAYLOAD, out);
        }
    }

    @Test
    void bufferCappedAtTheExactSizeTakesThePdu() {
        int n = oracle(LARGEST).length;
        // room for the PDU, less than the bound the fast path writes against
        assertEncodesInto(LARGEST, Unpooled.buffer(n + 1, n + 1));
        assertEncodesInto(LARGEST, Unpooled.directBuffer(n + 1, n + 1));
    }

    @Test
    void aSmallPduAfterALargeOneLeavesNothingOfTheLargeOneBehind() {
        assertEncodesInto(LARGEST, PooledByteBufAllocator.DEFAULT.directBuffer(1024));
        SubmitSm small = SubmitSm.of(Address.international("1"), Address.international("2"), new byte[] {'a'});
        assertEncodesInto(small, PooledByteBufAllocator.DEFAULT.directBuffer(1024));
    }
}
