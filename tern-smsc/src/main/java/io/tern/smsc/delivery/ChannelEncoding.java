package io.tern.smsc.delivery;

import io.tern.smpp.charset.DataCoding;
import io.tern.smpp.charset.EncodingChooser;
import io.tern.smpp.charset.SingleByteCharset;
import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.charset.Transcoder;
import io.tern.smpp.charset.UnencodableCharacterException;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.sms.MessagePart;
import io.tern.smpp.sms.MessageSplitter;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.StoredMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The alphabet a delivery channel (an ESME's interop profile, an upstream connector) expects, and the
 * conversion of a message's text into it (docs/protocol.md, "Character sets on delivery"): what
 * data_coding 0 means on that channel, GSM 7-bit or Latin-1 (SMPP 3.4 §5.2.19 leaves the "SMSC
 * default alphabet" to the SMSC), and which encoding its messages must be in. A converted text that
 * no longer fits one short message is split again with a concatenation UDH (3GPP TS 23.040
 * §9.2.3.24.1); a character the target lacks fails the message, with the reason in its history.
 *
 * @param dataCoding0 what data_coding 0 means to the peer, on what it sends and what it receives
 * @param encoding the encoding messages are sent in; {@link Encoding#AS_SUBMITTED} keeps theirs
 *     (then a GSM 7-bit text goes to a Latin-1 peer as Latin-1, or UCS-2 when Latin-1 lacks a character)
 */
public record ChannelEncoding(Alphabet0 dataCoding0, Encoding encoding) {

    /** What data_coding 0 means on a channel. */
    public enum Alphabet0 { GSM7, LATIN1 }

    /** The encoding a channel's messages are sent in. */
    public enum Encoding { AS_SUBMITTED, GSM7, LATIN1, UCS2 }

    /** Today's behaviour: data_coding 0 is GSM 7-bit, and every message goes as submitted. */
    public static final ChannelEncoding DEFAULT = new ChannelEncoding(Alphabet0.GSM7, Encoding.AS_SUBMITTED);

    /** The concatenation reference width of re-split messages: 8 bits, the one every handset knows. */
    private static final MessageSplitter.ReferenceSize REFERENCE = MessageSplitter.ReferenceSize.EIGHT_BIT;
    /** What short_message holds (SMPP 3.4 §5.2.22). */
    private static final int MAX_SHORT_MESSAGE = 254;
    private static final int UDHI = 0x40;

    public ChannelEncoding {
        Objects.requireNonNull(dataCoding0, "dataCoding0");
        Objects.requireNonNull(encoding, "encoding");
        if (encoding == Encoding.GSM7 && dataCoding0 == Alphabet0.LATIN1) {
            throw new IllegalArgumentException(
                    "encoding gsm7 travels as data_coding 0, which this peer reads as Latin-1");
        }
    }

    /** Whether messages go out as they came in (nothing to convert, no split). */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /**
     * The data_coding Tern keeps for a message that arrived on this channel with {@code dataCoding}:
     * 0 from a peer that means Latin-1 by it is stored as 3 (Latin-1), so that every other channel
     * reads it right.
     */
    public int inbound(int dataCoding) {
        return dataCoding == DataCoding.SMSC_DEFAULT && dataCoding0 == Alphabet0.LATIN1
                ? DataCoding.LATIN1 : dataCoding;
    }

    /**
     * One PDU's worth of a converted message: the UDHI bit to set in esm_class, the data_coding,
     * and the content, in short_message or (when {@code inPayload}) in message_payload.
     */
    public record Part(int udhi, int dataCoding, byte[] content, boolean inPayload) {
    }

    /** The message cannot be sent on this channel; {@link #status()} is the error its history and receipt carry. */
    public static final class ConversionException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient CommandStatus status;

        ConversionException(CommandStatus status, String message) {
            super(message);
            this.status = status;
        }

        public CommandStatus status() {
            return status;
        }
    }

    /**
     * The PDUs {@code m} goes out in on this channel, or null when it goes as stored (one PDU, as
     * before conversion existed: the golden path).
     *
     * @param tlvsAllowed whether the peer may be sent message_payload (SMPP 3.4, and its profile lets TLVs through)
     * @throws ConversionException when a character has no place in the target encoding, or a part of a
     *     concatenated message no longer fits one message after conversion
     */
    public List<Part> convert(StoredMessage m, boolean tlvsAllowed) throws ConversionException {
        return convert(m, tlvsAllowed, true);
    }

    /**
     * {@link #convert(StoredMessage, boolean)}, or with {@code maySplit} false for a channel that must
     * carry a message as one PDU (a connector: one upstream id per message): then a converted text
     * goes in short_message while it fits 254 octets, else in message_payload when TLVs are allowed,
     * else the message fails.
     */
    public List<Part> convert(StoredMessage m, boolean tlvsAllowed, boolean maySplit) throws ConversionException {
        if (tlvsAllowed && isDefault()) {
            return null; // the common case costs no copy and no decoding
        }
        byte[] sm = m.shortMessage();
        Optional<byte[]> payload = sm.length == 0 ? Tlvs.fromBytes(m.tlvs()).messagePayload() : Optional.empty();
        boolean inPayload = payload.isPresent();
        byte[] content = payload.orElse(sm);
        boolean mustLeavePayload = inPayload && !tlvsAllowed && content.length > MAX_SHORT_MESSAGE;
        int udhi = m.esmClass() & UDHI;
        int udhLength = udhi != 0 && content.length > 0 ? Math.min(content.length, 1 + (content[0] & 0xFF)) : 0;
        byte[] udh = Arrays.copyOf(content, udhLength);
        SmsEncoding from = Transcoder.encodingOf(m.dataCoding());
        if (from == null) {
            if (!mustLeavePayload) {
                return null;
            }
            // binary or a national alphabet: octets are split as they are
            return splitOctets(m, content, udhLength, m.dataCoding());
        }
        String text = Transcoder.decode(content, udhLength, content.length - udhLength, m.dataCoding());
        SmsEncoding to = target(from, text);
        if (to == from && !mustLeavePayload) {
            return null;
        }
        int dataCoding = to == from ? m.dataCoding() : to.dataCoding();
        byte[] body;
        try {
            body = to == from ? Arrays.copyOfRange(content, udhLength, content.length) : Transcoder.encode(text, to);
        } catch (UnencodableCharacterException e) {
            throw new ConversionException(CommandStatus.ESME_RINVDCS, e.getMessage() + " (the destination takes "
                    + name(to) + ")");
        }
        if (inPayload && tlvsAllowed) {
            if (udhLength + body.length > 0xFFFF) {
                throw new ConversionException(CommandStatus.ESME_RINVMSGLEN, "converted to " + name(to) + " the message"
                        + " needs " + (udhLength + body.length) + " octets, more than message_payload holds");
            }
            return List.of(new Part(udhi, dataCoding, concat(udh, body), true));
        }
        if (!maySplit) {
            byte[] whole = concat(udh, body);
            if (whole.length <= MAX_SHORT_MESSAGE) {
                return List.of(new Part(udhi, dataCoding, whole, false));
            }
            if (tlvsAllowed && whole.length <= 0xFFFF) {
                return List.of(new Part(udhi, dataCoding, whole, true));
            }
            throw new ConversionException(CommandStatus.ESME_RINVMSGLEN, "converted to " + name(to) + " the message"
                    + " needs " + whole.length + " octets, more than short_message holds, and this destination"
                    + " takes no message_payload");
        }
        if (udhLength > 0) {
            if (EncodingChooser.units(text, to) > to.partLimit(udhLength)) {
                throw new ConversionException(CommandStatus.ESME_RINVMSGLEN, "converted to " + name(to) + " this part"
                        + " of a concatenated message needs " + EncodingChooser.units(text, to) + " units, more than"
                        + " the " + to.partLimit(udhLength)
                        + " one message holds after its UDH; a part cannot be split again");
            }
            return List.of(new Part(udhi, dataCoding, concat(udh, body), false));
        }
        return split(m, to, text, dataCoding);
    }

    /** The encoding a text in {@code from} is sent in on this channel. */
    private SmsEncoding target(SmsEncoding from, String text) {
        switch (encoding) {
            case GSM7: return SmsEncoding.GSM7;
            case LATIN1: return SmsEncoding.EIGHT_BIT;
            case UCS2: return SmsEncoding.UCS2;
            default:
                if (from == SmsEncoding.GSM7 && dataCoding0 == Alphabet0.LATIN1) {
                    // this peer would read GSM septets as Latin-1: give it Latin-1, or UCS-2 when that cannot hold the text
                    return SingleByteCharset.LATIN1.canEncode(text) ? SmsEncoding.EIGHT_BIT : SmsEncoding.UCS2;
                }
                return from;
        }
    }

    private static List<Part> split(StoredMessage m, SmsEncoding to, String text, int dataCoding)
            throws ConversionException {
        try {
            return parts(MessageSplitter.withUdh(text, to, REFERENCE, reference(m)), dataCoding);
        } catch (IllegalArgumentException e) {
            throw new ConversionException(CommandStatus.ESME_RINVMSGLEN, e.getMessage());
        }
    }

    private static List<Part> splitOctets(StoredMessage m, byte[] content, int udhLength, int dataCoding)
            throws ConversionException {
        if (udhLength > 0) {
            throw new ConversionException(CommandStatus.ESME_RINVMSGLEN, "a message_payload of " + content.length
                    + " octets with a UDH cannot go in short_message, and this destination takes no TLVs");
        }
        try {
            return parts(MessageSplitter.withUdh(content, REFERENCE, reference(m)), dataCoding);
        } catch (IllegalArgumentException e) {
            throw new ConversionException(CommandStatus.ESME_RINVMSGLEN, e.getMessage());
        }
    }

    private static List<Part> parts(List<MessagePart> split, int dataCoding) {
        List<Part> out = new ArrayList<>(split.size());
        for (MessagePart p : split) {
            out.add(new Part(p.udhi() ? UDHI : 0, dataCoding, p.shortMessage(), false));
        }
        return out;
    }

    /** A concatenation reference of the message's own: its parts stay together, other messages' parts apart. */
    private static int reference(StoredMessage m) {
        return m.id().hashCode() & REFERENCE.maxRef();
    }

    private static String name(SmsEncoding e) {
        return e == SmsEncoding.EIGHT_BIT ? "LATIN1" : e.name();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
