package io.tern.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.jboss.netty.buffer.ChannelBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every benchmark method of {@link CodecBenchmark} does what its name says, on bytes both libraries agree on. */
class CodecBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"submit_sm", "deliver_sm", "submit_sm_resp"})
    void ternAndCloudhopperDecodeAndEncodeTheSamePdu(String pdu) throws Exception {
        CodecBenchmark b = new CodecBenchmark();
        b.pdu = pdu;
        b.setUp(); // checks byte equality and field equivalence itself
        try {
            assertThat(b.decodeTern()).isEqualTo(CodecSamples.tern(pdu));
            assertThat(b.decodeTern()).as("a second decode of the rewound frame").isEqualTo(CodecSamples.tern(pdu));
            assertThat(b.decodeTernDirect()).as("from a direct buffer").isEqualTo(CodecSamples.tern(pdu));
            CodecEquivalence.check(CodecSamples.tern(pdu), b.decodeCloudhopper());

            ChannelBuffer ch = b.encodeCloudhopper();
            byte[] expected = new byte[ch.readableBytes()];
            ch.getBytes(ch.readerIndex(), expected);
            assertThat(ByteBufUtil.getBytes(b.encodeTernReused())).isEqualTo(expected);
            assertThat(ByteBufUtil.getBytes(b.encodeTernReusedDirect())).isEqualTo(expected);
            ByteBuf fresh = b.encodeTernFresh();
            assertThat(ByteBufUtil.getBytes(fresh)).isEqualTo(expected);
            assertThat(fresh.capacity()).as("estimateSize is exact for this PDU").isEqualTo(expected.length);
        } finally {
            b.tearDown();
        }
    }
}
