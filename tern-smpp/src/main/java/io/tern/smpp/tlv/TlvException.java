package io.tern.smpp.tlv;

/**
 * TLVs that break a rule of SMPP 3.4 §3.2.4 / §5.3. The {@link Kind} says which rule; the
 * {@code pdu} package turns it into the SMPP status a receiver answers with
 * ({@code PduValidationException.of}), so that this package needs nothing from {@code pdu}.
 */
public final class TlvException extends IllegalArgumentException {

    /** Which rule the TLVs break. */
    public enum Kind {
        /** Not whole TLVs: a header cut short, or a value running past the end. */
        STREAM,
        /** A standard tag with a value length outside its limits. */
        LENGTH,
        /** A value out of the range of its parameter. */
        VALUE
    }

    private final Kind kind;

    public TlvException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
