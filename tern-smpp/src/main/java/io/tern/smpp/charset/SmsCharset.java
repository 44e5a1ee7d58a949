package io.tern.smpp.charset;

/**
 * A character set as the short_message / message_payload field carries it (SMPP 3.4 §5.2.19).
 *
 * <p>Unlike {@link java.nio.charset.Charset}, implementations never throw on bad input: encoding
 * substitutes what it cannot represent and decoding maps unknown octets to a fallback character,
 * because both run on data a peer controls.
 */
public interface SmsCharset {

    /** A short name for logs and configuration, e.g. {@code "GSM7"}. */
    String name();

    /** Encodes {@code text}, substituting characters this charset cannot represent. */
    byte[] encode(String text);

    /** Decodes {@code len} octets of {@code data} from {@code off}; never throws on content. */
    String decode(byte[] data, int off, int len);

    /** Decodes all of {@code data}. */
    default String decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Whether every character of {@code text} survives {@link #encode} unchanged. */
    boolean canEncode(CharSequence text);
}
