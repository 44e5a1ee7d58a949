package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Pdu;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Design contract 3: nothing a peer sends can crash the codec. Any octets decode to a {@link Pdu}
 * or a {@link PduDecodeException}, never to another throwable, through both the whole-frame
 * decoder and the Netty frame decoder.
 */
class ArbitraryBytesDecodeTest {

    static final int INPUTS = 100_000;

    @Test
    void arbitraryBytesDecodeToAPduOrATypedErrorAndNothingElse() {
        Mutations inputs = new Mutations(0x5EED_C0DECL, HexVector.all().stream().map(HexVector::bytes).toList());
        int pdus = 0;
        int errors = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = inputs.next();
            Object whole = decodeWholeFrame(input);
            // PduCodec.decode takes its array fast path where it can (from heap frames in place,
            // from direct frames through a copy); the general decoder alone must give the same
            // PDU or the same error, from either kind of buffer
            assertThat(Decoding.normalise(decodeDirectFrame(input))).as(hex(input))
                    .isEqualTo(Decoding.normalise(whole));
            assertThat(Decoding.normalise(decodeCheckedOnly(input))).as(hex(input))
                    .isEqualTo(Decoding.normalise(whole));
            if (whole instanceof Pdu pdu) {
                pdus++;
                assertThat(Decoding.decode(Decoding.encode(pdu))).as(hex(input)).isEqualTo(pdu);
            } else {
                errors++;
            }
            List<Object> emitted = decodeInChannel(input);
            if (input.length >= 16 && readInt(input) == input.length && input.length <= HexVector.MAX_PDU_LENGTH) {
                assertThat(emitted).as(hex(input)).containsExactly(Decoding.normalise(whole));
            }
        }
        // the mutations must reach both outcomes, or the test proves little
        assertThat(pdus).isGreaterThan(INPUTS / 50);
        assertThat(errors).isGreaterThan(INPUTS / 2);
    }

    private static Object decodeWholeFrame(byte[] input) {
        ByteBuf buf = Unpooled.wrappedBuffer(input);
        try {
            return PduCodec.decode(buf);
        } catch (PduDecodeException e) {
            return e;
        } catch (Throwable t) {
            return fail("PduCodec.decode threw " + t + " for " + hex(input), t);
        }
    }

    private static Object decodeCheckedOnly(byte[] input) {
        ByteBuf buf = Unpooled.wrappedBuffer(input);
        try {
            return PduCodec.decodeChecked(buf);
        } catch (PduDecodeException e) {
            return e;
        }
    }

    private static Object decodeDirectFrame(byte[] input) {
        ByteBuf buf = Unpooled.directBuffer(input.length).writeBytes(input);
        try {
            return PduCodec.decode(buf);
        } catch (PduDecodeException e) {
            return e;
        } finally {
            buf.release();
        }
    }

    private static List<Object> decodeInChannel(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        List<Object> out = new ArrayList<>();
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(input));
            for (Object o; (o = ch.readInbound()) != null; ) {
                assertThat(o).as(hex(input)).isInstanceOfAny(Pdu.class, PduDecodeException.class);
                out.add(Decoding.normalise(o));
            }
            ch.finishAndReleaseAll();
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            fail("SmppDecoder threw " + t + " for " + hex(input), t);
        }
        return out;
    }

    private static int readInt(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
