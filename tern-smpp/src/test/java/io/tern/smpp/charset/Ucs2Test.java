package io.tern.smpp.charset;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ucs2Test {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @ParameterizedTest(name = "{0}: U+{1}..U+{2}")
    @CsvSource({
        "Latin-1 and Latin Extended, 0020, 024F",
        "Greek and Cyrillic,         0370, 04FF",
        "Hebrew and Arabic,          0590, 06FF",
        "Devanagari,                 0900, 097F",
        "Thai,                       0E00, 0E7F",
        "General punctuation and €,  2000, 20CF",
        "CJK unified ideographs,     4E00, 9FFF",
        "Hangul syllables,           AC00, D7A3",
        "Private use to specials,    E000, FFFD",
    })
    void encodesAndDecodesEveryBmpCharacterOfARangeLikeCloudhopper(String range, String from, String to) {
        StringBuilder sb = new StringBuilder();
        for (int c = Integer.parseInt(from, 16); c <= Integer.parseInt(to, 16); c++) {
            sb.append((char) c);
        }
        sameAsCloudhopper(range, sb.toString());
    }

    /** {@code text} encodes to two octets a UTF-16 unit as Cloudhopper's UCS-2 does, and decodes back. */
    private static byte[] sameAsCloudhopper(String what, String text) {
        byte[] encoded = Ucs2.INSTANCE.encode(text);
        assertThat(encoded).as(what).hasSize(2 * text.length())
                .containsExactly(CharsetUtil.encode(text, CharsetUtil.CHARSET_UCS_2));
        assertThat(Ucs2.INSTANCE.decode(encoded)).as(what).isEqualTo(text)
                .isEqualTo(CharsetUtil.decode(encoded, CharsetUtil.CHARSET_UCS_2));
        return encoded;
    }

    /** Every code unit of the BMP that is a character on its own (all but the surrogates), one string. */
    @Test
    void encodesAndDecodesEveryBmpCharacterLikeCloudhopper() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (!Character.isSurrogate((char) c)) {
                sb.append((char) c);
            }
        }
        String text = sb.toString();
        assertThat(text).hasSize(0x10000 - 0x800);
        byte[] encoded = sameAsCloudhopper("the BMP", text);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertThat(encoded[2 * i] & 0xFF).isEqualTo(c >>> 8);
            assertThat(encoded[2 * i + 1] & 0xFF).isEqualTo(c & 0xFF);
        }
    }

    /** Every code point outside the BMP, U+10000..U+10FFFF, as its surrogate pair. */
    @Test
    void encodesAndDecodesEverySupplementaryCharacterLikeCloudhopper() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0x10000; cp <= 0x10FFFF; cp++) {
            sb.appendCodePoint(cp);
        }
        sameAsCloudhopper("U+10000..U+10FFFF", sb.toString());
    }

    @Test
    void encodesEmojiAsASurrogatePairLikeCloudhopper() {
        String text = "ok \uD83D\uDE00\uD83C\uDDEB\uD83C\uDDF7 \uD800\uDC00\uDBFF\uDFFF";
        byte[] encoded = Ucs2.INSTANCE.encode(text);
        assertThat(HEX.formatHex(encoded, 0, 10)).isEqualTo("006F006B0020D83DDE00");
        assertThat(encoded).containsExactly(CharsetUtil.encode(text, CharsetUtil.CHARSET_UCS_2));
        assertThat(Ucs2.INSTANCE.decode(encoded)).isEqualTo(text);
    }

    @Test
    void countsASurrogatePairAsTwoUnits() {
        assertThat(Ucs2.unitCount("a\uD83D\uDE00")).isEqualTo(3);
    }

    @Test
    void decodesAnOddTrailingOctetAsQuestionMark() {
        assertThat(Ucs2.INSTANCE.decode(HEX.parseHex("004100"))).isEqualTo("A?");
    }

    @Test
    void decodesASliceOfABuffer() {
        assertThat(Ucs2.INSTANCE.decode(HEX.parseHex("FF0416FF"), 1, 2)).isEqualTo("Ж");
    }
}
