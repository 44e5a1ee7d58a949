package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Pdu;

/**
 * Coverage-guided fuzzing of the decoders with Jazzer. In a normal build this runs in regression
 * mode over the committed inputs in
 * {@code src/test/resources/io/tern/smpp/codec/PduDecoderFuzzTestInputs/decodeNeverThrowsUnexpected/}
 * (maxDuration is then ignored). To fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl tern-smpp -am test -Dtest=PduDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false};
 * a crashing input is written next to the committed ones and becomes a regression test.
 */
class PduDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decodeNeverThrowsUnexpected(byte[] data) {
        checkWholeFrame(data);
        if (data.length >= 4) {
            // also with a consistent command_length, so the fuzzer spends its time in the body parser
            byte[] fixed = data.clone();
            fixed[0] = (byte) (data.length >>> 24);
            fixed[1] = (byte) (data.length >>> 16);
            fixed[2] = (byte) (data.length >>> 8);
            fixed[3] = (byte) data.length;
            checkWholeFrame(fixed);
        }
        EmbeddedChannel ch = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        ch.writeInbound(Unpooled.wrappedBuffer(data));
        for (Object o; (o = ch.readInbound()) != null; ) {
            assertThat(o).isInstanceOfAny(Pdu.class, PduDecodeException.class);
            if (o instanceof PduDecodeException e) {
                assertThat(e.status()).isNotNull();
            }
        }
        ch.finishAndReleaseAll();
    }

    /**
     * Only a Pdu or a PduDecodeException may come out, the same from a heap and from a direct
     * buffer (the decoder reads them differently), and a Pdu re-encodes to an equal Pdu, with the
     * same bytes into a heap and into a direct buffer.
     */
    private static void checkWholeFrame(byte[] data) {
        Object fromHeap = decodeOrError(Unpooled.wrappedBuffer(data));
        ByteBuf direct = Unpooled.directBuffer(data.length).writeBytes(data);
        try {
            Object fromDirect = decodeOrError(direct);
            if (fromHeap instanceof PduDecodeException e) {
                assertThat(fromDirect).isInstanceOf(PduDecodeException.class);
                assertThat(((PduDecodeException) fromDirect).status()).isEqualTo(e.status());
                e.answer();
                return;
            }
            assertThat(fromDirect).isEqualTo(fromHeap);
        } finally {
            direct.release();
        }
        Pdu pdu = (Pdu) fromHeap;
        byte[] again = Decoding.encode(pdu);
        ByteBuf out = Unpooled.directBuffer(again.length);
        try {
            PduCodec.encode(pdu, out);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(again);
        } finally {
            out.release();
        }
        Object redecoded = Decoding.decode(again);
        assertThat(redecoded).isEqualTo(pdu);
    }

    private static Object decodeOrError(ByteBuf frame) {
        try {
            return PduCodec.decode(frame);
        } catch (PduDecodeException e) {
            assertThat(e.status()).isNotNull();
            return e;
        }
    }
}
