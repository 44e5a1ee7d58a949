package io.tern.smpp.charset;

/** Thrown by the strict encoders when a text holds a character the target alphabet lacks. */
public final class UnencodableCharacterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int index;
    private final int codePoint;

    public UnencodableCharacterException(String charset, int index, int codePoint) {
        super(String.format("%s cannot encode U+%04X at index %d", charset, codePoint, index));
        this.index = index;
        this.codePoint = codePoint;
    }

    /** The char index in the input of the first character that could not be encoded. */
    public int index() {
        return index;
    }

    /** The code point that could not be encoded. */
    public int codePoint() {
        return codePoint;
    }
}
