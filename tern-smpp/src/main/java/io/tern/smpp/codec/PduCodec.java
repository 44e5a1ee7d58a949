package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindReceiver;
import io.tern.smpp.pdu.BindReceiverResp;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BindTransceiver;
import io.tern.smpp.pdu.BindTransceiverResp;
import io.tern.smpp.pdu.BindTransmitter;
import io.tern.smpp.pdu.BindTransmitterResp;
import io.tern.smpp.pdu.BroadcastSm;
import io.tern.smpp.pdu.BroadcastSmResp;
import io.tern.smpp.pdu.CancelBroadcastSm;
import io.tern.smpp.pdu.CancelBroadcastSmResp;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CancelSmResp;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduValidationException;
import io.tern.smpp.pdu.QueryBroadcastSm;
import io.tern.smpp.pdu.QueryBroadcastSmResp;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ReplaceSmResp;
import io.tern.smpp.pdu.ShortMessagePdu;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pure encode and decode of whole PDUs (SMPP 3.4 §3.2, §4, §5) on Netty buffers. Decoding never
 * throws anything but {@link PduDecodeException}: every field is checked against its limit and a
 * violation carries the field's SMPP status.
 */
public final class PduCodec {

    /** command_length (4) + command_id (4) + command_status (4) + sequence_number (4). */
    public static final int HEADER_LENGTH = 16;

    private PduCodec() {
    }

    // ------------------------------------------------------------------ decode

    /**
     * Decodes one PDU from {@code frame}, which holds exactly one PDU including its header (the
     * frame decoder has already checked command_length). The reader index is advanced past it.
     */
    public static Pdu decode(ByteBuf frame) throws PduDecodeException {
        Pdu pdu = decodeFast(frame);
        if (pdu != null) {
            return pdu;
        }
        return decodeChecked(frame);
    }

    /**
     * The general decoder alone, without the fast path: every PDU type, every error. Package
     * private so that tests can hold both paths to the same answers.
     */
    static Pdu decodeChecked(ByteBuf frame) throws PduDecodeException {
        int start = frame.readerIndex();
        int available = frame.readableBytes();
        if (available < HEADER_LENGTH) {
            throw new PduDecodeException(0, PduDecodeException.NO_SEQUENCE, CommandStatus.ESME_RINVCMDLEN, true,
                    "frame of " + available + " octets is shorter than a PDU header");
        }
        int commandLength = frame.getInt(start);
        int rawId = frame.getInt(start + 4);
        int rawStatus = frame.getInt(start + 8);
        int seq = frame.getInt(start + 12);
        if (commandLength != available) {
            throw new PduDecodeException(rawId, seq, CommandStatus.ESME_RINVCMDLEN, true,
                    "command_length " + commandLength + " does not match the frame of " + available + " octets");
        }
        CommandId id = CommandId.lookup(rawId);
        if (id == null) {
            frame.skipBytes(available);
            throw new PduDecodeException(rawId, seq, CommandStatus.ESME_RINVCMDID, false,
                    String.format("unknown command_id 0x%08X", rawId));
        }
        // The frame holds exactly this PDU (checked above), so the body is read in place up to the
        // writer index: no slice per PDU. The reader index ends past the PDU whatever happens.
        int end = start + commandLength;
        frame.readerIndex(start + HEADER_LENGTH);
        BodyReader r = new BodyReader(frame, rawId, seq);
        CommandStatus status = rawStatus == 0 ? CommandStatus.ESME_ROK : CommandStatus.of(rawStatus);
        try {
            Pdu pdu = decodeBody(id, seq, status, r);
            if (frame.isReadable()) {
                throw r.fail(CommandStatus.ESME_RINVCMDLEN,
                        frame.readableBytes() + " unexpected octets after the body of " + id);
            }
            return pdu;
        } catch (PduValidationException e) {
            // a field passed the length checks but broke a rule of the record (e.g. both
            // short_message and message_payload set).
            throw new PduDecodeException(rawId, seq, e.status(), false, e.getMessage());
        } finally {
            frame.readerIndex(end);
        }
    }

    // ------------------------------------------------------------------ decode: fast path

