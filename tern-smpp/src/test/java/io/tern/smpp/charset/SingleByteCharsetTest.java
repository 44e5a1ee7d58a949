package io.tern.smpp.charset;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.commons.charset.CharsetUtil;
import org.junit.jupiter.api.Test;

class SingleByteCharsetTest {

    @Test
    void encodesEveryLatin1CharacterLikeCloudhopper() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0; c <= 0xFF; c++) {
            sb.append(c);
        }
        String text = sb.toString();
        byte[] encoded = SingleByteCharset.LATIN1.encode(text);
        assertThat(encoded).containsExactly(CharsetUtil.encode(text, CharsetUtil.CHARSET_ISO_8859_1));
        assertThat(SingleByteCharset.LATIN1.decode(encoded)).isEqualTo(text);
        assertThat(SingleByteCharset.LATIN1.canEncode(text)).isTrue();
    }

    @Test
    void substitutesQuestionMarkOutsideLatin1() {
        assertThat(SingleByteCharset.LATIN1.encode("a€")).containsExactly('a', '?');
        assertThat(SingleByteCharset.LATIN1.canEncode("€")).isFalse();
    }

    @Test
    void keepsIa5ToSevenBits() {
        assertThat(SingleByteCharset.IA5.encode("aé")).containsExactly('a', '?');
        assertThat(SingleByteCharset.IA5.decode(new byte[] {0x41, (byte) 0xE9})).isEqualTo("A?");
        assertThat(SingleByteCharset.IA5.canEncode("plain ascii ~")).isTrue();
    }

    @Test
    void carriesEveryOctetThroughAStringUnchanged() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(SingleByteCharset.BINARY.encode(SingleByteCharset.BINARY.decode(all))).containsExactly(all);
        assertThat(SingleByteCharset.BINARY.isText()).isFalse();
    }
}
