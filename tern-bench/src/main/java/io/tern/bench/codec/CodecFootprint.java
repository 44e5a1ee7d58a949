package io.tern.bench.codec;

import com.cloudhopper.smpp.transcoder.DefaultPduTranscoder;
import com.cloudhopper.smpp.transcoder.DefaultPduTranscoderContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.pdu.Pdu;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jboss.netty.buffer.ChannelBuffer;
import org.jboss.netty.buffer.ChannelBuffers;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.util.Multiset;

/**
 * Where the bytes of the codec go, for the three PDUs of {@link CodecBenchmark}, Tern and
 * Cloudhopper on the same bytes. For a decode:
 * <ul>
 *   <li>allocated: the thread's allocation counter over many decodes divided by their number
 *       (what JMH's {@code gc.alloc.rate.norm} reports);</li>
 *   <li>returned: the objects of the decoded PDU's graph that each decode creates anew (JOL;
 *       objects two decodes share, such as constants and enums, are left out), by class;</li>
 *   <li>temporaries: the difference, garbage the decoder made and dropped before returning.</li>
 * </ul>
 * and for an encode the bytes allocated per encode (Tern into a reused pooled direct buffer, as
 * its frame encoder runs; Cloudhopper into the buffer it allocates itself).
 *
 * <p>A decoder that runs at the machine's allocation rate is as fast as its bytes are few, so
 * docs/PERFORMANCE.md reads these figures next to the JMH ones.
 *
 * <p>Usage: {@code java -cp tern-bench/target/tern-bench.jar io.tern.bench.codec.CodecFootprint [operations]}
 */
public final class CodecFootprint {

    /** One operation under measurement, repeated on the same input on each call. */
    @FunctionalInterface
    interface Operation {
        Object run() throws Exception;
    }

    /** One object class of a decoded graph: how many objects each decode makes, and their bytes. */
    record ClassShare(String name, long count, long bytes) {
    }

    /** A decoder's footprint for one PDU. */
    record DecodeFootprint(String pdu, String decoder, double allocated, long returnedBytes,
            List<ClassShare> returned) {

        double temporaries() {
            return allocated - returnedBytes;
        }
    }

    static final List<String> PDUS = List.of("submit_sm", "deliver_sm", "submit_sm_resp");

    static {
        // JOL's usual Unsafe.objectFieldOffset refuses record classes; its "magic" mode finds them
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
    }