    /**
     * submit_sm, deliver_sm, submit_sm_resp and deliver_sm_resp read straight from a byte array
     * (a heap buffer's own, or a copy of a direct buffer's frame). Optimistic: any field that is
     * not clean (short body, missing NUL, over-long field, bad TLV, trailing octets...) returns
     * {@code null} before anything is consumed, and {@link #decode} then takes the general path,
     * which reports the error exactly as before. A well-formed PDU gives the same record either way.
     */
    private static Pdu decodeFast(ByteBuf frame) throws PduDecodeException {
        int start = frame.readerIndex();
        int available = frame.writerIndex() - start;
        byte[] a;
        int p;
        if (frame.hasArray()) {
            a = frame.array();
            p = frame.arrayOffset() + start;
        } else if (available <= SCRATCH_SIZE) {
            // a network frame is a direct buffer: one bulk copy into the thread's scratch array
            // costs less than the checked reader's per-field buffer calls; nothing read from the
            // scratch array outlives this call (strings and byte arrays are copies)
            a = DECODE_SCRATCH.get();
            frame.getBytes(start, a, 0, available);
            p = 0;
        } else {
            return null;
        }
        if (available < HEADER_LENGTH || getInt(a, p) != available) {
            return null;
        }
        int rawId = getInt(a, p + 4);
        int rawStatus = getInt(a, p + 8);
        int seq = getInt(a, p + 12);
        Pdu pdu;
        try {
            pdu = switch (rawId) {
                case 0x00000004 -> rawStatus != 0 ? null : fastShortMessage(true, seq, a, p + HEADER_LENGTH, p + available);
                case 0x00000005 -> rawStatus != 0 ? null : fastShortMessage(false, seq, a, p + HEADER_LENGTH, p + available);
                case 0x80000004, 0x80000005 ->
                        fastMessageIdResp(rawId == 0x80000004, seq, rawStatus, a, p + HEADER_LENGTH, p + available);
                default -> null;
            };
        } catch (PduValidationException e) {
            // the fields were clean on the wire but broke a rule of the record, as in decode()
            frame.readerIndex(start + available);
            throw new PduDecodeException(rawId, seq, e.status(), false, e.getMessage());
        }
        if (pdu != null) {
            frame.readerIndex(start + available);
        }
        return pdu;
    }

    /** The big-endian int at {@code a[p, p + 4)}. */
    private static int getInt(byte[] a, int p) {
        return (int) INT_BE.get(a, p);
    }

