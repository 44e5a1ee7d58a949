package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.Pdu;
import java.util.List;

/**
 * Splits the inbound byte stream into PDUs by command_length (SMPP 3.4 §3.2) and decodes them.
 * It emits a {@link Pdu} for every good frame and a {@link PduDecodeException} for every bad one,
 * so the session answers it and the pipeline never sees an exception.
 *
 * <p>A command_length below 16 or above the configured maximum means the framing is lost: the
 * decoder emits one framing error and discards everything after it. Garbage sent to an SMPP port
 * (an HTTP request, a TLS ClientHello) reads as such a length, so it is recognised from its first
 * four octets and never buffered.
 *
 * <p>Until a well-formed bind request (SMPP 3.4 §4.1) has been decoded, the limit can be lower:
 * on the SMSC side nothing an unauthenticated peer may send is longer than a bind
 * ({@link #UNBOUND_MAX_LENGTH}), so a peer cannot make the server hold tens of kilobytes before
 * it has even tried to bind. The session's own limit applies from the PDU after the bind on, so
 * a bind pipelined with submits is read as it comes.
 *
 * <p>A PDU that does not arrive in one read is held until it is complete; with a
 * {@link PartialPduBudget} its whole command_length is reserved there meanwhile, and when the
 * budget has no room the decoder emits {@link PartialPduBudget.Exceeded} and discards the rest of
 * the stream. The reservation is returned when the PDU is complete or the channel closes.
 */
public final class SmppDecoder extends ByteToMessageDecoder {

    /** Where the decoder is in the stream. */
    enum State {
        READ_PDU,
        FRAMING_LOST
    }

    /**
     * The longest bind SMPP 3.4 §4.1.1 allows: the header and system_id, password, system_type,
     * interface_version, addr_ton, addr_npi and address_range at their §5.2 maximum sizes (98
     * octets). Binds carry no TLVs.
     */
    public static final int MAX_BIND_LENGTH = PduCodec.HEADER_LENGTH + Limits.SYSTEM_ID + Limits.PASSWORD
            + Limits.SYSTEM_TYPE + 3 + Limits.ADDRESS_RANGE;

    /**
     * The largest command_length an SMSC accepts before a bind: a bind with 64 octets to spare, so
     * that a peer which appends a TLV or two gets the codec's precise status instead of losing
     * the connection.
     */
    public static final int UNBOUND_MAX_LENGTH = MAX_BIND_LENGTH + 64;

    /** Smallest buffer the cumulator allocates: smaller ones would be reallocated on every read. */
    private static final int MIN_CUMULATION = 4096;

    private final int maxPduLength;
    private final PartialPduBudget budget;
    /** The limit now: the unbound one until a bind has been decoded, then maxPduLength. */
    private int limit;
    /** Octets of the PDU being received that are reserved in the budget (0: none). */
    private int reserved;
    private State state = State.READ_PDU;

    /**
     * @param maxPduLength the largest command_length accepted, at least 16; larger PDUs are
     *     treated as lost framing (ESME_RINVCMDLEN)
     */
    public SmppDecoder(int maxPduLength) {
        this(maxPduLength, maxPduLength, null);
    }

    /**
     * @param maxPduLength the largest command_length accepted once a bind has been decoded, at
     *     least 16
     * @param unboundMaxPduLength the largest command_length accepted before, 16..maxPduLength
     * @param budget where incomplete PDUs reserve their length, or {@code null} for no limit
     *     beyond maxPduLength
     */
    public SmppDecoder(int maxPduLength, int unboundMaxPduLength, PartialPduBudget budget) {
        if (maxPduLength < PduCodec.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxPduLength must be at least 16, was " + maxPduLength);
        }
        if (unboundMaxPduLength < PduCodec.HEADER_LENGTH || unboundMaxPduLength > maxPduLength) {
            throw new IllegalArgumentException("unboundMaxPduLength must be in 16.." + maxPduLength + ", was "
                    + unboundMaxPduLength);
        }
        this.maxPduLength = maxPduLength;
        this.limit = unboundMaxPduLength;
        this.budget = budget;
        setCumulator(this::cumulate);
    }

