package io.tern.smpp.charset;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * An {@link SmsCharset} over a JDK charset, for the national data codings of SMPP 3.4 §5.2.19
 * (JIS, Cyrillic, Latin/Hebrew, extended Kanji, KS C 5601) that Tern passes through rather than
 * tables itself. The JDK replaces malformed input, so neither direction throws on content.
 */
public final class JavaSmsCharset implements SmsCharset {

    private final String name;
    private final Charset charset;

    public JavaSmsCharset(String name, Charset charset) {
        this.name = Objects.requireNonNull(name, "name");
        this.charset = Objects.requireNonNull(charset, "charset");
    }

    @Override
    public String name() {
        return name;
    }

    /** The JDK charset underneath. */
    public Charset charset() {
        return charset;
    }

    @Override
    public byte[] encode(String text) {
        return text.getBytes(charset);
    }

    @Override
    public String decode(byte[] data, int off, int len) {
        return new String(data, off, len, charset);
    }

    @Override
    public boolean canEncode(CharSequence text) {
        return charset.canEncode() && charset.newEncoder().canEncode(text);
    }
}