    /**
     * The index of the NUL in {@code a[from, min(from + size, end))}, or -1. Eight octets at a time
     * while they lie inside the array (they may run past the field and the frame: only a NUL
     * before the limit counts), then one at a time.
     */
    private static int nul(byte[] a, int from, int size, int end) {
        int limit = Math.min(end, from + size);
        int i = from;
        for (int last = a.length - 8; i < limit && i <= last; i += 8) {
            long x = (long) LONG_LE.get(a, i);
            // the lowest octet flagged is the first zero octet (borrows only flag octets above it)
            long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (zero != 0) {
                int at = i + (Long.numberOfTrailingZeros(zero) >>> 3);
                return at < limit ? at : -1;
            }
        }
        for (; i < limit; i++) {
            if (a[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the NUL ending the SMPP time at {@code a[p]}, or -1 when it is neither empty nor
     * 16 characters (§7.1.1). Empty, the usual case, is answered without a scan.
     */
    private static int timeEnd(byte[] a, int p, int end) {
        if (p < end && a[p] == 0) {
            return p;
        }
        int q = nul(a, p, Limits.TIME, end);
        return q - p == Limits.TIME - 1 ? q : -1;
    }

    /** The Latin-1 string {@code a[from, to)}: one array copy, no charset dispatch. */
    @SuppressWarnings("deprecation") // String(byte[], int hibyte, int, int): the plain Latin-1 copy wanted
    private static String latin1(byte[] a, int from, int to) {
        return from == to ? "" : new String(a, 0, from, to - from);
    }

    private static ShortMessagePdu fastShortMessage(boolean submit, int seq, byte[] a, int p, int end) {
        int q = nul(a, p, Limits.SERVICE_TYPE, end);
        if (q < 0) {
            return null;
        }
        String serviceType = latin1(a, p, q);
        p = q + 1;
        if (end - p < 2) {
            return null;
        }
        int srcTon = a[p] & 0xFF;
        int srcNpi = a[p + 1] & 0xFF;
        q = nul(a, p + 2, Limits.ADDR_21, end);
        if (q < 0) {
            return null;
        }
        Address source = new Address(srcTon, srcNpi, latin1(a, p + 2, q));
        p = q + 1;
        if (end - p < 2) {
            return null;
        }
        int dstTon = a[p] & 0xFF;
        int dstNpi = a[p + 1] & 0xFF;
        q = nul(a, p + 2, Limits.ADDR_21, end);
        if (q < 0) {
            return null;
        }
        Address dest = new Address(dstTon, dstNpi, latin1(a, p + 2, q));
        p = q + 1;
        if (end - p < 3) {
            return null;
        }
        int esmClass = a[p] & 0xFF;
        int protocolId = a[p + 1] & 0xFF;
        int priority = a[p + 2] & 0xFF;
        p += 3;
        q = timeEnd(a, p, end);
        if (q < 0) {
            return null;
        }
        String schedule = latin1(a, p, q);
        p = q + 1;
        q = timeEnd(a, p, end);
        if (q < 0) {
            return null;
        }
        String validity = latin1(a, p, q);
        p = q + 1;
        if (end - p < 5) {
            return null;
        }
        int registered = a[p] & 0xFF;
        int replace = a[p + 1] & 0xFF;
        int dataCoding = a[p + 2] & 0xFF;
        int defaultMsgId = a[p + 3] & 0xFF;
        int smLength = a[p + 4] & 0xFF;
        p += 5;
        if (smLength > end - p) {
            return null;
        }
        byte[] sm = Arrays.copyOfRange(a, p, p + smLength);
        p += smLength;
        Tlvs tlvs = Tlvs.EMPTY;
        if (p != end) {
            if (!cleanTlvs(a, p, end)) {
                return null;
            }
            tlvs = Tlvs.ofDecoded(Arrays.copyOfRange(a, p, end));
        }
        if (submit) {
            return new SubmitSm(seq, serviceType, source, dest, esmClass, protocolId, priority, schedule, validity,
                    registered, replace, dataCoding, defaultMsgId, sm, tlvs);
        }
        return new DeliverSm(seq, serviceType, source, dest, esmClass, protocolId, priority, schedule, validity,
                registered, replace, dataCoding, defaultMsgId, sm, tlvs);
    }

    /** True when {@code a[p, end)} is whole TLVs, each standard tag of an allowed length. */
    private static boolean cleanTlvs(byte[] a, int p, int end) {
        while (p < end) {
            if (end - p < 4) {
                return false;
            }
            int header = getInt(a, p);
            int len = header & 0xFFFF;
            p += 4;
            if (len > end - p) {
                return false;
            }
            TlvTag def = TlvTag.lookup(header >>> 16);
            if (def != null && !def.accepts(len)) {
                return false;
            }
            p += len;
        }
        return true;
    }

    private static Pdu fastMessageIdResp(boolean submit, int seq, int rawStatus, byte[] a, int p, int end) {
        String messageId;
        if (p == end) {
            messageId = "";
        } else {
            int q = nul(a, p, Limits.MESSAGE_ID, end);
            if (q != end - 1) {
                return null; // no NUL, over-long, or octets after the message_id
            }
            messageId = latin1(a, p, q);
        }
        CommandStatus status = rawStatus == 0 ? CommandStatus.ESME_ROK : CommandStatus.of(rawStatus);
        return submit ? new SubmitSmResp(seq, status, messageId) : new DeliverSmResp(seq, status, messageId);
    }

    // ------------------------------------------------------------------ decode: general path

    private static Pdu decodeBody(CommandId id, int seq, CommandStatus status, BodyReader r)
            throws PduDecodeException {
        return switch (id) {
            case BIND_TRANSMITTER, BIND_RECEIVER, BIND_TRANSCEIVER -> decodeBind(id, seq, r);
            case BIND_TRANSMITTER_RESP, BIND_RECEIVER_RESP, BIND_TRANSCEIVER_RESP -> decodeBindResp(id, seq, status, r);
            case OUTBIND -> new Outbind(seq,
                    r.cString(Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id"),
                    r.cString(Limits.PASSWORD, CommandStatus.ESME_RINVPASWD, "password"));
            case UNBIND -> new Unbind(seq);
            case UNBIND_RESP -> new UnbindResp(seq, status);
            case ENQUIRE_LINK -> new EnquireLink(seq);
            case ENQUIRE_LINK_RESP -> new EnquireLinkResp(seq, status);
            case GENERIC_NACK -> new GenericNack(seq, status);
            case SUBMIT_SM, DELIVER_SM -> decodeShortMessage(id, seq, r);
            case SUBMIT_SM_RESP -> new SubmitSmResp(seq, status, r.isEmpty() ? "" : r.messageId());
            case DELIVER_SM_RESP -> new DeliverSmResp(seq, status, r.isEmpty() ? "" : r.messageId());
            case SUBMIT_MULTI -> decodeSubmitMulti(seq, r);
            case SUBMIT_MULTI_RESP -> decodeSubmitMultiResp(seq, status, r);
            case DATA_SM -> new DataSm(seq, r.serviceType(),
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVDSTADR, "destination_addr"),
                    r.u8("esm_class"), r.u8("registered_delivery"), r.u8("data_coding"), r.tlvs());
            case DATA_SM_RESP -> r.isEmpty() ? new DataSmResp(seq, status, "", Tlvs.EMPTY)
                    : new DataSmResp(seq, status, r.messageId(), r.tlvs());
            case QUERY_SM -> new QuerySm(seq, r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"));
            case QUERY_SM_RESP -> r.isEmpty() ? new QuerySmResp(seq, status, "", "", 0, 0)
                    : new QuerySmResp(seq, status, r.messageId(),
                            r.time(CommandStatus.ESME_RQUERYFAIL, "final_date"), r.u8("message_state"),
                            r.u8("error_code"));
            case CANCEL_SM -> new CancelSm(seq, r.serviceType(), r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr"));
            case CANCEL_SM_RESP -> new CancelSmResp(seq, status);
            case REPLACE_SM -> new ReplaceSm(seq, r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time"),
                    r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period"),
                    r.u8("registered_delivery"), r.u8("sm_default_msg_id"), r.shortMessage());
            case REPLACE_SM_RESP -> new ReplaceSmResp(seq, status);
            case ALERT_NOTIFICATION -> new AlertNotification(seq,
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVDSTADR, "esme_addr"), r.tlvs());
            case BROADCAST_SM -> new BroadcastSm(seq, r.serviceType(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"), r.messageId(),
                    r.u8("priority_flag"), r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time"),
                    r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period"), r.u8("replace_if_present_flag"),
                    r.u8("data_coding"), r.u8("sm_default_msg_id"), r.tlvs());
            case BROADCAST_SM_RESP -> r.isEmpty() ? new BroadcastSmResp(seq, status, "", Tlvs.EMPTY)
                    : new BroadcastSmResp(seq, status, r.messageId(), r.tlvs());
            case QUERY_BROADCAST_SM -> new QueryBroadcastSm(seq, r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"), r.tlvs());
            case QUERY_BROADCAST_SM_RESP -> r.isEmpty() ? new QueryBroadcastSmResp(seq, status, "", Tlvs.EMPTY)
                    : new QueryBroadcastSmResp(seq, status, r.messageId(), r.tlvs());
            case CANCEL_BROADCAST_SM -> new CancelBroadcastSm(seq, r.serviceType(), r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"), r.tlvs());
            case CANCEL_BROADCAST_SM_RESP -> new CancelBroadcastSmResp(seq, status);
        };
    }

    private static Bind decodeBind(CommandId id, int seq, BodyReader r) throws PduDecodeException {
        String systemId = r.cString(Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id");
        String password = r.cString(Limits.PASSWORD, CommandStatus.ESME_RINVPASWD, "password");
        String systemType = r.cString(Limits.SYSTEM_TYPE, CommandStatus.ESME_RINVSYSTYP, "system_type");
        int version = r.u8("interface_version");
        int ton = r.u8("addr_ton");
        int npi = r.u8("addr_npi");
        String range = r.cString(Limits.ADDRESS_RANGE, CommandStatus.ESME_RBINDFAIL, "address_range");
        return switch (id) {
            case BIND_TRANSMITTER -> new BindTransmitter(seq, systemId, password, systemType, version, ton, npi, range);
            case BIND_RECEIVER -> new BindReceiver(seq, systemId, password, systemType, version, ton, npi, range);
            default -> new BindTransceiver(seq, systemId, password, systemType, version, ton, npi, range);
        };
    }

    private static BindResp decodeBindResp(CommandId id, int seq, CommandStatus status, BodyReader r)
            throws PduDecodeException {
        String systemId = r.isEmpty() ? "" : r.cString(Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id");
        Tlvs tlvs = r.tlvs();
        return switch (id) {
            case BIND_TRANSMITTER_RESP -> new BindTransmitterResp(seq, status, systemId, tlvs);
            case BIND_RECEIVER_RESP -> new BindReceiverResp(seq, status, systemId, tlvs);
            default -> new BindTransceiverResp(seq, status, systemId, tlvs);
        };
    }

    private static ShortMessagePdu decodeShortMessage(CommandId id, int seq, BodyReader r) throws PduDecodeException {
        String serviceType = r.serviceType();
        Address source = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Address dest = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr");
        int esmClass = r.u8("esm_class");
        int protocolId = r.u8("protocol_id");
        int priority = r.u8("priority_flag");
        String schedule = r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
        String validity = r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period");
        int registered = r.u8("registered_delivery");
        int replace = r.u8("replace_if_present_flag");
        int dataCoding = r.u8("data_coding");
        int defaultMsgId = r.u8("sm_default_msg_id");
        byte[] sm = r.shortMessage();
        Tlvs tlvs = r.tlvs();
        if (id == CommandId.SUBMIT_SM) {
            return new SubmitSm(seq, serviceType, source, dest, esmClass, protocolId, priority, schedule, validity,
                    registered, replace, dataCoding, defaultMsgId, sm, tlvs);
        }
        return new DeliverSm(seq, serviceType, source, dest, esmClass, protocolId, priority, schedule, validity,
                registered, replace, dataCoding, defaultMsgId, sm, tlvs);
    }

    private static SubmitMulti decodeSubmitMulti(int seq, BodyReader r) throws PduDecodeException {
        String serviceType = r.serviceType();
        Address source = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        int count = r.u8("number_of_dests");
        if (count == 0 || count > Limits.MAX_DESTS) {
            throw r.fail(CommandStatus.ESME_RINVNUMDESTS, "number_of_dests is " + count);
        }
        List<DestAddress> dests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int flag = r.u8("dest_flag");
            if (flag == DestAddress.SME_ADDRESS) {
                dests.add(new DestAddress.Sme(r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR,
                        "destination_addr")));
            } else if (flag == DestAddress.DISTRIBUTION_LIST) {
                dests.add(new DestAddress.DistributionList(
                        r.cString(Limits.DL_NAME, CommandStatus.ESME_RINVDLNAME, "dl_name")));
            } else {
                throw r.fail(CommandStatus.ESME_RINVDESTFLAG, "dest_flag " + flag + " is neither 1 nor 2");
            }
        }
        int esmClass = r.u8("esm_class");
        int protocolId = r.u8("protocol_id");
        int priority = r.u8("priority_flag");
        String schedule = r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
        String validity = r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period");
        int registered = r.u8("registered_delivery");
        int replace = r.u8("replace_if_present_flag");
        int dataCoding = r.u8("data_coding");
        int defaultMsgId = r.u8("sm_default_msg_id");
        byte[] sm = r.shortMessage();
        return new SubmitMulti(seq, serviceType, source, dests, esmClass, protocolId, priority, schedule, validity,
                registered, replace, dataCoding, defaultMsgId, sm, r.tlvs());
    }

    private static SubmitMultiResp decodeSubmitMultiResp(int seq, CommandStatus status, BodyReader r)
            throws PduDecodeException {
        if (r.isEmpty()) {
            return new SubmitMultiResp(seq, status, "", List.of());
        }
        String messageId = r.messageId();
        int count = r.u8("no_unsuccess");
        if (count > Limits.MAX_DESTS) {
            throw r.fail(CommandStatus.ESME_RINVNUMDESTS, "no_unsuccess is " + count);
        }
        List<UnsuccessSme> failed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Address a = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr");
            failed.add(new UnsuccessSme(a, CommandStatus.of(r.i32("error_status_code"))));
        }
        return new SubmitMultiResp(seq, status, messageId, failed);
    }

    /** Reads the fields of one body; every failure names the field and its SMPP status. */
    private static final class BodyReader {
        private final ByteBuf buf;
        private final int rawId;
        private final int seq;

        BodyReader(ByteBuf buf, int rawId, int seq) {
            this.buf = buf;
            this.rawId = rawId;
            this.seq = seq;
        }

        PduDecodeException fail(CommandStatus status, String message) {
            return new PduDecodeException(rawId, seq, status, false, message);
        }

        boolean isEmpty() {
            return !buf.isReadable();
        }

        int u8(String field) throws PduDecodeException {
            if (!buf.isReadable()) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field);
            }
            return buf.readUnsignedByte();
        }

        int i32(String field) throws PduDecodeException {
            if (buf.readableBytes() < 4) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field);
            }
            return buf.readInt();
        }

        /** A C-Octet String of at most {@code size} octets including its NUL. */
        @SuppressWarnings("deprecation") // String(byte[], int hibyte, int, int): the plain Latin-1 copy wanted
        String cString(int size, CommandStatus status, String field) throws PduDecodeException {
            ByteBuf buf = this.buf;
            int start = buf.readerIndex();
            int readable = buf.writerIndex() - start;
            if (readable == 0) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field);
            }
            int limit = start + Math.min(size, readable);
            int nul = -1;
            String s;
            if (buf.hasArray()) {
                // heap buffer: scan and copy the backing array directly, no indexOf/charset dispatch
                byte[] a = buf.array();
                int base = buf.arrayOffset();
                for (int i = base + start, end = base + limit; i < end; i++) {
                    if (a[i] == 0) {
                        nul = i - base;
                        break;
                    }
                }
                if (nul < 0) {
                    throw noNul(size, readable, status, field);
                }
                // Latin-1: each octet is the character of the same value (the NUL scan above
                // guarantees 0x01..0xFF, which is what the records' constructors check again).
                s = nul == start ? "" : new String(a, 0, base + start, nul - start);
            } else {
                nul = buf.indexOf(start, limit, (byte) 0);
                if (nul < 0) {
                    throw noNul(size, readable, status, field);
                }
                s = nul == start ? "" : buf.toString(start, nul - start, StandardCharsets.ISO_8859_1);
            }
            buf.readerIndex(nul + 1);
            return s;
        }

        private PduDecodeException noNul(int size, int readable, CommandStatus status, String field) {
            if (readable < size) {
                return fail(CommandStatus.ESME_RINVCMDLEN, field + " has no terminating NUL before the end of the body");
            }
            return fail(status, field + " is longer than " + (size - 1) + " octets");
        }

        String serviceType() throws PduDecodeException {
            return cString(Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
        }

        String messageId() throws PduDecodeException {
            return cString(Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        }

        /** An SMPP time: empty, or exactly 16 characters (§7.1.1); the contents are checked later. */
        String time(CommandStatus status, String field) throws PduDecodeException {
            String s = cString(Limits.TIME, status, field);
            if (!s.isEmpty() && s.length() != Limits.TIME - 1) {
                throw fail(status, field + " must be empty or 16 characters, was " + s.length());
            }
            return s;
        }

        Address address(int size, CommandStatus status, String field) throws PduDecodeException {
            // the field names are built only on failure: concatenating them up front cost two
            // Strings per address on every decode.
            int readable = buf.readableBytes();
            if (readable < 2) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field + (readable == 0 ? "_ton" : "_npi"));
            }
            int ton = buf.readUnsignedByte();
            int npi = buf.readUnsignedByte();
            String addr = cString(size, status, field);
            return new Address(ton, npi, addr);
        }

        byte[] shortMessage() throws PduDecodeException {
            int len = u8("sm_length");
            if (len > buf.readableBytes()) {
                throw fail(CommandStatus.ESME_RINVMSGLEN,
                        "sm_length " + len + " exceeds the " + buf.readableBytes() + " octets left in the body");
            }
            byte[] sm = new byte[len];
            buf.readBytes(sm);
            return sm;
        }

        /**
         * The optional parameters up to the end of the body (§3.2.4): every header and length is
         * checked in wire order (so the first bad TLV is the one reported), then the octets are
         * kept as they are.
         */
        Tlvs tlvs() throws PduDecodeException {
            ByteBuf buf = this.buf;
            int start = buf.readerIndex();
            int end = buf.writerIndex();
            if (start == end) {
                return Tlvs.EMPTY;
            }
            int count = 0;
            for (int i = start; i < end; ) {
                if (end - i < 4) {
                    buf.readerIndex(i);
                    throw fail(CommandStatus.ESME_RINVOPTPARSTREAM,
                            (end - i) + " octets left where a TLV header of 4 was expected");
                }
                int header = buf.getInt(i);
                int tag = header >>> 16;
                int len = header & 0xFFFF;
                i += 4;
                if (len > end - i) {
                    buf.readerIndex(i);
                    throw fail(CommandStatus.ESME_RINVOPTPARSTREAM, String.format(
                            "TLV 0x%04X declares %d octets but %d are left", tag, len, end - i));
                }
                TlvTag def = TlvTag.lookup(tag);
                if (def != null && !def.accepts(len)) {
                    buf.readerIndex(i);
                    throw fail(CommandStatus.ESME_RINVPARLEN, def.specName() + " must be " + def.minLength() + ".."
                            + def.maxLength() + " octets, was " + len);
                }
                i += len;
                count++;
            }
            byte[] wire = new byte[end - start];
            buf.getBytes(start, wire);
            buf.readerIndex(end);
            return Tlvs.ofDecoded(wire);
        }
    }

    // ------------------------------------------------------------------ encode

    /** Encodes {@code pdu} at the writer index of {@code out}, header included. */
    public static void encode(Pdu pdu, ByteBuf out) {
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
    public static int estimateSize(Pdu pdu) {
        // the two commonest PDUs are sized exactly: C-Octet Strings are one octet a character
        // (the records allow nothing above 0xFF) plus the NUL.
        if (pdu instanceof ShortMessagePdu sm) {
            return HEADER_LENGTH + sm.serviceType().length() + 1 + 2 + sm.sourceAddr().address().length() + 1
                    + 2 + sm.destinationAddr().address().length() + 1 + 3 + sm.scheduleDeliveryTime().length() + 1
                    + sm.validityPeriod().length() + 1 + 5 + sm.shortMessage().length + sm.tlvs().encodedLength();
        }
        if (pdu instanceof SubmitSmResp r) {
            return HEADER_LENGTH + r.messageId().length() + 1;
        }
        int n = HEADER_LENGTH + 64;
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

    /** Big-endian int loads and stores on a byte[]: one bounds-checked access instead of four. */
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** Eight octets at a time for the NUL scan. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private static final int SCRATCH_SIZE = 1024;

    /** Per-thread copy of a direct-buffer frame for the decode fast path. */
    private static final FastThreadLocal<byte[]> DECODE_SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_SIZE];
        }
    };

