package io.tern.smpp.tlv;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * The optional parameters of one PDU, in wire order, with typed accessors for the standard tags
 * that have structure (SMPP 3.4 §5.3.2). Immutable; build new sets with {@link #builder()}.
 *
 * <p>Held as the octets they occupy on the wire (tag, length, value, ...), checked once when the
 * set is made: a decoded PDU keeps its TLVs as one array copied from the frame, and encoding
 * copies that array back. The typed accessors read it in place; {@link #asList()} builds
 * {@link Tlv} objects on each call.
 */
public final class Tlvs {

    public static final Tlvs EMPTY = new Tlvs(new byte[0]);

    /** tag (2), length (2), value, repeated; every header and length already checked. */
    private final byte[] wire;

    private Tlvs(byte[] wire) {
        this.wire = wire;
    }

    public static Tlvs of(List<Tlv> tlvs) {
        if (tlvs.isEmpty()) {
            return EMPTY;
        }
        for (Tlv t : tlvs) {
            checkLength(t.definition(), t.value().length);
        }
        return new Tlvs(wire(tlvs));
    }

    public static Tlvs of(Tlv... tlvs) {
        return of(Arrays.asList(tlvs));
    }

    /**
     * Wraps TLVs as they were on the wire, whose headers and lengths the decoder has already
     * checked against {@link TlvTag} and the end of the body; the caller hands the array over and
     * must not touch it again.
     */
    public static Tlvs ofDecoded(byte[] wire) {
        return wire.length == 0 ? EMPTY : new Tlvs(wire);
    }

    private static byte[] wire(List<Tlv> tlvs) {
        int n = 0;
        for (int i = 0, size = tlvs.size(); i < size; i++) {
            n += tlvs.get(i).encodedLength();
        }
        byte[] out = new byte[n];
        int p = 0;
        for (int i = 0, size = tlvs.size(); i < size; i++) {
            Tlv t = tlvs.get(i);
            byte[] v = t.value();
            out[p] = (byte) (t.tag() >> 8);
            out[p + 1] = (byte) t.tag();
            out[p + 2] = (byte) (v.length >> 8);
            out[p + 3] = (byte) v.length;
            System.arraycopy(v, 0, out, p + 4, v.length);
            p += 4 + v.length;
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.list.addAll(asList());
        return b;
    }

    /** The TLVs in wire order, built on each call (the set keeps only the octets); values are copies. */
    public List<Tlv> asList() {
        Tlv[] out = new Tlv[size()];
        for (int i = 0, k = 0; i < wire.length; k++) {
            int len = length(i);
            out[k] = new Tlv(tag(i), Arrays.copyOfRange(wire, i + 4, i + 4 + len));
            i += 4 + len;
        }
        return List.of(out);
    }

    private int tag(int at) {
        return (wire[at] & 0xFF) << 8 | (wire[at + 1] & 0xFF);
    }

    private int length(int at) {
        return (wire[at + 2] & 0xFF) << 8 | (wire[at + 3] & 0xFF);
    }

    /** The offset of the first TLV with this tag, or -1. */
    private int find(int tag) {
        byte[] w = wire;
        for (int i = 0; i < w.length; i += 4 + length(i)) {
            if (tag(i) == tag) {
                return i;
            }
        }
        return -1;
    }

    public boolean isEmpty() {
        return wire.length == 0;
    }

    public int size() {
        int n = 0;
        for (int i = 0; i < wire.length; i += 4 + length(i)) {
            n++;
        }
        return n;
    }

    public int encodedLength() {
        return wire.length;
    }

    /** The TLVs as they appear on the wire, for storing them with a message. */
    public byte[] toBytes() {
        return wire.clone();
    }

    /** Copies the TLVs as they appear on the wire into {@code dst} at {@code at}. */
    public void copyTo(byte[] dst, int at) {
        System.arraycopy(wire, 0, dst, at, wire.length);
    }

    /**
     * Sets the TLVs as they appear on the wire at {@code index} of {@code out}, leaving its
     * indexes alone (for an encoder that has made room for them already).
     */
    public void setTo(ByteBuf out, int index) {
        if (wire.length != 0) {
            out.setBytes(index, wire);
        }
    }

    /** Writes the TLVs as they appear on the wire at the writer index of {@code out}. */
    public void writeTo(ByteBuf out) {
        if (wire.length != 0) {
            out.writeBytes(wire);
        }
    }

    /** Reads TLVs written by {@link #toBytes()}; malformed input is a {@link TlvException}. */
    public static Tlvs fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        int bad = firstBad(bytes, 0, bytes.length);
        if (bad >= 0) {
            throw problemAt(bytes, bad, bytes.length);
        }
        return new Tlvs(bytes.clone());
    }

    /**
     * The one walk over a TLV stream: the offset of the first TLV in {@code a[from, to)} that is not
     * whole or whose standard tag has a length outside its limits, or -1 when every TLV is clean.
     * Allocates nothing; {@link #problemAt} then says what is wrong with the TLV found.
     */
    public static int firstBad(byte[] a, int from, int to) {
        int i = from;
        while (i < to) {
            if (to - i < 4) {
                return i;
            }
            int tag = (a[i] & 0xFF) << 8 | (a[i + 1] & 0xFF);
            int len = (a[i + 2] & 0xFF) << 8 | (a[i + 3] & 0xFF);
            if (len > to - i - 4) {
                return i;
            }
            TlvTag def = TlvTag.lookup(tag);
            if (def != null && !def.accepts(len)) {
                return i;
            }
            i += 4 + len;
        }
        return -1;
    }

    /** What is wrong with the TLV at {@code a[at]}, which {@link #firstBad} found in a stream ending at {@code to}. */
    public static TlvException problemAt(byte[] a, int at, int to) {
        if (to - at < 4) {
            return new TlvException(TlvException.Kind.STREAM,
                    (to - at) + " octets left where a TLV header of 4 was expected");
        }
        int tag = (a[at] & 0xFF) << 8 | (a[at + 1] & 0xFF);
        int len = (a[at + 2] & 0xFF) << 8 | (a[at + 3] & 0xFF);
        int left = to - at - 4;
        if (len > left) {
            return new TlvException(TlvException.Kind.STREAM,
                    String.format("TLV 0x%04X declares %d octets but %d are left", tag, len, left));
        }
        return lengthProblem(TlvTag.lookup(tag), len);
    }

    private static void checkLength(TlvTag def, int length) {
        if (def != null && !def.accepts(length)) {
            throw lengthProblem(def, length);
        }
    }

    private static TlvException lengthProblem(TlvTag def, int length) {
        return new TlvException(TlvException.Kind.LENGTH,
                def.specName() + " must be " + def.minLength() + ".." + def.maxLength() + " octets, was " + length);
    }

    public Optional<Tlv> get(int tag) {
        int at = find(tag);
        return at < 0 ? Optional.empty()
                : Optional.of(new Tlv(tag, Arrays.copyOfRange(wire, at + 4, at + 4 + length(at))));
    }

    public Optional<Tlv> get(TlvTag tag) {
        return get(tag.code());
    }

    public boolean has(TlvTag tag) {
        return find(tag.code()) >= 0;
    }

    private OptionalInt intOf(TlvTag tag) {
        int at = find(tag.code());
        if (at < 0) {
            return OptionalInt.empty();
        }
        int v = 0;
        for (int i = at + 4, end = i + length(at); i < end; i++) {
            v = (v << 8) | (wire[i] & 0xFF);
        }
        return OptionalInt.of(v);
    }

    /** The value of a TLV of one to four octets, read as an unsigned integer and then by {@code type}. */
    private <T> Optional<T> intOf(TlvTag tag, IntFunction<T> type) {
        OptionalInt v = intOf(tag);
        return v.isPresent() ? Optional.of(type.apply(v.getAsInt())) : Optional.empty();
    }

    private Optional<String> stringOf(TlvTag tag) {
        return get(tag).map(Tlv::stringValue);
    }

    public Optional<byte[]> messagePayload() {
        return get(TlvTag.MESSAGE_PAYLOAD).map(Tlv::value);
    }

    public Optional<String> receiptedMessageId() {
        return stringOf(TlvTag.RECEIPTED_MESSAGE_ID);
    }

    /** message_state (§5.3.2.35), the raw value; see {@code io.tern.smpp.pdu.MessageState}. */
    public OptionalInt messageState() {
        return intOf(TlvTag.MESSAGE_STATE);
    }

    public Optional<NetworkErrorCode> networkErrorCode() {
        return get(TlvTag.NETWORK_ERROR_CODE).map(t -> NetworkErrorCode.decode(t.value()));
    }

    public OptionalInt sarMsgRefNum() {
        return intOf(TlvTag.SAR_MSG_REF_NUM);
    }

    public OptionalInt sarTotalSegments() {
        return intOf(TlvTag.SAR_TOTAL_SEGMENTS);
    }

    public OptionalInt sarSegmentSeqnum() {
        return intOf(TlvTag.SAR_SEGMENT_SEQNUM);
    }

    public OptionalInt userMessageReference() {
        return intOf(TlvTag.USER_MESSAGE_REFERENCE);
    }

    public OptionalInt sourcePort() {
        return intOf(TlvTag.SOURCE_PORT);
    }

    public OptionalInt destinationPort() {
        return intOf(TlvTag.DESTINATION_PORT);
    }

    public OptionalInt msAvailabilityStatus() {
        return intOf(TlvTag.MS_AVAILABILITY_STATUS);
    }

    public OptionalInt setDpf() {
        return intOf(TlvTag.SET_DPF);
    }

    public OptionalInt dpfResult() {
        return intOf(TlvTag.DPF_RESULT);
    }

    public OptionalInt deliveryFailureReason() {
        return intOf(TlvTag.DELIVERY_FAILURE_REASON);
    }

    public OptionalInt moreMessagesToSend() {
        return intOf(TlvTag.MORE_MESSAGES_TO_SEND);
    }

    public OptionalInt scInterfaceVersion() {
        return intOf(TlvTag.SC_INTERFACE_VERSION);
    }

    public OptionalInt payloadType() {
        return intOf(TlvTag.PAYLOAD_TYPE);
    }

    public OptionalInt qosTimeToLive() {
        return intOf(TlvTag.QOS_TIME_TO_LIVE);
    }

    public Optional<CallbackNum> callbackNum() {
        return get(TlvTag.CALLBACK_NUM).map(t -> CallbackNum.decode(t.value()));
    }

    /** source_subaddress (§5.3.2.15): the subaddress type and its octets. */
    public Optional<Subaddress> sourceSubaddress() {
        return get(TlvTag.SOURCE_SUBADDRESS).map(t -> Subaddress.decode(t.value()));
    }

    /** dest_subaddress (§5.3.2.16): the subaddress type and its octets. */
    public Optional<Subaddress> destSubaddress() {
        return get(TlvTag.DEST_SUBADDRESS).map(t -> Subaddress.decode(t.value()));
    }

    public Optional<MsMsgWaitFacilities> msMsgWaitFacilities() {
        return intOf(TlvTag.MS_MSG_WAIT_FACILITIES, MsMsgWaitFacilities::decode);
    }

    public Optional<CallbackNumPresInd> callbackNumPresInd() {
        return intOf(TlvTag.CALLBACK_NUM_PRES_IND, CallbackNumPresInd::decode);
    }

    public Optional<CallbackNumAtag> callbackNumAtag() {
        return get(TlvTag.CALLBACK_NUM_ATAG).map(t -> CallbackNumAtag.decode(t.value()));
    }

    public Optional<ItsSessionInfo> itsSessionInfo() {
        return intOf(TlvTag.ITS_SESSION_INFO, ItsSessionInfo::decode);
    }

    /** privacy_indicator (§5.3.2.14): 0 not restricted .. 3 secret. */
    public OptionalInt privacyIndicator() {
        return intOf(TlvTag.PRIVACY_INDICATOR);
    }

    public OptionalInt languageIndicator() {
        return intOf(TlvTag.LANGUAGE_INDICATOR);
    }

    public OptionalInt userResponseCode() {
        return intOf(TlvTag.USER_RESPONSE_CODE);
    }

    public OptionalInt sourceAddrSubunit() {
        return intOf(TlvTag.SOURCE_ADDR_SUBUNIT);
    }

    public OptionalInt destAddrSubunit() {
        return intOf(TlvTag.DEST_ADDR_SUBUNIT);
    }

    public OptionalInt sourceNetworkType() {
        return intOf(TlvTag.SOURCE_NETWORK_TYPE);
    }

    public OptionalInt destNetworkType() {
        return intOf(TlvTag.DEST_NETWORK_TYPE);
    }

    public OptionalInt sourceBearerType() {
        return intOf(TlvTag.SOURCE_BEARER_TYPE);
    }

    public OptionalInt destBearerType() {
        return intOf(TlvTag.DEST_BEARER_TYPE);
    }

    public OptionalInt sourceTelematicsId() {
        return intOf(TlvTag.SOURCE_TELEMATICS_ID);
    }

    public OptionalInt destTelematicsId() {
        return intOf(TlvTag.DEST_TELEMATICS_ID);
    }

    public OptionalInt numberOfMessages() {
        return intOf(TlvTag.NUMBER_OF_MESSAGES);
    }

    public OptionalInt displayTime() {
        return intOf(TlvTag.DISPLAY_TIME);
    }

    public OptionalInt smsSignal() {
        return intOf(TlvTag.SMS_SIGNAL);
    }

    /** ms_validity (§5.3.2.27): the 3.4 one-octet form (0 store indefinitely .. 3 display only). */
    public OptionalInt msValidity() {
        return intOf(TlvTag.MS_VALIDITY);
    }

    public OptionalInt itsReplyType() {
        return intOf(TlvTag.ITS_REPLY_TYPE);
    }

    public OptionalInt ussdServiceOp() {
        return intOf(TlvTag.USSD_SERVICE_OP);
    }

    /** alert_on_message_delivery (§5.3.2.41): present or not; its value, if any, is not defined by 3.4. */
    public boolean alertOnMessageDelivery() {
        return has(TlvTag.ALERT_ON_MESSAGE_DELIVERY);
    }

    public Optional<String> additionalStatusInfoText() {
        return stringOf(TlvTag.ADDITIONAL_STATUS_INFO_TEXT);
    }

    /** Equal when the same TLVs are in the same order: the same octets on the wire. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tlvs other && Arrays.equals(other.wire, wire);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wire);
    }

    @Override
    public String toString() {
        return asList().toString();
    }

    /** network_error_code (§5.3.2.31): network type (1 ANSI-136, 2 IS-95, 3 GSM, ...) and error code. */
    public record NetworkErrorCode(int networkType, int errorCode) {
        public NetworkErrorCode {
            if (networkType < 0 || networkType > 0xFF || errorCode < 0 || errorCode > 0xFFFF) {
                throw new TlvException(TlvException.Kind.VALUE, "network_error_code out of range");
            }
        }

        static NetworkErrorCode decode(byte[] v) {
            return new NetworkErrorCode(v[0] & 0xFF, ((v[1] & 0xFF) << 8) | (v[2] & 0xFF));
        }

        public byte[] encode() {
            return new byte[] {(byte) networkType, (byte) (errorCode >> 8), (byte) errorCode};
        }
    }

    /** callback_num (§5.3.2.36): digit mode indicator, TON, NPI and the digits. */
    public record CallbackNum(int digitModeIndicator, int ton, int npi, String digits) {
        static CallbackNum decode(byte[] v) {
            return new CallbackNum(v[0] & 0xFF, v[1] & 0xFF, v[2] & 0xFF,
                    new String(v, 3, v.length - 3, StandardCharsets.ISO_8859_1));
        }

        public byte[] encode() {
            byte[] d = digits.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[3 + d.length];
            out[0] = (byte) digitModeIndicator;
            out[1] = (byte) ton;
            out[2] = (byte) npi;
            System.arraycopy(d, 0, out, 3, d.length);
            return out;
        }
    }

    /** One octet followed by {@code rest}: the layout of the subaddress and callback_num_atag values. */
    private static byte[] octetThen(int first, byte[] rest) {
        byte[] out = new byte[1 + rest.length];
        out[0] = (byte) first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /**
     * source_subaddress / dest_subaddress (§5.3.2.15-16): the type octet (0x80 NSAP even, 0x88
     * NSAP odd, 0xA0 user specified) and 1..22 octets of subaddress.
     */
    public record Subaddress(int type, byte[] subaddress) {
        public static final int NSAP_EVEN = 0x80;
        public static final int NSAP_ODD = 0x88;
        public static final int USER_SPECIFIED = 0xA0;

        public Subaddress {
            if (type < 0 || type > 0xFF || subaddress == null || subaddress.length < 1 || subaddress.length > 22) {
                throw new TlvException(TlvException.Kind.VALUE,
                        "subaddress must be a type octet and 1..22 octets");
            }
            subaddress = subaddress.clone();
        }

        static Subaddress decode(byte[] v) {
            return new Subaddress(v[0] & 0xFF, Arrays.copyOfRange(v, 1, v.length));
        }

        /** A copy: the record stays as built. */
        @Override
        public byte[] subaddress() {
            return subaddress.clone();
        }

        public byte[] encode() {
            return octetThen(type, subaddress);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Subaddress other && other.type == type && Arrays.equals(other.subaddress, subaddress);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(subaddress);
        }

        @Override
        public String toString() {
            return "Subaddress[type=0x" + Integer.toHexString(type) + ", " + HexFormat.of().formatHex(subaddress) + "]";
        }
    }

    /**
     * ms_msg_wait_facilities (§5.3.2.13): whether the message waiting indication is set (bit 7)
     * and for which kind of message (bits 0-1: 0 voicemail, 1 fax, 2 e-mail, 3 other).
     */
    public record MsMsgWaitFacilities(boolean active, int messageType) {
        public MsMsgWaitFacilities {
            if (messageType < 0 || messageType > 3) {
                throw new TlvException(TlvException.Kind.VALUE,
                        "ms_msg_wait_facilities message type must be 0..3, was " + messageType);
            }
        }

        static MsMsgWaitFacilities decode(int v) {
            return new MsMsgWaitFacilities((v & 0x80) != 0, v & 0x03);
        }

        public int encode() {
            return (active ? 0x80 : 0) | messageType;
        }
    }

    /**
     * callback_num_pres_ind (§5.3.2.37): presentation indicator (bits 2-3: 0 allowed, 1
     * restricted, 2 number not available) and screening indicator (bits 0-1: 0 user provided not
     * screened, 1 verified and passed, 2 verified and failed, 3 network provided).
     */
    public record CallbackNumPresInd(int presentation, int screening) {
        public CallbackNumPresInd {
            if (presentation < 0 || presentation > 3 || screening < 0 || screening > 3) {
                throw new TlvException(TlvException.Kind.VALUE,
                        "callback_num_pres_ind indicators must be 0..3");
            }
        }

        static CallbackNumPresInd decode(int v) {
            return new CallbackNumPresInd((v >> 2) & 0x03, v & 0x03);
        }

        public int encode() {
            return presentation << 2 | screening;
        }
    }

    /**
     * callback_num_atag (§5.3.2.38): the data_coding of the display text and the text's octets
     * (at most 64), the alphanumeric tag shown with a callback number.
     */
    public record CallbackNumAtag(int dataCoding, byte[] displayCharacters) {
        public CallbackNumAtag {
            if (dataCoding < 0 || dataCoding > 0xFF || displayCharacters == null || displayCharacters.length > 64) {
                throw new TlvException(TlvException.Kind.VALUE,
                        "callback_num_atag must be a data_coding octet and at most 64 octets of text");
            }
            displayCharacters = displayCharacters.clone();
        }

        static CallbackNumAtag decode(byte[] v) {
            return v.length == 0 ? new CallbackNumAtag(0, new byte[0])
                    : new CallbackNumAtag(v[0] & 0xFF, Arrays.copyOfRange(v, 1, v.length));
        }

        /** A copy: the record stays as built. */
        @Override
        public byte[] displayCharacters() {
            return displayCharacters.clone();
        }

        public byte[] encode() {
            return octetThen(dataCoding, displayCharacters);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CallbackNumAtag other && other.dataCoding == dataCoding
                    && Arrays.equals(other.displayCharacters, displayCharacters);
        }

        @Override
        public int hashCode() {
            return dataCoding * 31 + Arrays.hashCode(displayCharacters);
        }

        @Override
        public String toString() {
            return "CallbackNumAtag[data_coding=0x" + Integer.toHexString(dataCoding) + ", "
                    + HexFormat.of().formatHex(displayCharacters) + "]";
        }
    }

    /**
     * its_session_info (§5.3.2.43, CDMA interactive teleservice): the session number (first
     * octet), the sequence number within it (bits 7-1 of the second) and whether this message
     * ends the session (bit 0).
     */
    public record ItsSessionInfo(int sessionNumber, int sequenceNumber, boolean endOfSession) {
        public ItsSessionInfo {
            if (sessionNumber < 0 || sessionNumber > 0xFF || sequenceNumber < 0 || sequenceNumber > 0x7F) {
                throw new TlvException(TlvException.Kind.VALUE,
                        "its_session_info: session number 0..255, sequence number 0..127");
            }
        }

        static ItsSessionInfo decode(int v) {
            return new ItsSessionInfo(v >> 8, (v >> 1) & 0x7F, (v & 1) != 0);
        }

        public int encode() {
            return sessionNumber << 8 | sequenceNumber << 1 | (endOfSession ? 1 : 0);
        }
    }

    /** Builds a TLV set; the typed adders encode values in the spec's formats. */
    public static final class Builder {
        private final List<Tlv> list = new ArrayList<>();

        public Builder add(Tlv tlv) {
            list.add(tlv);
            return this;
        }

        /** Adds or replaces the TLV with this tag. */
        public Builder put(Tlv tlv) {
            list.removeIf(t -> t.tag() == tlv.tag());
            list.add(tlv);
            return this;
        }

        public Builder remove(TlvTag tag) {
            list.removeIf(t -> t.tag() == tag.code());
            return this;
        }

        public Builder raw(int tag, byte[] value) {
            return put(new Tlv(tag, value.clone()));
        }

        public Builder uint8(TlvTag tag, int value) {
            return put(new Tlv(tag.code(), new byte[] {(byte) value}));
        }

        public Builder uint16(TlvTag tag, int value) {
            return put(new Tlv(tag.code(), new byte[] {(byte) (value >> 8), (byte) value}));
        }

        public Builder uint32(TlvTag tag, int value) {
            return put(new Tlv(tag.code(), new byte[] {
                (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value}));
        }

        /** A C-Octet String value (NUL-terminated on the wire). */
        public Builder cString(TlvTag tag, String value) {
            byte[] s = value.getBytes(StandardCharsets.ISO_8859_1);
            byte[] v = Arrays.copyOf(s, s.length + 1);
            return put(new Tlv(tag.code(), v));
        }

        public Builder messagePayload(byte[] payload) {
            return put(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), payload.clone()));
        }

        public Builder receiptedMessageId(String messageId) {
            return cString(TlvTag.RECEIPTED_MESSAGE_ID, messageId);
        }

        public Builder messageState(int state) {
            return uint8(TlvTag.MESSAGE_STATE, state);
        }

        public Builder networkErrorCode(NetworkErrorCode code) {
            return put(new Tlv(TlvTag.NETWORK_ERROR_CODE.code(), code.encode()));
        }

        public Builder sar(int refNum, int totalSegments, int segmentSeqnum) {
            uint16(TlvTag.SAR_MSG_REF_NUM, refNum);
            uint8(TlvTag.SAR_TOTAL_SEGMENTS, totalSegments);
            return uint8(TlvTag.SAR_SEGMENT_SEQNUM, segmentSeqnum);
        }

        public Builder userMessageReference(int ref) {
            return uint16(TlvTag.USER_MESSAGE_REFERENCE, ref);
        }

        public Builder sourcePort(int port) {
            return uint16(TlvTag.SOURCE_PORT, port);
        }

        public Builder destinationPort(int port) {
            return uint16(TlvTag.DESTINATION_PORT, port);
        }

        public Builder msAvailabilityStatus(int status) {
            return uint8(TlvTag.MS_AVAILABILITY_STATUS, status);
        }

        public Builder setDpf(boolean set) {
            return uint8(TlvTag.SET_DPF, set ? 1 : 0);
        }

        public Builder dpfResult(int result) {
            return uint8(TlvTag.DPF_RESULT, result);
        }

        public Builder deliveryFailureReason(int reason) {
            return uint8(TlvTag.DELIVERY_FAILURE_REASON, reason);
        }

        public Builder moreMessagesToSend(boolean more) {
            return uint8(TlvTag.MORE_MESSAGES_TO_SEND, more ? 1 : 0);
        }

        public Builder scInterfaceVersion(int version) {
            return uint8(TlvTag.SC_INTERFACE_VERSION, version);
        }

        public Builder callbackNum(CallbackNum num) {
            return put(new Tlv(TlvTag.CALLBACK_NUM.code(), num.encode()));
        }

        public Builder sourceSubaddress(Subaddress subaddress) {
            return put(new Tlv(TlvTag.SOURCE_SUBADDRESS.code(), subaddress.encode()));
        }

        public Builder destSubaddress(Subaddress subaddress) {
            return put(new Tlv(TlvTag.DEST_SUBADDRESS.code(), subaddress.encode()));
        }

        public Builder msMsgWaitFacilities(MsMsgWaitFacilities facilities) {
            return uint8(TlvTag.MS_MSG_WAIT_FACILITIES, facilities.encode());
        }

        public Builder callbackNumPresInd(CallbackNumPresInd indicator) {
            return uint8(TlvTag.CALLBACK_NUM_PRES_IND, indicator.encode());
        }

        public Builder callbackNumAtag(CallbackNumAtag atag) {
            return put(new Tlv(TlvTag.CALLBACK_NUM_ATAG.code(), atag.encode()));
        }

        public Builder itsSessionInfo(ItsSessionInfo info) {
            return uint16(TlvTag.ITS_SESSION_INFO, info.encode());
        }

        public Builder privacyIndicator(int indicator) {
            return uint8(TlvTag.PRIVACY_INDICATOR, indicator);
        }

        public Builder languageIndicator(int language) {
            return uint8(TlvTag.LANGUAGE_INDICATOR, language);
        }

        /** alert_on_message_delivery (§5.3.2.41): a TLV with no value. */
        public Builder alertOnMessageDelivery() {
            return put(new Tlv(TlvTag.ALERT_ON_MESSAGE_DELIVERY.code(), new byte[0]));
        }

        public Tlvs build() {
            return Tlvs.of(list);
        }
    }
}
