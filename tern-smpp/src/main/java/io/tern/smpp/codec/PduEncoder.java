package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BroadcastSm;
import io.tern.smpp.pdu.BroadcastSmResp;
import io.tern.smpp.pdu.CancelBroadcastSm;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.QueryBroadcastSm;
import io.tern.smpp.pdu.QueryBroadcastSmResp;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ShortMessagePdu;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.Tlvs;

/** Encodes whole PDUs (SMPP 3.4 §3.2, §4, §5) into Netty buffers. */
final class PduEncoder {

    private PduEncoder() {
    }

    /** Encodes {@code pdu} at the writer index of {@code out}, header included. */
    static void encode(Pdu pdu, ByteBuf out) {
        // the commonest PDUs are written as one array: exact classes, compared without a type scan
        Class<?> type = pdu.getClass();
        if (type == SubmitSm.class || type == DeliverSm.class) {
            encodeShortMessage((ShortMessagePdu) pdu, out);
            return;
        }
        if (type == SubmitSmResp.class) {
            SubmitSmResp r = (SubmitSmResp) pdu;
            encodeMessageIdResp(r.commandId(), r.commandStatus(), r.sequenceNumber(), r.messageId(), out);
            return;
        }
        if (type == DeliverSmResp.class) {
            DeliverSmResp r = (DeliverSmResp) pdu;
            encodeMessageIdResp(r.commandId(), r.commandStatus(), r.sequenceNumber(), r.messageId(), out);
            return;
        }
        int start = out.writerIndex();
        out.writeInt(0); // command_length, patched below
        out.writeInt(pdu.commandId().code());
        out.writeInt(pdu.commandStatus().code());
        out.writeInt(pdu.sequenceNumber());
        encodeBody(pdu, out);
        out.setInt(start, out.writerIndex() - start);
    }

    /** An upper bound of the encoded size, to size buffers without a second pass. */
    static int estimateSize(Pdu pdu) {
        // the two commonest PDUs are sized exactly: C-Octet Strings are one octet a character
        // (the records allow nothing above 0xFF) plus the NUL.
        if (pdu instanceof ShortMessagePdu sm) {
            return PduCodec.HEADER_LENGTH + sm.serviceType().length() + 1 + 2 + sm.sourceAddr().address().length() + 1
                    + 2 + sm.destinationAddr().address().length() + 1 + 3 + sm.scheduleDeliveryTime().length() + 1
                    + sm.validityPeriod().length() + 1 + 5 + sm.shortMessage().length + sm.tlvs().encodedLength();
        }
        if (pdu instanceof SubmitSmResp r) {
            return PduCodec.HEADER_LENGTH + r.messageId().length() + 1;
        }
        int n = PduCodec.HEADER_LENGTH + 64;
        if (pdu instanceof SubmitMulti m) {
            n += 64 + m.shortMessage().length + m.tlvs().encodedLength() + 25 * m.destAddresses().size();
        } else if (pdu instanceof DataSm d) {
            n += 140 + d.tlvs().encodedLength();
        } else if (pdu instanceof ReplaceSm r) {
            n += 120 + r.shortMessage().length;
        } else if (pdu instanceof SubmitMultiResp r) {
            n += 30 * r.unsuccessSmes().size();
        } else if (pdu instanceof BroadcastSm b) {
            n += 128 + b.tlvs().encodedLength();
        }
        return n;
    }