    /**
     * submit_sm and deliver_sm, the hot path: the exact size is known up front (C-Octet Strings
     * are one octet a character), so the whole PDU is written with plain stores into the heap
     * buffer's array or the direct buffer's memory: no per-field bounds and accessibility checks
     * of {@code ByteBuf}'s write methods.
     */
    private static void encodeShortMessage(ShortMessagePdu m, ByteBuf out) {
        Tlvs tlvs = m.tlvs();
        int n = HEADER_LENGTH + m.serviceType().length() + m.sourceAddr().address().length()
                + m.destinationAddr().address().length() + m.scheduleDeliveryTime().length()
                + m.validityPeriod().length() + m.shortMessage().length + tlvs.encodedLength()
                + (1 + 3 + 3 + 3 + 1 + 1 + 5);
        out.ensureWritable(n);
        int w = out.writerIndex();
        int tlvsAt = n - tlvs.encodedLength();
        if (out.hasArray()) {
            byte[] a = out.array();
            int p = out.arrayOffset() + w;
            putShortMessage(a, p, m, n);
            tlvs.copyTo(a, p + tlvsAt);
        } else {
            if (out.hasMemoryAddress()) {
                putShortMessage(out.memoryAddress() + w, m, n);
            } else {
                byte[] a = new byte[tlvsAt];
                putShortMessage(a, 0, m, n);
                out.setBytes(w, a);
            }
            tlvs.setTo(out, w + tlvsAt);
        }
        out.writerIndex(w + n);
    }

