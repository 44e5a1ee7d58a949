package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.Pdu;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The limits {@link SmppDecoder} applies for an SMSC: before a bind nothing longer than the longest
 * bind (SMPP 3.4 §4.1.1, §5.2), and a budget for the octets of PDUs received in part.
 */
class SmppDecoderLimitsTest {

    private static byte[] encode(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer();
        PduCodec.encode(pdu, buf);
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    private static byte[] header(int length, int commandId, int seq) {
        return ByteBuffer.allocate(16).putInt(length).putInt(commandId).putInt(0).putInt(seq).array();
    }

    private static Bind longestBind() {
        return Bind.of(BindType.TRANSCEIVER, 1, "s".repeat(15), "p".repeat(8), "t".repeat(12), 0x34, 1, 1,
                "r".repeat(40));
    }

    @Test
    void theLongestBindIsTheComputedMaximumAndFitsTheUnboundLimit() {
        assertThat(encode(longestBind())).hasSize(SmppDecoder.MAX_BIND_LENGTH);
        assertThat(SmppDecoder.MAX_BIND_LENGTH).isEqualTo(98);
        EmbeddedChannel ch = new EmbeddedChannel(new SmppDecoder(70_000, SmppDecoder.UNBOUND_MAX_LENGTH, null));
        ch.writeInbound(Unpooled.wrappedBuffer(encode(longestBind())));
        assertThat((Object) ch.readInbound()).isEqualTo(longestBind());
    }

    @Test
    void beforeABindALongerPduLosesTheFramingWithInvalidCommandLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new SmppDecoder(70_000, SmppDecoder.UNBOUND_MAX_LENGTH, null));
        ch.writeInbound(Unpooled.wrappedBuffer(header(SmppDecoder.UNBOUND_MAX_LENGTH + 1, 0x04, 7)));
        PduDecodeException e = ch.readInbound();
        assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVCMDLEN);
        assertThat(e.framingLost()).isTrue();
        assertThat(e.sequenceNumber()).isEqualTo(7);
    }

    @Test
    void afterABindTheSessionLimitAppliesEvenToPdusPipelinedWithIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new SmppDecoder(70_000, SmppDecoder.UNBOUND_MAX_LENGTH, null));
        byte[] bind = encode(longestBind());
        byte[] big = new byte[10_000];
        System.arraycopy(header(10_000, 0x04, 2), 0, big, 0, 16);
        byte[] both = Arrays.copyOf(bind, bind.length + big.length);
        System.arraycopy(big, 0, both, bind.length, big.length);
        ch.writeInbound(Unpooled.wrappedBuffer(both));
        assertThat((Object) ch.readInbound()).isInstanceOf(Bind.class);
        PduDecodeException e = ch.readInbound();
        assertThat(e.framingLost()).as("a bad body, not a bad length: " + e).isFalse();
    }

    @Test
    void aPartialPduReservesItsLengthUntilItIsCompleteOrTheChannelCloses() {
        PartialPduBudget budget = new PartialPduBudget(100_000);
        EmbeddedChannel ch = new EmbeddedChannel(new SmppDecoder(70_000, 70_000, budget));
        byte[] enquire = encode(new EnquireLink(3));
        ch.writeInbound(Unpooled.wrappedBuffer(enquire, 0, 10));
        assertThat(budget.reserved()).isEqualTo(16);
        ch.writeInbound(Unpooled.wrappedBuffer(enquire, 10, 6));
        assertThat((Object) ch.readInbound()).isEqualTo(new EnquireLink(3));
        assertThat(budget.reserved()).isZero();

        ch.writeInbound(Unpooled.wrappedBuffer(header(60_000, 0x04, 4)));
        assertThat(budget.reserved()).isEqualTo(60_000);
        ch.close();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aPartialPduBeyondTheBudgetIsRefusedAndTheRestOfTheStreamDiscarded() {
        PartialPduBudget budget = new PartialPduBudget(100_000);
        EmbeddedChannel first = new EmbeddedChannel(new SmppDecoder(70_000, 70_000, budget));
        first.writeInbound(Unpooled.wrappedBuffer(header(60_000, 0x04, 1)));
        EmbeddedChannel second = new EmbeddedChannel(new SmppDecoder(70_000, 70_000, budget));
        second.writeInbound(Unpooled.wrappedBuffer(header(50_000, 0x04, 1)));
        assertThat((Object) second.readInbound()).isEqualTo(new PartialPduBudget.Exceeded(50_000, 100_000));
        second.writeInbound(Unpooled.wrappedBuffer(encode(new EnquireLink(2))));
        assertThat((Object) second.readInbound()).isNull();
        assertThat(budget.reserved()).isEqualTo(60_000);
        first.close();
        second.close();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aLargePduReceivedInPiecesIsHeldInABufferOfItsOwnSizeNotTheNextPowerOfTwo() {
        RecordingAllocator alloc = new RecordingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new SmppDecoder(70_000, 70_000, new PartialPduBudget(100_000)));
        byte[] pdu = new byte[70_000];
        System.arraycopy(header(70_000, 0x06, 9), 0, pdu, 0, 16);
        for (int off = 0; off < pdu.length - 7_000; off += 7_000) {
            ch.writeInbound(alloc.buffer(7_000).writeBytes(pdu, off, 7_000));
        }
        assertThat(alloc.heldCapacity()).as("octets held for 63,000 of a 70,000-octet PDU").isEqualTo(70_000);
        ch.writeInbound(alloc.buffer(7_000).writeBytes(pdu, 63_000, 7_000));
        assertThat((Object) ch.readInbound()).as("unbind with a body").isInstanceOf(PduDecodeException.class);
        assertThat(alloc.heldCapacity()).as("nothing held once the PDU is complete").isZero();
        assertThat(ch.finish()).isFalse();
    }

    /** Unpooled buffers, remembering each so that the capacity still held can be summed. */
    private static final class RecordingAllocator extends io.netty.buffer.AbstractByteBufAllocator {
        private final java.util.List<ByteBuf> made = new java.util.ArrayList<>();

        int heldCapacity() {
            return made.stream().filter(b -> b.refCnt() > 0).mapToInt(ByteBuf::capacity).sum();
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new io.netty.buffer.UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            made.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
