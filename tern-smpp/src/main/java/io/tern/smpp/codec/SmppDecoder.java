package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tern.smpp.pdu.CommandStatus;
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
 */
public final class SmppDecoder extends ByteToMessageDecoder {

    /** Where the decoder is in the stream. */
    enum State {
        READ_PDU,
        FRAMING_LOST
    }

    private final int maxPduLength;
    private State state = State.READ_PDU;

    /**
     * @param maxPduLength the largest command_length accepted, at least 16; larger PDUs are
     *     treated as lost framing (ESME_RINVCMDLEN)
     */
    public SmppDecoder(int maxPduLength) {
        if (maxPduLength < PduCodec.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxPduLength must be at least 16, was " + maxPduLength);
        }
        this.maxPduLength = maxPduLength;
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
        if (commandLength < PduCodec.HEADER_LENGTH || commandLength > maxPduLength) {
            int rawId = in.readableBytes() >= 8 ? in.getInt(start + 4) : 0;
            int seq = in.readableBytes() >= 16 ? in.getInt(start + 12) : PduDecodeException.NO_SEQUENCE;
            state = State.FRAMING_LOST;
            in.skipBytes(in.readableBytes());
            out.add(new PduDecodeException(rawId, seq, CommandStatus.ESME_RINVCMDLEN, true,
                    describeBadLength(commandLength)));
            return;
        }
        if (in.readableBytes() < commandLength) {
            return;
        }
        ByteBuf frame = in.slice(start, commandLength);
        in.skipBytes(commandLength);
        try {
            out.add(PduCodec.decode(frame));
        } catch (PduDecodeException e) {
            out.add(e);
        }
    }

    private String describeBadLength(int commandLength) {
        String printable = printable(commandLength);
        return "command_length " + Integer.toUnsignedString(commandLength) + " outside 16.." + maxPduLength
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