    /** The header and body of {@code m}, {@code n} octets long with its TLVs, up to its TLVs at {@code a[p]}. */
    private static void putShortMessage(byte[] a, int p, ShortMessagePdu m, int n) {
        Address src = m.sourceAddr();
        Address dst = m.destinationAddr();
        byte[] sm = m.shortMessage();
        INT_BE.set(a, p, n);
        INT_BE.set(a, p + 4, m.commandId().code());
        INT_BE.set(a, p + 8, 0); // command_status: always 0 in a request
        INT_BE.set(a, p + 12, m.sequenceNumber());
        p = putCString(a, p + HEADER_LENGTH, m.serviceType());
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
    }

    /**
     * As {@link #putShortMessage(byte[], int, ShortMessagePdu, int)}, into native memory at {@code p}.
     * XXX: the layout is written twice, for arrays and for native memory, because no store of
     * Java 17 or Netty takes either; a VarHandle over a MemorySegment (Java 22) could serve both.
     */
    private static void putShortMessage(long p, ShortMessagePdu m, int n) {
        Address src = m.sourceAddr();
        Address dst = m.destinationAddr();
        byte[] sm = m.shortMessage();
        putIntBE(p, n);
        putIntBE(p + 4, m.commandId().code());
        putIntBE(p + 8, 0); // command_status: always 0 in a request
        putIntBE(p + 12, m.sequenceNumber());
        p = putCString(p + HEADER_LENGTH, m.serviceType());
        PlatformDependent.putByte(p, (byte) src.ton());
        PlatformDependent.putByte(p + 1, (byte) src.npi());
        p = putCString(p + 2, src.address());
        PlatformDependent.putByte(p, (byte) dst.ton());
        PlatformDependent.putByte(p + 1, (byte) dst.npi());
        p = putCString(p + 2, dst.address());
        PlatformDependent.putByte(p, (byte) m.esmClass());
        PlatformDependent.putByte(p + 1, (byte) m.protocolId());
        PlatformDependent.putByte(p + 2, (byte) m.priorityFlag());
        p = putCString(p + 3, m.scheduleDeliveryTime());
        p = putCString(p, m.validityPeriod());
        PlatformDependent.putByte(p, (byte) m.registeredDelivery());
        PlatformDependent.putByte(p + 1, (byte) m.replaceIfPresentFlag());
        PlatformDependent.putByte(p + 2, (byte) m.dataCoding());
        PlatformDependent.putByte(p + 3, (byte) m.smDefaultMsgId());
        PlatformDependent.putByte(p + 4, (byte) sm.length);
        PlatformDependent.copyMemory(sm, 0, p + 5, sm.length);
    }

