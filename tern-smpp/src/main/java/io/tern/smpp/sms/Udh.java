package io.tern.smpp.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A User Data Header: the UDHL octet and the information elements after it, at the start of a
 * short_message whose esm_class has UDHI set (3GPP TS 23.040 §9.2.3.24, SMPP 3.4 §5.2.12).
 * {@link #parse} reports malformed input as a value and never throws on arbitrary bytes.
 */
public record Udh(List<InformationElement> elements) {

    /** Why a header could not be parsed (not an exception: peers send arbitrary bytes). */
    public enum Defect {
        /** No octet at all where the UDHL should be. */
        EMPTY,
        /** The UDHL points past the end of the data. */
        LENGTH_EXCEEDS_DATA,
        /** An element's length runs past the UDHL. */
        ELEMENT_OVERRUNS_HEADER,
        /** A concatenation or port element has the wrong length or impossible numbers. */
        INVALID_ELEMENT
    }

    /** The result of {@link #parse}: a header and where the body starts, or an error. */
    public sealed interface Parsed permits Parsed.Ok, Parsed.Malformed {

        /** A well-formed header; the message body starts at {@code bodyOffset}. */
        record Ok(Udh udh, int bodyOffset) implements Parsed {
        }

        /** A malformed header; {@code offset} is where parsing stopped. */
        record Malformed(Defect defect, int offset) implements Parsed {
        }
    }

    public Udh {
        elements = List.copyOf(elements);
        if (encodedLengthOf(elements) - 1 > 0xFF) {
            throw new IllegalArgumentException("UDH longer than 255 octets");
        }
    }

    /** A header with one element. */
    public static Udh of(InformationElement... elements) {
        return new Udh(List.of(elements));
    }

    /** Parses the header at the start of {@code userData}. */
    public static Parsed parse(byte[] userData) {
        return parse(userData, 0, userData.length);
    }

    /** Parses the header at {@code off} within {@code len} octets of {@code userData}. */
    public static Parsed parse(byte[] userData, int off, int len) {
        if (off < 0 || len < 0 || off > userData.length - len) {
            return new Parsed.Malformed(Defect.LENGTH_EXCEEDS_DATA, 0);
        }
        if (len == 0) {
            return new Parsed.Malformed(Defect.EMPTY, 0);
        }
        int udhl = userData[off] & 0xFF;
        if (udhl + 1 > len) {
            return new Parsed.Malformed(Defect.LENGTH_EXCEEDS_DATA, 0);
        }
        int end = off + 1 + udhl;
        List<InformationElement> elements = new ArrayList<>();
        int p = off + 1;
        while (p < end) {
            if (p + 2 > end) {
                return new Parsed.Malformed(Defect.ELEMENT_OVERRUNS_HEADER, p - off);
            }
            int iei = userData[p] & 0xFF;
            int iedl = userData[p + 1] & 0xFF;
            if (p + 2 + iedl > end) {
                return new Parsed.Malformed(Defect.ELEMENT_OVERRUNS_HEADER, p - off);
            }
            InformationElement ie = element(iei, userData, p + 2, iedl);
            if (ie == null) {
                return new Parsed.Malformed(Defect.INVALID_ELEMENT, p - off);
            }
            elements.add(ie);
            p += 2 + iedl;
        }
        return new Parsed.Ok(new Udh(elements), 1 + udhl);
    }

    private static InformationElement element(int iei, byte[] b, int p, int len) {
        switch (iei) {
            case InformationElement.IEI_CONCAT_8BIT:
                return len == 3 ? concat(b[p] & 0xFF, b[p + 1] & 0xFF, b[p + 2] & 0xFF, false) : null;
            case InformationElement.IEI_CONCAT_16BIT:
                return len == 4
                        ? concat(((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF), b[p + 2] & 0xFF, b[p + 3] & 0xFF, true)
                        : null;
            case InformationElement.IEI_PORT_8BIT:
                return len == 2 ? new InformationElement.PortAddressing(b[p] & 0xFF, b[p + 1] & 0xFF, false) : null;
            case InformationElement.IEI_PORT_16BIT:
                return len == 4
                        ? new InformationElement.PortAddressing(((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF),
                                ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF), true)
                        : null;
            default:
                byte[] data = new byte[len];
                System.arraycopy(b, p, data, 0, len);
                return new InformationElement.Raw(iei, data);
        }
    }

    private static InformationElement concat(int ref, int total, int seq, boolean sixteen) {
        // §9.2.3.24.1: total 0 or seq outside 1..total are invalid; the whole IE is then unusable
        if (total == 0 || seq == 0 || seq > total) {
            return null;
        }
        return new InformationElement.Concatenation(ref, total, seq, sixteen);
    }

    /** The concatenation element, if the header has one. */
    public Optional<InformationElement.Concatenation> concatenation() {
        for (InformationElement e : elements) {
            if (e instanceof InformationElement.Concatenation c) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The port addressing element, if the header has one. */
    public Optional<InformationElement.PortAddressing> portAddressing() {
        for (InformationElement e : elements) {
            if (e instanceof InformationElement.PortAddressing pa) {
                return Optional.of(pa);
            }
        }
        return Optional.empty();
    }

    /** Octets the header takes, UDHL included. */
    public int encodedLength() {
        return encodedLengthOf(elements);
    }

    private static int encodedLengthOf(List<InformationElement> elements) {
        int n = 1;
        for (InformationElement e : elements) {
            n += e.encodedLength();
        }
        return n;
    }

    /** The header's octets: UDHL, then each element as IEI, IEDL, data. */
    public byte[] toBytes() {
        byte[] out = new byte[encodedLength()];
        out[0] = (byte) (out.length - 1);
        int p = 1;
        for (InformationElement e : elements) {
            byte[] data = e.data();
            out[p++] = (byte) e.iei();
            out[p++] = (byte) data.length;
            System.arraycopy(data, 0, out, p, data.length);
            p += data.length;
        }
        return out;
    }
}
