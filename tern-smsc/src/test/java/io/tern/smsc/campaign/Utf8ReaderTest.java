package io.tern.smsc.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ReaderTest {

    /** A stream that gives one byte a read, so every multi-byte character arrives split. */
    private static InputStream trickle(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return super.read(buf, off, Math.min(len, 1));
            }
        };
    }

    private static String readAll(Utf8Reader r, StringBuilder into) throws IOException {
        char[] buf = new char[8];
        for (int n; (n = r.read(buf, 0, buf.length)) >= 0; ) {
            into.append(buf, 0, n);
        }
        return into.toString();
    }

    @Test
    void readsUtf8SplitAtEveryByte() throws Exception {
        String text = "to,name\r\n+447410000001,Zo\u00eb \u20ac \uD83D\uDE00\n";
        assertThat(readAll(new Utf8Reader(trickle(text.getBytes(StandardCharsets.UTF_8))), new StringBuilder()))
                .isEqualTo(text);
    }

    @Test
    void handsOverEveryCharacterBeforeABadByteThenReportsIt() {
        byte[] latin1 = "to,name\nA,Ren\u00e9e\n".getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder got = new StringBuilder();
        assertThatThrownBy(() -> readAll(new Utf8Reader(new ByteArrayInputStream(latin1)), got))
                .isInstanceOf(MalformedInputException.class);
        assertThat(got.toString()).isEqualTo("to,name\nA,Ren");
    }

    @Test
    void aCharacterCutShortAtTheEndIsReported() {
        byte[] cut = {'a', (byte) 0xE2, (byte) 0x82};
        StringBuilder got = new StringBuilder();
        assertThatThrownBy(() -> readAll(new Utf8Reader(new ByteArrayInputStream(cut)), got))
                .isInstanceOf(MalformedInputException.class);
        assertThat(got.toString()).isEqualTo("a");
    }
}
