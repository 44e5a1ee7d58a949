package io.tern.smpp.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.sms.InformationElement.Concatenation;
import io.tern.smpp.sms.InformationElement.PortAddressing;
import io.tern.smpp.sms.InformationElement.Raw;
import io.tern.smpp.sms.Udh.Defect;
import io.tern.smpp.sms.Udh.Parsed;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UdhTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void buildsTheEightBitReferenceConcatenationHeader() {
        Udh udh = Udh.of(new Concatenation(0x2A, 3, 1, false));
        // UDHL 05 | IEI 00 | IEDL 03 | ref 2A | total 03 | seq 01
        assertThat(HEX.formatHex(udh.toBytes())).isEqualTo("0500032A0301");
        assertThat(udh.encodedLength()).isEqualTo(6);
    }

    @Test
    void buildsTheSixteenBitReferenceConcatenationHeader() {
        Udh udh = Udh.of(new Concatenation(0x1234, 2, 2, true));
        // UDHL 06 | IEI 08 | IEDL 04 | ref 1234 | total 02 | seq 02
        assertThat(HEX.formatHex(udh.toBytes())).isEqualTo("060804123402" + "02");
    }

    @Test
    void parsesConcatenationAndFindsTheBody() {
        byte[] sm = HEX.parseHex("0500032A0302" + "414243");
        Parsed parsed = Udh.parse(sm);
        assertThat(parsed).isInstanceOfSatisfying(Parsed.Ok.class, ok -> {
            assertThat(ok.udh().concatenation()).contains(new Concatenation(0x2A, 3, 2, false));
            assertThat(ok.bodyOffset()).isEqualTo(6);
        });
    }

    @Test
    void parsesPortAddressingBothWidths() {
        Parsed p16 = Udh.parse(HEX.parseHex("0605040B8423F0"));
        assertThat(((Parsed.Ok) p16).udh().portAddressing()).contains(new PortAddressing(0x0B84, 0x23F0, true));
        Parsed p8 = Udh.parse(HEX.parseHex("0404021005"));
        assertThat(((Parsed.Ok) p8).udh().portAddressing()).contains(new PortAddressing(0x10, 0x05, false));
    }

    @Test
    void keepsUnknownElementsRawAndReencodesThemUnchanged() {
        byte[] header = HEX.parseHex(String.join("",
                "10",             // UDHL 16
                "0504", "0B8423F0", // 16-bit ports
                "2403", "010203",   // IEI 0x24, unknown to Tern
                "0003", "070201")); // concatenation ref 7, part 1 of 2
        Parsed parsed = Udh.parse(header);
        assertThat(parsed).isInstanceOf(Parsed.Ok.class);
        Udh udh = ((Parsed.Ok) parsed).udh();
        assertThat(udh.elements()).containsExactly(
                new PortAddressing(0x0B84, 0x23F0, true),
                new Raw(0x24, new byte[] {1, 2, 3}),
                new Concatenation(7, 2, 1, false));
        assertThat(udh.toBytes()).containsExactly(header);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "'',             EMPTY",
        "05000300,       LENGTH_EXCEEDS_DATA",
        "0100,           ELEMENT_OVERRUNS_HEADER",
        "03000301,       ELEMENT_OVERRUNS_HEADER",
        "0400020102,     INVALID_ELEMENT",   // 8-bit concatenation with 2 data octets
        "050003010000,   INVALID_ELEMENT",   // total 0
        "050003010203,   INVALID_ELEMENT",   // part 3 of 2
        "050003010200,   INVALID_ELEMENT",   // part 0
        "0304010A,       INVALID_ELEMENT",   // 8-bit port with 1 data octet
    })
    void reportsAMalformedHeaderAsAValue(String hex, Defect defect) {
        assertThat(Udh.parse(HEX.parseHex(hex)))
                .isInstanceOfSatisfying(Parsed.Malformed.class, m -> assertThat(m.defect()).isEqualTo(defect));
    }

    @Test
    void neverThrowsOnArbitraryBytes() {
        Random random = new Random(3);
        int ok = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            if (data.length > 0 && random.nextBoolean()) {
                data[0] = (byte) random.nextInt(data.length);
            }
            Parsed parsed = Udh.parse(data);
            if (parsed instanceof Parsed.Ok o) {
                ok++;
                assertThat(o.bodyOffset()).isLessThanOrEqualTo(data.length);
                assertThat(o.udh().toBytes()).hasSize(o.bodyOffset());
            }
        }
        assertThat(ok).isPositive();
    }
}