    /**
     * Appends a read to what is held. Netty's merging cumulator grows by powers of two, so a
     * 70,000-octet PDU held in part takes 128 KiB, and keeps a grown buffer for as long as any
     * byte is left in it. This one grows to what the PDU being received needs and no more, and
     * gives a buffer more than twice as large as needed back to the allocator: a connection holds
     * about what the budget counts for it, and a large PDU leaves no large buffer behind.
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            int required = cumulation.readableBytes() + in.readableBytes();
            int wanted = Math.max(Math.max(required, reserved), MIN_CUMULATION);
            if (cumulation.refCnt() == 1 && !cumulation.isReadOnly()
                    && cumulation.writableBytes() >= in.readableBytes() && cumulation.capacity() <= 2 * wanted) {
                cumulation.writeBytes(in);
                return cumulation;
            }
            ByteBuf grown = alloc.buffer(wanted);
            grown.writeBytes(cumulation).writeBytes(in);
            cumulation.release();
            return grown;
        } finally {
            in.release();
        }
    }

    public int maxPduLength() {
        return maxPduLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FRAMING_LOST) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int commandLength = in.getInt(start);
        if (commandLength < PduCodec.HEADER_LENGTH || commandLength > limit) {
            int rawId = in.readableBytes() >= 8 ? in.getInt(start + 4) : 0;
            int seq = in.readableBytes() >= 16 ? in.getInt(start + 12) : PduDecodeException.NO_SEQUENCE;
            state = State.FRAMING_LOST;
            in.skipBytes(in.readableBytes());
            out.add(new PduDecodeException(rawId, seq, CommandStatus.ESME_RINVCMDLEN, true,
                    describeBadLength(commandLength)));
            return;
        }
        if (in.readableBytes() < commandLength) {
            if (reserved == 0 && budget != null) {
                if (!budget.tryReserve(commandLength)) {
                    state = State.FRAMING_LOST;
                    in.skipBytes(in.readableBytes());
                    out.add(new PartialPduBudget.Exceeded(commandLength, budget.capacity()));
                    return;
                }
                reserved = commandLength;
            }
            return;
        }
        releaseReservation();
        ByteBuf frame = in.slice(start, commandLength);
        in.skipBytes(commandLength);
        try {
            Pdu pdu = PduCodec.decode(frame);
            if (limit != maxPduLength && isBind(frame.getInt(4))) {
                // only a well-formed bind: a malformed one is refused without closing, and must
                // not open the way to long PDUs
                limit = maxPduLength;
            }
            out.add(pdu);
        } catch (PduDecodeException e) {
            out.add(e);
        }
    }

    /** bind_receiver, bind_transmitter, bind_transceiver (SMPP 3.4 §5.1.2.1). */
    private static boolean isBind(int rawCommandId) {
        return rawCommandId == 0x00000001 || rawCommandId == 0x00000002 || rawCommandId == 0x00000009;
    }

    private void releaseReservation() {
        if (reserved != 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseReservation();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // after the decoder's last pass over what is left, which may reserve again
        super.channelInactive(ctx);
        releaseReservation();
    }

    private String describeBadLength(int commandLength) {
        String printable = printable(commandLength);
        return "command_length " + Integer.toUnsignedString(commandLength) + " outside 16.." + limit
                + (limit != maxPduLength ? " (before bind)" : "")
                + (printable != null ? " (the stream starts with \"" + printable + "\": not SMPP)" : "");
    }

    /** The four length octets as text when they look like ASCII, e.g. "GET " or "POST". */
    private static String printable(int v) {
        StringBuilder sb = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (v >>> shift) & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return null;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
