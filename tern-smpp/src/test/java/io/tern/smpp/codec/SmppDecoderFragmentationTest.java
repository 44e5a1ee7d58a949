package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.Pdu;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SmppDecoder} fed in fragments (SMPP 3.4 §3.2: TCP gives no message boundaries): whatever
 * the split, it emits exactly what the whole-frame decode gives, and garbage is never buffered.
 */
class SmppDecoderFragmentationTest {

    private EmbeddedChannel channel;

    @AfterEach
    void nothingIsLeftInTheChannel() {
        if (channel != null) {
            assertThat(channel.inboundMessages()).isEmpty();
            assertFalse(channel.finish());
        }
    }

    static List<HexVector> vectors() {
        return HexVector.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorSplitAtEveryByteBoundaryDecodesAsTheWholeFrame(HexVector v) {
        Object whole = Decoding.decode(v.bytes());
        byte[] b = v.bytes();
        for (int split = 1; split < b.length; split++) {
            channel = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(b, 0, split)));
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(b, split, b.length)));
            assertEmittedOnly(whole, drain(), "split at " + split);
            assertFalse(channel.finish());
        }
        channel = null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorFedOneByteAtATimeDecodesAsTheWholeFrame(HexVector v) {
        channel = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        for (byte x : v.bytes()) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        assertEmittedOnly(Decoding.decode(v.bytes()), drain(), "one byte at a time");
    }

    @Test
    void twoPdusInOneBufferComeOutInOrder() {
        byte[] a = HexVector.named("submit_sm").bytes();
        byte[] b = HexVector.named("enquire_link").bytes();
        channel = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        channel.writeInbound(Unpooled.wrappedBuffer(a, b));
        assertThat(drain()).containsExactly(Decoding.decode(a), Decoding.decode(b));
    }

    @Test
    void badPduBetweenGoodOnesKeepsTheFraming() {
        byte[] good = HexVector.named("enquire_link").bytes();
        byte[] bad = HexVector.named("error_source_addr_too_long").bytes();
        channel = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        channel.writeInbound(Unpooled.wrappedBuffer(good, bad, good));
        List<Object> out = drain();
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(new EnquireLink(17));
        assertThat(out.get(1)).isInstanceOfSatisfying(Decoding.Failure.class, f -> {
            assertThat(f.status()).isEqualTo(CommandStatus.ESME_RINVSRCADR);
            assertThat(f.framingLost()).isFalse();
        });
        assertThat(out.get(2)).isEqualTo(new EnquireLink(17));
    }

    @Test
    void httpRequestIsOneFramingErrorAndIsNotBuffered() {
        channel = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: smsc.example\r\n"));
        List<Object> out = drain();
        assertThat(out).singleElement().isInstanceOfSatisfying(Decoding.Failure.class, f -> {
            assertThat(f.status()).isEqualTo(CommandStatus.ESME_RINVCMDLEN);
            assertThat(f.framingLost()).isTrue();
        });
        assertLaterBytesAreDiscarded();
    }

    @Test
    void tlsClientHelloIsOneFramingErrorAndIsNotBuffered() {
        channel = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        // TLS 1.0 record header (handshake, 0x0301, 0x00c8 octets) then ClientHello (type 1)
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("16030100c8010000c40303")));
        assertThat(drain()).singleElement().isInstanceOfSatisfying(Decoding.Failure.class, f -> {
            assertThat(f.status()).isEqualTo(CommandStatus.ESME_RINVCMDLEN);
            assertThat(f.framingLost()).isTrue();
        });
        assertLaterBytesAreDiscarded();
    }

    @Test
    void framingErrorIsRecognisedFromTheFirstFourOctets() {
        channel = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        channel.writeInbound(ascii("GE"));
        assertThat(channel.inboundMessages()).isEmpty();
        channel.writeInbound(ascii("T "));
        assertThat(drain()).singleElement().isInstanceOf(Decoding.Failure.class);
        assertLaterBytesAreDiscarded();
    }

    private void assertLaterBytesAreDiscarded() {
        ByteBuf later = Unpooled.wrappedBuffer(HexVector.named("enquire_link").bytes());
        channel.writeInbound(later);
        assertThat(channel.inboundMessages()).isEmpty();
        assertThat(later.refCnt()).as("the decoder releases what it discards").isZero();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            assertThat(o).isInstanceOfAny(Pdu.class, PduDecodeException.class);
            out.add(Decoding.normalise(o));
        }
        return out;
    }

    /**
     * A framing error found from the first four octets carries no command_id or sequence_number
     * when those have not arrived yet, so for framing errors only status and framing are compared.
     */
    private static void assertEmittedOnly(Object whole, List<Object> emitted, String how) {
        assertThat(emitted).as(how).hasSize(1);
        Object got = emitted.get(0);
        if (whole instanceof Decoding.Failure w && w.framingLost()) {
            assertThat(got).as(how).isInstanceOfSatisfying(Decoding.Failure.class, f -> {
                assertThat(f.status()).isEqualTo(w.status());
                assertThat(f.framingLost()).isTrue();
            });
        } else {
            assertThat(got).as(how).isEqualTo(whole);
        }
    }
}
