package io.tern.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.pdu.Limits;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An experiment for issue 2's open decision, not part of the library: how fast would a decoded
 * submit_sm be with fewer objects per PDU? The same values as Tern's {@code SubmitSm} record,
 * decoded from the same heap frame as {@link CodecBenchmark}'s submit_sm, in a {@link Flat} record:
 * the addresses' ton/npi/digits as fields of the PDU (no Address records) and the TLVs as their
 * octets (no Tlvs object), with the digits either as Strings ({@link #flat}) or as octets
 * ({@link #octets}). Both check what the records check (field sizes, NUL-terminated within them,
 * whole TLVs) with plain loops, so they are if anything slower than a tuned decoder would be.
 * Run in the same JMH run as {@code CodecBenchmark.decode(Tern|Cloudhopper)} with
 * {@code -p pdu=submit_sm -prof gc}; see docs/PERFORMANCE.md, "The session layer and the codec".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeModelBenchmark {

    /** submit_sm with the addresses and TLV octets as fields; {@code A} is String or byte[]. */
    public record Flat<A>(int sequenceNumber, String serviceType, int sourceTon, int sourceNpi, A sourceAddr,
            int destTon, int destNpi, A destAddr, int esmClass, int protocolId, int priorityFlag,
            String scheduleDeliveryTime, String validityPeriod, int registeredDelivery, int replaceIfPresentFlag,
            int dataCoding, int smDefaultMsgId, byte[] shortMessage, byte[] tlvs) {
    }

    private byte[] frame;

    @Setup
    public void setUp() {
        ByteBuf encoded = Unpooled.buffer();
        PduCodec.encode(CodecSamples.tern("submit_sm"), encoded);
        frame = ByteBufUtil.getBytes(encoded);
    }

    @Benchmark
    public Flat<String> flat() {
        return decode(c -> c.cString(Limits.ADDR_21));
    }

    @Benchmark
    public Flat<byte[]> octets() {
        return decode(c -> c.cOctets(Limits.ADDR_21));
    }

    private <A> Flat<A> decode(Function<Cursor, A> address) {
        Cursor c = new Cursor(frame, 16, frame.length);
        String serviceType = c.cString(Limits.SERVICE_TYPE);
        int srcTon = c.octet();
        int srcNpi = c.octet();
        A src = address.apply(c);
        int dstTon = c.octet();
        int dstNpi = c.octet();
        A dst = address.apply(c);
        int esm = c.octet();
        int pid = c.octet();
        int prio = c.octet();
        String schedule = c.time();
        String validity = c.time();
        int reg = c.octet();
        int replace = c.octet();
        int dcs = c.octet();
        int defaultId = c.octet();
        byte[] sm = c.octets(c.octet());
        byte[] tlvs = c.tlvs();
        return new Flat<>(c.seq(), serviceType, srcTon, srcNpi, src, dstTon, dstNpi, dst, esm, pid, prio, schedule,
                validity, reg, replace, dcs, defaultId, sm, tlvs);
    }

    /** A checked reader over one frame; any violation is an exception, as in the real decoder. */
    private static final class Cursor {
        private final byte[] a;
        private int p;
        private final int end;

        Cursor(byte[] a, int p, int end) {
            this.a = a;
            this.p = p;
            this.end = end;
        }

        int seq() {
            return (a[12] & 0xFF) << 24 | (a[13] & 0xFF) << 16 | (a[14] & 0xFF) << 8 | (a[15] & 0xFF);
        }

        int octet() {
            if (p >= end) {
                throw new IllegalArgumentException("short body");
            }
            return a[p++] & 0xFF;
        }

        /** The offset of the NUL ending a C-Octet String of at most {@code size} octets. */
        private int nul(int size) {
            int limit = Math.min(end, p + size);
            for (int i = p; i < limit; i++) {
                if (a[i] == 0) {
                    return i;
                }
            }
            throw new IllegalArgumentException("C-Octet String without NUL");
        }

        @SuppressWarnings("deprecation") // the plain Latin-1 copy
        String cString(int size) {
            int q = nul(size);
            String s = q == p ? "" : new String(a, 0, p, q - p);
            p = q + 1;
            return s;
        }

        byte[] cOctets(int size) {
            int q = nul(size);
            byte[] b = Arrays.copyOfRange(a, p, q);
            p = q + 1;
            return b;
        }

        String time() {
            String s = cString(Limits.TIME);
            if (!s.isEmpty() && s.length() != Limits.TIME - 1) {
                throw new IllegalArgumentException("time of " + s.length() + " characters");
            }
            return s;
        }

        byte[] octets(int n) {
            if (n > end - p) {
                throw new IllegalArgumentException("short body");
            }
            byte[] b = Arrays.copyOfRange(a, p, p + n);
            p += n;
            return b;
        }

        /** The rest of the frame, walked as whole TLVs. */
        byte[] tlvs() {
            for (int i = p; i < end; ) {
                if (end - i < 4) {
                    throw new IllegalArgumentException("truncated TLV");
                }
                int len = (a[i + 2] & 0xFF) << 8 | (a[i + 3] & 0xFF);
                i += 4 + len;
                if (i > end) {
                    throw new IllegalArgumentException("TLV past the frame");
                }
            }
            return octets(end - p);
        }
    }
}
