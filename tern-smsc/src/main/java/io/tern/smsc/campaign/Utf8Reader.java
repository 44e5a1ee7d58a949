package io.tern.smsc.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 from a stream that refuses bytes that are not UTF-8 (a file saved as Latin-1), instead of
 * putting U+FFFD in their place. Unlike {@link java.io.InputStreamReader} in that mode, it first hands
 * over every character before the bad bytes and reports them (a {@link java.nio.charset.MalformedInputException})
 * on the next read, so that the reader of the characters knows the line they are on.
 */
final class Utf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
    private boolean eof;
    private boolean flushed;

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (!flushed) {
            CoderResult r = decoder.decode(bytes, out, eof);
            if (r.isError()) {
                if (out.position() > off) {
                    break;
                }
                r.throwException();
            }
            if (r.isOverflow() || out.position() > off) {
                break;
            }
            if (eof) {
                decoder.flush(out);
                flushed = true;
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        int n = out.position() - off;
        return n == 0 && flushed ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
