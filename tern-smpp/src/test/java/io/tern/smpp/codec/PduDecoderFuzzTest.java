package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
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

    /** Only a Pdu or a PduDecodeException may come out, and a Pdu re-encodes to an equal Pdu. */
    private static void checkWholeFrame(byte[] data) {
        Pdu pdu;
        try {
            pdu = PduCodec.decode(Unpooled.wrappedBuffer(data));
        } catch (PduDecodeException e) {
            assertThat(e.status()).isNotNull();
            e.answer();
            return;
        }
        byte[] again = Decoding.encode(pdu);
        Object redecoded = Decoding.decode(again);
        assertThat(redecoded).isEqualTo(pdu);
    }
}
