package io.tern.smpp.charset;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.charset.DataCoding.Alphabet;
import io.tern.smpp.charset.DataCoding.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataCodingTest {

    @ParameterizedTest(name = "data_coding 0x{0} is {1} / {2}, class {3}")
    @CsvSource({
        // SMPP 3.4 §5.2.19
        "00, SMPP, GSM7, -1",
        "01, SMPP, IA5, -1",
        "02, SMPP, BINARY, -1",
        "03, SMPP, LATIN1, -1",
        "04, SMPP, BINARY, -1",
        "05, SMPP, JIS, -1",
        "06, SMPP, CYRILLIC, -1",
        "07, SMPP, LATIN_HEBREW, -1",
        "08, SMPP, UCS2, -1",
        "09, SMPP, PICTOGRAM, -1",
        "0A, SMPP, MUSIC_CODES, -1",
        "0B, SMPP, RESERVED, -1",
        "0D, SMPP, EXTENDED_KANJI, -1",
        "0E, SMPP, KS_C_5601, -1",
        // GSM 03.38 §4 general data coding, class bits meaningful when bit 4 is set
        "10, GENERAL, GSM7, 0",
        "11, GENERAL, GSM7, 1",
        "16, GENERAL, BINARY, 2",
        "18, GENERAL, UCS2, 0",
        "1B, GENERAL, UCS2, 3",
        "48, AUTOMATIC_DELETION, UCS2, -1",
        "80, RESERVED, RESERVED, -1",
        "C0, MWI_DISCARD, GSM7, -1",
        "D8, MWI_STORE, GSM7, -1",
        "E8, MWI_STORE_UCS2, UCS2, -1",
        "F0, MESSAGE_CLASS, GSM7, 0",
        "F1, MESSAGE_CLASS, GSM7, 1",
        "F5, MESSAGE_CLASS, BINARY, 1",
        "F7, MESSAGE_CLASS, BINARY, 3",
    })
    void interpretsTheValue(String hex, Group group, Alphabet alphabet, int messageClass) {
        DataCoding dc = DataCoding.of(Integer.parseInt(hex, 16));
        assertThat(dc.group()).isEqualTo(group);
        assertThat(dc.alphabet()).isEqualTo(alphabet);
        assertThat(dc.messageClass()).isEqualTo(messageClass);
    }

    @ParameterizedTest(name = "data_coding 0x{0} decodes with {1}")
    @CsvSource({
        "00, GSM7", "01, IA5", "02, BINARY", "03, LATIN1", "04, BINARY", "05, JIS", "06, CYRILLIC",
        "07, LATIN_HEBREW", "08, UCS2", "0D, EXTENDED_KANJI", "0E, KS_C_5601", "11, GSM7", "18, UCS2",
        "F0, GSM7", "F4, BINARY", "E0, UCS2", "30, BINARY", "0F, BINARY",
    })
    void mapsTheValueToACharset(String hex, String charsetName) {
        assertThat(DataCoding.charsetFor(Integer.parseInt(hex, 16)).name()).isEqualTo(charsetName);
    }

    @Test
    void treatsCompressedTextAsOctets() {
        DataCoding dc = DataCoding.of(0x20);
        assertThat(dc.compressed()).isTrue();
        assertThat(dc.charset()).isSameAs(SingleByteCharset.BINARY);
    }

    @Test
    void decodesCyrillicAndKoreanThroughTheJdk() {
        assertThat(DataCoding.charsetFor(DataCoding.CYRILLIC).decode(new byte[] {(byte) 0xB6})).isEqualTo("Ж");
        SmsCharset ksc = DataCoding.charsetFor(DataCoding.KS_C_5601);
        assertThat(ksc.decode(ksc.encode("한국어"))).isEqualTo("한국어");
    }

    @Test
    void readsOnlyTheLowOctet() {
        assertThat(DataCoding.of(0x108).alphabet()).isEqualTo(Alphabet.UCS2);
        assertThat(DataCoding.of(-8).value()).isEqualTo(0xF8);
    }
}