    private CodecFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        System.out.printf(Locale.ROOT, "%-15s %-12s %15s %11s %14s  %s%n",
                "pdu", "decoder", "allocated B/op", "returned B", "temporaries B", "returned objects");
        for (String pdu : PDUS) {
            for (DecodeFootprint f : decodeFootprints(pdu, operations)) {
                System.out.printf(Locale.ROOT, "%-15s %-12s %15.1f %11d %14.1f  %s%n", f.pdu(), f.decoder(),
                        f.allocated(), f.returnedBytes(), f.temporaries(), describe(f.returned()));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-15s %-12s %15s%n", "pdu", "encoder", "allocated B/op");
        for (String pdu : PDUS) {
            System.out.printf(Locale.ROOT, "%-15s %-12s %15.1f%n", pdu, "tern", ternEncodeAllocation(pdu, operations));
            System.out.printf(Locale.ROOT, "%-15s %-12s %15.1f%n", pdu, "cloudhopper",
                    cloudhopperEncodeAllocation(pdu, operations));
        }
    }

    /**
     * Decode footprints for one sample PDU, each over {@code operations} decodes: Tern from a heap
     * frame and from a pooled direct frame (as a socket read delivers it), Cloudhopper from a heap frame.
     */
    static List<DecodeFootprint> decodeFootprints(String pdu, int operations) throws Exception {
        byte[] bytes = wire(pdu);
        ByteBuf heap = Unpooled.wrappedBuffer(bytes);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        DefaultPduTranscoder transcoder = new DefaultPduTranscoder(new DefaultPduTranscoderContext());
        ChannelBuffer chWire = ChannelBuffers.wrappedBuffer(bytes);
        try {
            return List.of(
                    decodeFootprint(pdu, "tern", () -> PduCodec.decode(heap.readerIndex(0)), operations),
                    decodeFootprint(pdu, "tern-direct", () -> PduCodec.decode(direct.readerIndex(0)), operations),
                    decodeFootprint(pdu, "cloudhopper", () -> {
                        chWire.readerIndex(0);
                        return transcoder.decode(chWire);
                    }, operations));
        } finally {
            direct.release();
        }
    }

    static DecodeFootprint decodeFootprint(String pdu, String decoder, Operation decode, int operations)
            throws Exception {
        double allocated = allocatedPerOperation(decode, operations);
        Object first = decode.run();
        Object second = decode.run();
        GraphLayout one = GraphLayout.parseInstance(first);
        GraphLayout both = GraphLayout.parseInstance(first, second);
        // what the second decode added to the graph is what every decode creates
        Multiset<Class<?>> sizes = both.getClassSizes();
        Multiset<Class<?>> counts = both.getClassCounts();
        Multiset<Class<?>> sizesOne = one.getClassSizes();
        Multiset<Class<?>> countsOne = one.getClassCounts();
        List<ClassShare> shares = new ArrayList<>();
        for (Class<?> c : both.getClasses()) {
            long n = counts.count(c) - countsOne.count(c);
            if (n > 0) {
                shares.add(new ClassShare(c.getSimpleName(), n, sizes.count(c) - sizesOne.count(c)));
            }
        }
        shares.sort(Comparator.comparingLong(ClassShare::bytes).reversed().thenComparing(ClassShare::name));
        return new DecodeFootprint(pdu, decoder, allocated, both.totalSize() - one.totalSize(), shares);
    }

    /** Bytes allocated per encode of the sample into a reused pooled direct buffer, cleared each time. */
    static double ternEncodeAllocation(String pdu, int operations) throws Exception {
        Pdu sample = CodecSamples.tern(pdu);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(512);
        try {
            return allocatedPerOperation(() -> {
                PduCodec.encode(sample, out.clear());
                return out;
            }, operations);
        } finally {
            out.release();
        }
    }

    static double cloudhopperEncodeAllocation(String pdu, int operations) throws Exception {
        com.cloudhopper.smpp.pdu.Pdu sample = CodecSamples.cloudhopper(pdu);
        DefaultPduTranscoder transcoder = new DefaultPduTranscoder(new DefaultPduTranscoderContext());
        return allocatedPerOperation(() -> transcoder.encode(sample), operations);
    }

    /**
     * Bytes the current thread allocates per operation: three rounds of {@code operations}, the
     * first to get the code compiled, the fewer of the other two counted (a one-off allocation of
     * the JVM's on this thread, class loading say, then counts in one round only). Each result is
     * kept in a ring of slots so that the JIT cannot drop the allocation.
     */
    static double allocatedPerOperation(Operation operation, int operations) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Object[] sink = new Object[1024];
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < operations; i++) {
                sink[i & (sink.length - 1)] = operation.run();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round > 0) {
                fewest = Math.min(fewest, allocated);
            }
        }
        if (sink[0] == null) {
            throw new IllegalStateException("the operation returned nothing");
        }
        return (double) fewest / operations;
    }

    /** The sample's bytes as Tern encodes them ({@link CodecBenchmark} checks Cloudhopper agrees). */
    static byte[] wire(String pdu) {
        ByteBuf encoded = Unpooled.buffer();
        PduCodec.encode(CodecSamples.tern(pdu), encoded);
        return ByteBufUtil.getBytes(encoded);
    }

    static String describe(List<ClassShare> shares) {
        StringBuilder sb = new StringBuilder();
        for (ClassShare s : shares) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.name()).append(' ').append(s.count()).append("x = ").append(s.bytes());
        }
        return sb.toString();
    }
}
