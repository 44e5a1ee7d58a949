package io.tern.smpp.charset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Gsm7Test {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Every character of both tables, as the spec lists them (GSM 03.38 §6.2.1, §6.2.1.1). */
    private static final String BASIC_TABLE =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION_TABLE = "\f^{}\\[~]|€";
    private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    @Test
    void decodesEveryBasicSeptetLikeTheSpecTableAndCloudhopper() {
        assertThat(BASIC_TABLE).hasSize(128);
        for (int s = 0; s < 128; s++) {
            if (s == Gsm7.ESCAPE) {
                continue;
            }
            byte[] septet = {(byte) s};
            String expected = String.valueOf(BASIC_TABLE.charAt(s));
            assertThat(Gsm7.decodeUnpacked(septet, 0, 1)).as("septet 0x%02X", s).isEqualTo(expected);
            assertThat(CharsetUtil.decode(septet, CharsetUtil.CHARSET_GSM)).as("oracle 0x%02X", s).isEqualTo(expected);
        }
    }

    @Test
    void encodesEveryBasicCharacterLikeCloudhopper() {
        for (int s = 0; s < 128; s++) {
            if (s == Gsm7.ESCAPE) {
                continue;
            }
            String c = String.valueOf(BASIC_TABLE.charAt(s));
            assertThat(Gsm7.encodeUnpacked(c)).as("char U+%04X", (int) c.charAt(0))
                    .containsExactly((byte) s)
                    .containsExactly(CharsetUtil.encode(c, CharsetUtil.CHARSET_GSM));
        }
    }

    @Test
    void encodesEveryExtensionCharacterWithEscapeLikeCloudhopper() {
        for (int i = 0; i < EXTENSION_TABLE.length(); i++) {
            String c = String.valueOf(EXTENSION_TABLE.charAt(i));
            byte[] expected = {Gsm7.ESCAPE, EXTENSION_CODES[i]};
            assertThat(Gsm7.encodeUnpacked(c)).as("char U+%04X", (int) c.charAt(0))
                    .containsExactly(expected)
                    .containsExactly(CharsetUtil.encode(c, CharsetUtil.CHARSET_GSM));
            assertThat(Gsm7.decodeUnpacked(expected, 0, 2)).isEqualTo(c)
                    .isEqualTo(CharsetUtil.decode(expected, CharsetUtil.CHARSET_GSM));
        }
    }

    @Test
    void encodesEuroSignWithEscape() {
        assertThat(HEX.formatHex(Gsm7.encodeUnpacked("5€"))).isEqualTo("351B65");
    }

    @Test
    void countsExtensionCharactersAsTwoSeptets() {
        assertThat(Gsm7.septetCount("a{b}€")).isEqualTo(8);
        assertThat(Gsm7.septetCount("")).isZero();
    }

    @Test
    void countsAnUnencodableCodePointAsItsOneSubstitute() {
        assertThat(Gsm7.septetCount("a\uD83D\uDE00ж")).isEqualTo(3);
        assertThat(Gsm7.encodeUnpackedSubstituting("a\uD83D\uDE00ж")).containsExactly(0x61, 0x3F, 0x3F);
    }

    @Test
    void tellsWhetherATextIsEncodable() {
        assertThat(Gsm7.canEncodeText(BASIC_TABLE.replace("\u001B", "") + EXTENSION_TABLE)).isTrue();
        assertThat(Gsm7.canEncodeText("caf\u00E7")).as("ç is not Ç (§6.2.1 0x09 is capital)").isFalse();
        assertThat(Gsm7.canEncodeText("\u001B")).as("the escape itself is not a character").isFalse();
        assertThat(Gsm7.canEncodeText("Привет")).isFalse();
    }

    @Test
    void strictEncodingNamesTheFirstUnencodableCharacter() {
        assertThatThrownBy(() -> Gsm7.encodeUnpacked("ok \uD83D\uDE00"))
                .isInstanceOfSatisfying(UnencodableCharacterException.class, e -> {
                    assertThat(e.index()).isEqualTo(3);
                    assertThat(e.codePoint()).isEqualTo(0x1F600);
                    assertThat(e).hasMessageContaining("U+1F600");
                });
    }

    @Test
    void charsetInterfaceSubstitutesQuestionMark() {
        assertThat(Gsm7.INSTANCE.encode("Ж!")).containsExactly(0x3F, 0x21);
        assertThat(Gsm7.INSTANCE.canEncode("Ж")).isFalse();
    }

    @ParameterizedTest(name = "{0} decodes to [{1}]")
    @CsvSource(delimiter = '|', value = {
        "80        | ?",      // octet above 0x7F in unpacked form
        "41FF42    | A?B",
        "1B41      | A",      // §6.2.1.1: unknown extension code shows the basic character
        "1B1B      | ' '",    // §6.2.1.1: reserved for a further table, shown as a space
        "411B      | 'A '",   // escape with nothing after it
        "1B80      | ' ?'",
    })
    void decodesUnknownOctetsWithoutThrowing(String hex, String expected) {
        byte[] data = HEX.parseHex(hex);
        assertThat(Gsm7.decodeUnpacked(data, 0, data.length)).isEqualTo(expected);
    }

    @Test
    void packsTheClassicHellohelloVector() {
        assertThat(HEX.formatHex(Gsm7.encodePacked("hellohello", 0))).isEqualTo("E8329BFD4697D9EC37");
        assertThat(Gsm7.decodePacked(HEX.parseHex("E8329BFD4697D9EC37"), 0, 9, 0)).isEqualTo("hellohello");
    }

    @Test
    void packsLikeCloudhopperWhenNoPaddingIsNeeded() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            String text = randomGsmText(random, 1 + random.nextInt(200));
            byte[] septets = Gsm7.encodeUnpacked(text);
            if (septets.length % 8 == 7) {
                continue; // see padsSevenSpareBitsWithCarriageReturn
            }
            assertThat(Gsm7.encodePacked(text, 0)).as(text)
                    .containsExactly(CharsetUtil.encode(text, CharsetUtil.CHARSET_PACKED_GSM));
        }
    }

    /**
     * Cloudhopper leaves 7 spare bits as zeros, which a receiver counting septets from the
     * length reads as a trailing '@'. GSM 03.38 §6.1.2.3.1 says to fill them with CR, which the
     * receiver drops; Tern follows the spec.
     */
    @Test
    void padsSevenSpareBitsWithCarriageReturn() {
        byte[] packed = Gsm7.encodePacked("1234567", 0);
        assertThat(HEX.formatHex(packed)).isEqualTo("31D98C56B3DD1A");
        assertThat(HEX.formatHex(CharsetUtil.encode("1234567", CharsetUtil.CHARSET_PACKED_GSM)))
                .isEqualTo("31D98C56B3DD00");
        assertThat(Gsm7.decodePacked(packed, 0, packed.length, 0)).isEqualTo("1234567");
    }

    @Test
    void doublesAFinalCarriageReturnThatWouldLookLikePadding() {
        byte[] packed = Gsm7.encodePacked("1234567\r", 0);
        assertThat(packed).hasSize(8);
        assertThat(Gsm7.decodePacked(packed, 0, packed.length, 0)).isEqualTo("1234567\r\r");
        assertThat(Gsm7.decodePacked(packed, 0, packed.length, 0, 8)).isEqualTo("1234567\r");
    }

    @ParameterizedTest(name = "UDH of {0} octets needs {1} fill bits")
    @CsvSource({"0,0", "6,1", "7,0", "5,2", "8,6", "12,2", "140,0"})
    void computesFillBitsAfterAUdh(int udhLength, int fillBits) {
        assertThat(Gsm7.fillBits(udhLength)).isEqualTo(fillBits);
    }

    @Test
    void packsAfterFillBitsSoSeptetsStartOnASeptetBoundary() {
        // after the 6-octet concatenation UDH, 1 fill bit: 'h' (0x68) shifted left by one, then 'i' whole
        byte[] packed = Gsm7.encodePacked("hi", 1);
        assertThat(HEX.formatHex(packed)).isEqualTo("D069");
        assertThat(Gsm7.decodePacked(packed, 0, 2, 1, 2)).isEqualTo("hi");
        assertThat(Gsm7.decodePacked(packed, 0, 2, 1)).isEqualTo("hi");
    }

    @Test
    void rejectsFillBitsOutOfRange() {
        assertThatThrownBy(() -> Gsm7.pack(new byte[1], 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsASeptetCountLongerThanTheData() {
        assertThatThrownBy(() -> Gsm7.unpack(new byte[7], 0, 7, 1, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsTenThousandRandomTextsPackedAndUnpacked() {
        Random random = new Random(20261125L);
        for (int i = 0; i < 10_000; i++) {
            String text = randomGsmText(random, random.nextInt(300));
            int fill = random.nextInt(7);
            byte[] unpacked = Gsm7.encodeUnpacked(text);
            assertThat(Gsm7.decodeUnpacked(unpacked, 0, unpacked.length)).isEqualTo(text);
            byte[] packed = Gsm7.encodePacked(text, fill);
            assertThat(Gsm7.decodePacked(packed, 0, packed.length, fill, unpacked.length)).isEqualTo(text);
            if (!text.endsWith("\r")) {
                assertThat(Gsm7.decodePacked(packed, 0, packed.length, fill)).isEqualTo(text);
            }
            assertThat(Gsm7.unpack(packed, 0, packed.length, fill, unpacked.length)).containsExactly(unpacked);
        }
    }

    @Test
    void unpackedEncodingAgreesWithCloudhopperOnRandomTexts() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            String text = randomGsmText(random, random.nextInt(200));
            byte[] ours = Gsm7.encodeUnpacked(text);
            assertThat(ours).containsExactly(CharsetUtil.encode(text, CharsetUtil.CHARSET_GSM));
            assertThat(CharsetUtil.decode(ours, CharsetUtil.CHARSET_GSM)).isEqualTo(text);
        }
    }

    @Test
    void decodesArbitraryOctetsWithoutThrowing() {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            byte[] data = new byte[random.nextInt(60)];
            random.nextBytes(data);
            int fill = random.nextInt(7);
            assertThat(Gsm7.decodeUnpacked(data, 0, data.length)).hasSizeLessThanOrEqualTo(data.length);
            assertThat(Gsm7.decodePacked(data, 0, data.length, fill)).hasSizeLessThanOrEqualTo(data.length * 8 / 7);
            assertThat(Ucs2.INSTANCE.decode(data)).hasSize((data.length + 1) / 2);
        }
    }

    static String randomGsmText(Random random, int length) {
        String alphabet = BASIC_TABLE.replace("\u001B", "") + EXTENSION_TABLE;
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
