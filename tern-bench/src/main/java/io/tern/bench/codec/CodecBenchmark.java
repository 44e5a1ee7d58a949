package io.tern.bench.codec;

import com.cloudhopper.smpp.transcoder.DefaultPduTranscoder;
import com.cloudhopper.smpp.transcoder.DefaultPduTranscoderContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.pdu.Pdu;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jboss.netty.buffer.ChannelBuffer;
import org.jboss.netty.buffer.ChannelBuffers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tern's {@link PduCodec} against Cloudhopper's {@link DefaultPduTranscoder} on the same bytes:
 * decode and encode of a submit_sm, a deliver_sm delivery receipt and a submit_sm_resp. Run with
 * {@code -prof gc} for bytes allocated per operation; see docs/PERFORMANCE.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark {

    @Param({"submit_sm", "deliver_sm", "submit_sm_resp"})
    public String pdu;

    private Pdu ternPdu;
    private com.cloudhopper.smpp.pdu.Pdu chPdu;
    private DefaultPduTranscoder transcoder;
    /** The wire bytes, wrapped once for each library; every decode rewinds the reader index. */
    private ByteBuf ternWire;
    /** The same bytes in a pooled direct buffer, as a socket read delivers them. */
    private ByteBuf ternWireDirect;
    private ChannelBuffer chWire;
    /** Tern's reused output buffer, cleared each op (what a channel handler with a pooled buffer sees). */
    private ByteBuf reused;
    /** The same in a pooled direct buffer: what SmppEncoder gets from {@code ctx.alloc().ioBuffer()}. */
    private ByteBuf reusedDirect;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ternPdu = CodecSamples.tern(pdu);
        chPdu = CodecSamples.cloudhopper(pdu);
        transcoder = new DefaultPduTranscoder(new DefaultPduTranscoderContext());

        ByteBuf encoded = Unpooled.buffer();
        PduCodec.encode(ternPdu, encoded);
        byte[] bytes = ByteBufUtil.getBytes(encoded);

        // both libraries must agree on the bytes and on what they mean
        byte[] chBytes = toArray(transcoder.encode(chPdu));
        if (!Arrays.equals(bytes, chBytes)) {
            throw new IllegalStateException("Tern and Cloudhopper encode " + pdu + " differently:\n"
                    + ByteBufUtil.hexDump(bytes) + "\n" + ByteBufUtil.hexDump(chBytes));
        }
        com.cloudhopper.smpp.pdu.Pdu chDecoded = transcoder.decode(ChannelBuffers.wrappedBuffer(bytes));
        CodecEquivalence.check(ternPdu, chDecoded);
        Pdu ternDecoded = PduCodec.decode(Unpooled.wrappedBuffer(bytes));
        if (!ternDecoded.equals(ternPdu)) {
            throw new IllegalStateException("Tern does not round-trip " + pdu + ": " + ternDecoded);
        }

        ternWire = Unpooled.wrappedBuffer(bytes);
        ternWireDirect = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        chWire = ChannelBuffers.wrappedBuffer(bytes);
        reused = PooledByteBufAllocator.DEFAULT.heapBuffer(512);
        reusedDirect = PooledByteBufAllocator.DEFAULT.directBuffer(512);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reused.release();
        reusedDirect.release();
        ternWireDirect.release();
    }

    private static byte[] toArray(ChannelBuffer b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }

    @Benchmark
    public Pdu decodeTern() throws Exception {
        ternWire.readerIndex(0);
        return PduCodec.decode(ternWire);
    }

    /** Tern from a pooled direct buffer: what an epoll/NIO read hands the frame decoder. */
    @Benchmark
    public Pdu decodeTernDirect() throws Exception {
        ternWireDirect.readerIndex(0);
        return PduCodec.decode(ternWireDirect);
    }

    @Benchmark
    public com.cloudhopper.smpp.pdu.Pdu decodeCloudhopper() throws Exception {
        chWire.readerIndex(0);
        return transcoder.decode(chWire);
    }

    /** Tern into a reused pooled heap buffer, cleared each op. */
    @Benchmark
    public ByteBuf encodeTernReused() {
        reused.clear();
        PduCodec.encode(ternPdu, reused);
        return reused;
    }

    /** Tern into a reused pooled direct buffer, cleared each op. */
    @Benchmark
    public ByteBuf encodeTernReusedDirect() {
        reusedDirect.clear();
        PduCodec.encode(ternPdu, reusedDirect);
        return reusedDirect;
    }

    /** Tern into a fresh unpooled heap buffer sized by estimateSize, as Cloudhopper allocates one. */
    @Benchmark
    public ByteBuf encodeTernFresh() {
        ByteBuf out = Unpooled.buffer(PduCodec.estimateSize(ternPdu));
        PduCodec.encode(ternPdu, out);
        return out;
    }

    @Benchmark
    public ChannelBuffer encodeCloudhopper() throws Exception {
        return transcoder.encode(chPdu);
    }
}