    private static void encodeBody(Pdu pdu, ByteBuf out) {
        switch (pdu.commandId()) {
            case UNBIND, UNBIND_RESP, ENQUIRE_LINK, ENQUIRE_LINK_RESP, GENERIC_NACK, CANCEL_SM_RESP, REPLACE_SM_RESP, CANCEL_BROADCAST_SM_RESP -> {
                // header only
            }
            case BIND_TRANSMITTER, BIND_RECEIVER, BIND_TRANSCEIVER -> {
                Bind b = (Bind) pdu;
                cString(out, b.systemId());
                cString(out, b.password());
                cString(out, b.systemType());
                out.writeByte(b.interfaceVersion());
                out.writeByte(b.addrTon());
                out.writeByte(b.addrNpi());
                cString(out, b.addressRange());
            }
            case BIND_TRANSMITTER_RESP, BIND_RECEIVER_RESP, BIND_TRANSCEIVER_RESP -> {
                BindResp r = (BindResp) pdu;
                if (r.commandStatus().isOk() || !r.systemId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.systemId());
                    tlvs(out, r.tlvs());
                }
            }
            case OUTBIND -> {
                Outbind o = (Outbind) pdu;
                cString(out, o.systemId());
                cString(out, o.password());
            }
            case SUBMIT_SM, DELIVER_SM -> throw new AssertionError("encoded by encodeShortMessage");
            case SUBMIT_SM_RESP -> {
                SubmitSmResp r = (SubmitSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty()) {
                    cString(out, r.messageId());
                }
            }
            case DELIVER_SM_RESP -> {
                DeliverSmResp r = (DeliverSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty()) {
                    cString(out, r.messageId());
                }
            }
            case SUBMIT_MULTI -> {
                SubmitMulti m = (SubmitMulti) pdu;
                cString(out, m.serviceType());
                address(out, m.sourceAddr());
                out.writeByte(m.destAddresses().size());
                for (DestAddress d : m.destAddresses()) {
                    out.writeByte(d.destFlag());
                    if (d instanceof DestAddress.Sme sme) {
                        address(out, sme.address());
                    } else {
                        cString(out, ((DestAddress.DistributionList) d).dlName());
                    }
                }
                out.writeByte(m.esmClass());
                out.writeByte(m.protocolId());
                out.writeByte(m.priorityFlag());
                cString(out, m.scheduleDeliveryTime());
                cString(out, m.validityPeriod());
                out.writeByte(m.registeredDelivery());
                out.writeByte(m.replaceIfPresentFlag());
                out.writeByte(m.dataCoding());
                out.writeByte(m.smDefaultMsgId());
                out.writeByte(m.shortMessage().length);
                out.writeBytes(m.shortMessage());
                tlvs(out, m.tlvs());
            }
            case SUBMIT_MULTI_RESP -> {
                SubmitMultiResp r = (SubmitMultiResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.unsuccessSmes().isEmpty()) {
                    cString(out, r.messageId());
                    out.writeByte(r.unsuccessSmes().size());
                    for (UnsuccessSme u : r.unsuccessSmes()) {
                        address(out, u.address());
                        out.writeInt(u.errorStatusCode().code());
                    }
                }
            }
            case DATA_SM -> {
                DataSm d = (DataSm) pdu;
                cString(out, d.serviceType());
                address(out, d.sourceAddr());
                address(out, d.destinationAddr());
                out.writeByte(d.esmClass());
                out.writeByte(d.registeredDelivery());
                out.writeByte(d.dataCoding());
                tlvs(out, d.tlvs());
            }
            case DATA_SM_RESP -> {
                DataSmResp r = (DataSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.messageId());
                    tlvs(out, r.tlvs());
                }
            }
            case QUERY_SM -> {
                QuerySm q = (QuerySm) pdu;
                cString(out, q.messageId());
                address(out, q.sourceAddr());
            }
            case QUERY_SM_RESP -> {
                QuerySmResp r = (QuerySmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.finalDate().isEmpty()
                        || r.messageState() != 0 || r.errorCode() != 0) {
                    cString(out, r.messageId());
                    cString(out, r.finalDate());
                    out.writeByte(r.messageState());
                    out.writeByte(r.errorCode());
                }
            }
            case CANCEL_SM -> {
                CancelSm c = (CancelSm) pdu;
                cString(out, c.serviceType());
                cString(out, c.messageId());
                address(out, c.sourceAddr());
                address(out, c.destinationAddr());
            }
            case REPLACE_SM -> {
                ReplaceSm r = (ReplaceSm) pdu;
                cString(out, r.messageId());
                address(out, r.sourceAddr());
                cString(out, r.scheduleDeliveryTime());
                cString(out, r.validityPeriod());
                out.writeByte(r.registeredDelivery());
                out.writeByte(r.smDefaultMsgId());
                out.writeByte(r.shortMessage().length);
                out.writeBytes(r.shortMessage());
            }
            case ALERT_NOTIFICATION -> {
                AlertNotification a = (AlertNotification) pdu;
                address(out, a.sourceAddr());
                address(out, a.esmeAddr());
                tlvs(out, a.tlvs());
            }
            case BROADCAST_SM -> {
                BroadcastSm b = (BroadcastSm) pdu;
                cString(out, b.serviceType());
                address(out, b.sourceAddr());
                cString(out, b.messageId());
                out.writeByte(b.priorityFlag());
                cString(out, b.scheduleDeliveryTime());
                cString(out, b.validityPeriod());
                out.writeByte(b.replaceIfPresentFlag());
                out.writeByte(b.dataCoding());
                out.writeByte(b.smDefaultMsgId());
                tlvs(out, b.tlvs());
            }
            case BROADCAST_SM_RESP -> {
                BroadcastSmResp r = (BroadcastSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.messageId());
                    tlvs(out, r.tlvs());
                }
            }
            case QUERY_BROADCAST_SM -> {
                QueryBroadcastSm q = (QueryBroadcastSm) pdu;
                cString(out, q.messageId());
                address(out, q.sourceAddr());
                tlvs(out, q.tlvs());
            }
            case QUERY_BROADCAST_SM_RESP -> {
                QueryBroadcastSmResp r = (QueryBroadcastSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.messageId());
                    tlvs(out, r.tlvs());
                }
            }
            case CANCEL_BROADCAST_SM -> {
                CancelBroadcastSm c = (CancelBroadcastSm) pdu;
                cString(out, c.serviceType());
                cString(out, c.messageId());
                address(out, c.sourceAddr());
                tlvs(out, c.tlvs());
            }
        }
    }

    /**
     * submit_sm and deliver_sm, the hot path, in one pass against a bound from the field limits
     * (C-Octet Strings are one octet a character): plain array stores and bulk string copies into
     * the heap buffer's own array or, for a direct buffer, into this thread's scratch array
     * followed by one copy into the buffer's memory. Writing a direct buffer field by field cost a
     * store per character of every C-Octet String (half the encode time of a submit_sm, JFR).
     */
    private static void encodeShortMessage(ShortMessagePdu m, ByteBuf out) {
        int bound = SHORT_MESSAGE_HEAD + m.shortMessage().length + m.tlvs().encodedLength();
        int w = out.writerIndex();
        if (out.hasArray() && out.writableBytes() >= bound) {
            out.writerIndex(w + putShortMessage(out.array(), out.arrayOffset() + w, m));
            return;
        }
        byte[] a = scratch(bound);
        int n = putShortMessage(a, 0, m);
        if (out.writableBytes() < n) {
            out.ensureWritable(n);
        }
        copyOut(a, n, out, w);
        out.writerIndex(w + n);
    }

    /**
     * The most octets of a submit_sm or deliver_sm besides its short message and TLVs: the
     * header, the fixed fields and every C-Octet String at its largest (the records enforce it).
     */
    private static final int SHORT_MESSAGE_HEAD = PduCodec.HEADER_LENGTH + Limits.SERVICE_TYPE + 2 + Limits.ADDR_21
            + 2 + Limits.ADDR_21 + 3 + Limits.TIME + Limits.TIME + 5;

    /**
     * The layout of submit_sm and deliver_sm, written once: the header, body and TLVs of
     * {@code m} into {@code a} from {@code start}, which has room for {@link #SHORT_MESSAGE_HEAD},
     * the short message and the TLVs; the octets written.
     */
    private static int putShortMessage(byte[] a, int start, ShortMessagePdu m) {
        Address src = m.sourceAddr();
        Address dst = m.destinationAddr();
        byte[] sm = m.shortMessage();
        int p = putCString(a, start + PduCodec.HEADER_LENGTH, m.serviceType());
        a[p] = (byte) src.ton();
        a[p + 1] = (byte) src.npi();
        p = putCString(a, p + 2, src.address());
        a[p] = (byte) dst.ton();
        a[p + 1] = (byte) dst.npi();
        p = putCString(a, p + 2, dst.address());
        a[p] = (byte) m.esmClass();
        a[p + 1] = (byte) m.protocolId();
        a[p + 2] = (byte) m.priorityFlag();
        p = putCString(a, p + 3, m.scheduleDeliveryTime());
        p = putCString(a, p, m.validityPeriod());
        a[p] = (byte) m.registeredDelivery();
        a[p + 1] = (byte) m.replaceIfPresentFlag();
        a[p + 2] = (byte) m.dataCoding();
        a[p + 3] = (byte) m.smDefaultMsgId();
        a[p + 4] = (byte) sm.length;
        System.arraycopy(sm, 0, a, p + 5, sm.length);
        p += 5 + sm.length;
        m.tlvs().copyTo(a, p);
        int n = p + m.tlvs().encodedLength() - start;
        putHeader(a, start, n, m.commandId().code(), 0, m.sequenceNumber()); // command_status: always 0 in a request
        return n;
    }

    /** submit_sm_resp and deliver_sm_resp: the header and, unless an error without one, the message_id. */
    private static void encodeMessageIdResp(CommandId id, CommandStatus status, int seq, String messageId,
            ByteBuf out) {
        int code = status.code();
        boolean body = code == 0 || !messageId.isEmpty();
        int n = body ? PduCodec.HEADER_LENGTH + messageId.length() + 1 : PduCodec.HEADER_LENGTH;
        out.ensureWritable(n);
        int w = out.writerIndex();
        boolean heap = out.hasArray();
        byte[] a = heap ? out.array() : scratch(n);
        int p = heap ? out.arrayOffset() + w : 0;
        putHeader(a, p, n, id.code(), code, seq);
        if (body) {
            putCString(a, p + PduCodec.HEADER_LENGTH, messageId);
        }
        if (!heap) {
            copyOut(a, n, out, w);
        }
        out.writerIndex(w + n);
    }

    private static void putHeader(byte[] a, int p, int length, int id, int status, int seq) {
        PduCodec.INT_BE.set(a, p, length);
        PduCodec.INT_BE.set(a, p + 4, id);
        PduCodec.INT_BE.set(a, p + 8, status);
        PduCodec.INT_BE.set(a, p + 12, seq);
    }

    /**
     * A C-Octet String and its NUL at {@code p}; the offset after the NUL. The records admit only
     * characters 0x01..0xFF, whose low byte is their ISO-8859-1 encoding: one bulk copy.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly the copy wanted
    private static int putCString(byte[] a, int p, String s) {
        int len = s.length();
        if (len != 0) { // most service_type, schedule_delivery_time and validity_period are empty
            s.getBytes(0, len, a, p);
        }
        a[p + len] = 0;
        return p + len + 1;
    }

    /** Copies the first {@code n} octets of {@code a} into {@code out} at {@code index}, indexes untouched. */
    private static void copyOut(byte[] a, int n, ByteBuf out, int index) {
        if (out.hasMemoryAddress()) {
            PlatformDependent.copyMemory(a, 0, out.memoryAddress() + index, n);
        } else {
            out.setBytes(index, a, 0, n);
        }
    }

    /** PDUs up to this size are staged in the thread's scratch array; larger ones (message_payload) in their own. */
    private static final int SCRATCH_SIZE = 1024;

    /**
     * One scratch array per thread for PDUs bound for a direct buffer: encoding into a reused
     * buffer allocates nothing. Encoding does not nest, so one per thread is enough.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_SIZE];
        }
    };

    private static byte[] scratch(int n) {
        return n <= SCRATCH_SIZE ? SCRATCH.get() : new byte[n];
    }

    /**
     * Writes a C-Octet String. The records admit only characters 0x01..0xFF, whose low byte is
     * their ISO-8859-1 encoding, so a heap buffer gets one bulk copy rather than
     * writeCharSequence's charset dispatch and per-character writes (most of the encode time of
     * a submit_sm, measured); other buffers take ByteBufUtil's ASCII/Latin-1 loop directly.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly the copy wanted
    private static void cString(ByteBuf out, String s) {
        int len = s.length();
        if (len != 0) {
            out.ensureWritable(len + 1);
            if (out.hasArray()) {
                int at = out.writerIndex();
                s.getBytes(0, len, out.array(), out.arrayOffset() + at);
                out.writerIndex(at + len);
            } else {
                ByteBufUtil.writeAscii(out, s);
            }
        }
        out.writeByte(0);
    }

    private static void address(ByteBuf out, Address a) {
        out.writeShort(a.ton() << 8 | a.npi());
        cString(out, a.address());
    }

    private static void tlvs(ByteBuf out, Tlvs tlvs) {
        tlvs.writeTo(out);
    }
}