    /** submit_sm_resp and deliver_sm_resp: the header and, unless an error without one, the message_id. */
    private static void encodeMessageIdResp(CommandId id, CommandStatus status, int seq, String messageId,
            ByteBuf out) {
        int code = status.code();
        boolean body = code == 0 || !messageId.isEmpty();
        int n = body ? HEADER_LENGTH + messageId.length() + 1 : HEADER_LENGTH;
        out.ensureWritable(n);
        int w = out.writerIndex();
        if (out.hasMemoryAddress()) {
            long p = out.memoryAddress() + w;
            putIntBE(p, n);
            putIntBE(p + 4, id.code());
            putIntBE(p + 8, code);
            putIntBE(p + 12, seq);
            if (body) {
                putCString(p + HEADER_LENGTH, messageId);
            }
            out.writerIndex(w + n);
            return;
        }
        byte[] a = out.hasArray() ? out.array() : new byte[n];
        int p = out.hasArray() ? out.arrayOffset() + w : 0;
        INT_BE.set(a, p, n);
        INT_BE.set(a, p + 4, id.code());
        INT_BE.set(a, p + 8, code);
        INT_BE.set(a, p + 12, seq);
        if (body) {
            putCString(a, p + HEADER_LENGTH, messageId);
        }
        if (out.hasArray()) {
            out.writerIndex(w + n);
        } else {
            out.writeBytes(a);
        }
    }

    /**
     * Writes a C-Octet String at {@code p} and returns the offset after its NUL. The records admit
     * only characters 0x01..0xFF, whose low byte is their ISO-8859-1 encoding: one bulk copy.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly the copy wanted
    private static int putCString(byte[] a, int p, String s) {
        int len = s.length();
        if (len != 0) {
            s.getBytes(0, len, a, p);
        }
        a[p + len] = 0;
        return p + len + 1;
    }

    /** As {@link #putCString(byte[], int, String)}, into native memory: the low byte of each character. */
    private static long putCString(long p, String s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            PlatformDependent.putByte(p + i, (byte) s.charAt(i));
        }
        PlatformDependent.putByte(p + len, (byte) 0);
        return p + len + 1;
    }

    private static void putIntBE(long p, int v) {
        PlatformDependent.putInt(p, PlatformDependent.BIG_ENDIAN_NATIVE_ORDER ? v : Integer.reverseBytes(v));
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
