package io.tern.smpp.charset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TranscoderTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void gsmExtensionCharactersBecomeTheirLatin1AndUcs2Values() {
        byte[] gsm = HEX.parseHex("1B28611B29"); // "{a}" with the extension table's escapes
        assertThat(Transcoder.transcode(gsm, 0, gsm.length, DataCoding.SMSC_DEFAULT, SmsEncoding.EIGHT_BIT))
                .isEqualTo("{a}".getBytes(StandardCharsets.ISO_8859_1));
        byte[] euro = HEX.parseHex("1B65");
        assertThat(Transcoder.transcode(euro, 0, 2, DataCoding.SMSC_DEFAULT, SmsEncoding.UCS2))
                .isEqualTo(HEX.parseHex("20AC"));
    }

    @Test
    void latin1AndUcs2TextBecomesTheSeptetsCloudhopperWrites() {
        String text = "Café {ok} 5€ Ωmega";
        byte[] ucs2 = text.getBytes(StandardCharsets.UTF_16BE);
        byte[] septets = Transcoder.transcode(ucs2, 0, ucs2.length, DataCoding.UCS2, SmsEncoding.GSM7);
        assertThat(septets).isEqualTo(CharsetUtil.encode(text, CharsetUtil.CHARSET_GSM));
        assertThat(septets).hasSize(text.length() + 3); // '{', '}' and '€' take an escape each

        byte[] latin1 = "éèà ¿¡".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Transcoder.transcode(latin1, 0, latin1.length, DataCoding.LATIN1, SmsEncoding.GSM7))
                .isEqualTo(CharsetUtil.encode("éèà ¿¡", CharsetUtil.CHARSET_GSM));
    }

    @Test
    void euroSignHasNoLatin1OctetAndTheErrorSaysWhichCharacter() {
        byte[] gsm = HEX.parseHex("35201B65"); // "5 €"
        assertThatThrownBy(() -> Transcoder.transcode(gsm, 0, gsm.length, DataCoding.SMSC_DEFAULT, SmsEncoding.EIGHT_BIT))
                .isInstanceOfSatisfying(UnencodableCharacterException.class, e -> {
                    assertThat(e.codePoint()).isEqualTo(0x20AC);
                    assertThat(e.index()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo("LATIN1 cannot encode U+20AC at index 2");
                });
    }

    @Test
    void surrogatePairIsReportedAsOneCodePointByEveryNarrowerAlphabet() {
        byte[] ucs2 = "hi \uD83D\uDE00".getBytes(StandardCharsets.UTF_16BE);
        assertThatThrownBy(() -> Transcoder.transcode(ucs2, 0, ucs2.length, DataCoding.UCS2, SmsEncoding.GSM7))
                .isInstanceOfSatisfying(UnencodableCharacterException.class,
                        e -> assertThat(e.codePoint()).isEqualTo(0x1F600));
        assertThatThrownBy(() -> Transcoder.transcode(ucs2, 0, ucs2.length, DataCoding.UCS2, SmsEncoding.EIGHT_BIT))
                .isInstanceOfSatisfying(UnencodableCharacterException.class,
                        e -> assertThat(e.codePoint()).isEqualTo(0x1F600));
        assertThat(Transcoder.transcode(ucs2, 0, ucs2.length, DataCoding.UCS2, SmsEncoding.UCS2)).isEqualTo(ucs2);
    }

    @Test
    void latin1CharacterOutsideTheGsmTablesIsRefused() {
        byte[] latin1 = {'a', (byte) 0xFF};
        assertThatThrownBy(() -> Transcoder.transcode(latin1, 0, 2, DataCoding.LATIN1, SmsEncoding.GSM7))
                .isInstanceOfSatisfying(UnencodableCharacterException.class, e -> {
                    assertThat(e.codePoint()).isEqualTo(0xFF);
                    assertThat(e.index()).isEqualTo(1);
                });
    }

    @Test
    void onlyTheSmppTextAlphabetsAreConverted() {
        assertThat(Transcoder.encodingOf(0x00)).isEqualTo(SmsEncoding.GSM7);
        assertThat(Transcoder.encodingOf(0x01)).isEqualTo(SmsEncoding.EIGHT_BIT);
        assertThat(Transcoder.encodingOf(0x03)).isEqualTo(SmsEncoding.EIGHT_BIT);
        assertThat(Transcoder.encodingOf(0x08)).isEqualTo(SmsEncoding.UCS2);
        for (int dc : new int[] {0x02, 0x04, 0x05, 0x06, 0x10, 0xF0, 0xF4, 0x18}) {
            assertThat(Transcoder.encodingOf(dc)).as("data_coding 0x%02X", dc).isNull();
        }
    }
}
