package io.tern.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.smpp.charset.DataCoding;
import io.tern.smpp.charset.Gsm7;
import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.charset.Transcoder;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.sms.MessagePart;
import io.tern.smpp.sms.MessageSplitter;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What converting a message's text for a channel that expects another encoding costs
 * (docs/protocol.md, "Character sets on delivery"), against the work every delivery does anyway:
 * encoding its deliver_sm (the reference, in the same run). One full-length GSM 7-bit message (160
 * septets, with extension characters) to UCS-2 split again into three parts, and (without its euro
 * sign, which Latin-1 lacks) to Latin-1; and a
 * 70-unit UCS-2 message to GSM 7-bit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TranscoderBenchmark {

    private static final String TEXT = ("Your code is 123456 {valid 5 min} - pay 10€ at the desk. ").repeat(3)
            .substring(0, 152);

    private byte[] gsm;
    /** The same without the euro sign, which Latin-1 lacks. */
    private byte[] gsmLatin1;
    private byte[] ucs2;
    private DeliverSm deliverSm;
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        gsm = Gsm7.encodeUnpacked(TEXT);
        if (gsm.length != 160) {
            throw new IllegalStateException("the sample should fill one message: " + gsm.length + " septets");
        }
        gsmLatin1 = Gsm7.encodeUnpacked(TEXT.replace('€', 'E'));
        ucs2 = TEXT.substring(0, 70).getBytes(StandardCharsets.UTF_16BE);
        deliverSm = new DeliverSm(7, "", Address.international("447700900001"), Address.international("447700900002"),
                0, 0, 0, "", "", 0, 0, 0, 0, gsm, Tlvs.EMPTY);
        out = Unpooled.buffer(512);
    }

    /** The reference: the deliver_sm every delivery encodes. */
    @Benchmark
    public int encodeDeliverSm() {
        out.clear();
        PduCodec.encode(deliverSm, out);
        return out.writerIndex();
    }

    @Benchmark
    public byte[] gsm7ToLatin1() {
        return Transcoder.transcode(gsmLatin1, 0, gsmLatin1.length, DataCoding.SMSC_DEFAULT, SmsEncoding.EIGHT_BIT);
    }

    @Benchmark
    public List<MessagePart> gsm7ToUcs2SplitInThree() {
        String text = Transcoder.decode(gsm, 0, gsm.length, DataCoding.SMSC_DEFAULT);
        return MessageSplitter.withUdh(text, SmsEncoding.UCS2, MessageSplitter.ReferenceSize.EIGHT_BIT, 42);
    }

    @Benchmark
    public byte[] ucs2ToGsm7() {
        return Transcoder.transcode(ucs2, 0, ucs2.length, DataCoding.UCS2, SmsEncoding.GSM7);
    }
}
