package io.tern.smpp.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.charset.Gsm7;
import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.charset.Ucs2;
import io.tern.smpp.charset.UnencodableCharacterException;
import io.tern.smpp.sms.MessageSplitter.Gsm7Form;
import io.tern.smpp.sms.MessageSplitter.ReferenceSize;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void sendsExactly160SeptetsAsOneMessageWithoutUdh() {
        List<MessagePart> parts = MessageSplitter.withUdh("a".repeat(160), SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 9);
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.udhi()).isFalse();
            assertThat(p.total()).isEqualTo(1);
            assertThat(p.length()).isEqualTo(160);
        });
    }

    @Test
    void splits161SeptetsIntoTwoPartsWithConcatenationHeaders() {
        List<MessagePart> parts = MessageSplitter.withUdh("a".repeat(161), SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 0x2A);
        assertThat(parts).hasSize(2);
        assertThat(HEX.formatHex(parts.get(0).shortMessage(), 0, 6)).isEqualTo("0500032A0201");
        assertThat(parts.get(0).length()).isEqualTo(6 + 153);
        assertThat(HEX.formatHex(parts.get(1).shortMessage())).isEqualTo("0500032A0202" + "61".repeat(8));
        assertThat(parts).allSatisfy(p -> assertThat(p.udhi()).isTrue());
    }

    @Test
    void fillsTwoFullPartsWithTwice153Septets() {
        List<MessagePart> parts = MessageSplitter.withUdh("b".repeat(306), SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 1);
        assertThat(parts).extracting(MessagePart::length).containsExactly(159, 159);
    }

    @Test
    void movesAnExtensionCharacterAtTheBoundaryToTheNextPart() {
        String text = "a".repeat(152) + "€" + "z".repeat(20);
        List<MessagePart> parts = MessageSplitter.withUdh(text, SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 1);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).length()).isEqualTo(6 + 152);
        byte[] second = parts.get(1).shortMessage();
        assertThat(second[6]).isEqualTo((byte) Gsm7.ESCAPE);
        assertThat(second[7]).isEqualTo((byte) 0x65);
        assertThat(reassembleGsm(parts)).isEqualTo(text);
    }

    @Test
    void movesAnEmojiAtTheUcs2BoundaryToTheNextPart() {
        String text = "ж".repeat(66) + "\uD83D\uDE00" + "ж".repeat(10);
        List<MessagePart> parts = MessageSplitter.withUdh(text, SmsEncoding.UCS2, ReferenceSize.EIGHT_BIT, 5);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).length()).isEqualTo(6 + 66 * 2);
        byte[] second = parts.get(1).shortMessage();
        assertThat(HEX.formatHex(second, 6, 10)).isEqualTo("D83DDE00");
        StringBuilder sb = new StringBuilder();
        for (MessagePart p : parts) {
            sb.append(Ucs2.INSTANCE.decode(p.shortMessage(), 6, p.length() - 6));
        }
        assertThat(sb.toString()).isEqualTo(text);
    }

    @Test
    void usesSevenOctetHeadersAnd152SeptetsWithASixteenBitReference() {
        List<MessagePart> parts = MessageSplitter.withUdh("c".repeat(200), SmsEncoding.GSM7, ReferenceSize.SIXTEEN_BIT, 0xBEEF);
        assertThat(parts).hasSize(2);
        assertThat(HEX.formatHex(parts.get(0).shortMessage(), 0, 7)).isEqualTo("060804BEEF0201");
        assertThat(parts.get(0).length()).isEqualTo(7 + 152);
        assertThat(parts.get(1).ref()).isEqualTo(0xBEEF);
    }

    @Test
    void packsSeptetsAfterFillBitsInPackedForm() {
        String text = "hello world ".repeat(20);
        List<MessagePart> parts = MessageSplitter.withUdh(text, SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 3, Gsm7Form.PACKED);
        assertThat(parts).hasSize(2);
        byte[] first = parts.get(0).shortMessage();
        assertThat(first).hasSize(140);
        assertThat(first[6] & 1).as("one fill bit after a 6-octet UDH").isZero();
        StringBuilder sb = new StringBuilder();
        for (MessagePart p : parts) {
            byte[] sm = p.shortMessage();
            sb.append(Gsm7.decodePacked(sm, 6, sm.length - 6, Gsm7.fillBits(6)));
        }
        assertThat(sb.toString()).isEqualTo(text);
    }

    @Test
    void splitsForSarWithoutUdhAndGivesTheTlvValues() {
        List<MessagePart> parts = MessageSplitter.sar("d".repeat(400), SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 0x1234);
        assertThat(parts).extracting(MessagePart::seq).containsExactly(1, 2, 3);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.udhi()).isFalse();
            assertThat(p.total()).isEqualTo(3);
            assertThat(p.ref()).isEqualTo(0x1234);
        });
        assertThat(parts).extracting(MessagePart::length).containsExactly(153, 153, 94);
    }

    @Test
    void putsTheWholeTextInOnePayload() {
        MessagePart payload = MessageSplitter.payload("e".repeat(1000), SmsEncoding.GSM7);
        assertThat(payload.length()).isEqualTo(1000);
        assertThat(payload.udhi()).isFalse();
        assertThat(payload.total()).isEqualTo(1);
    }

    @Test
    void splitsBinaryDataAt134Octets() {
        byte[] data = new byte[300];
        List<MessagePart> parts = MessageSplitter.withUdh(data, ReferenceSize.EIGHT_BIT, 7);
        assertThat(parts).extracting(MessagePart::length).containsExactly(140, 140, 38);
    }

    @Test
    void acceptsExactly255PartsAndRejectsMore() {
        assertThat(MessageSplitter.withUdh("f".repeat(153 * 255), SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 1)).hasSize(255);
        assertThatThrownBy(() -> MessageSplitter.withUdh("f".repeat(153 * 255 + 1), SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 parts");
    }

    @Test
    void refusesGsm7ForATextItCannotCarry() {
        assertThatThrownBy(() -> MessageSplitter.withUdh("Привет", SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 1))
                .isInstanceOf(UnencodableCharacterException.class);
    }

    @Test
    void rejectsAReferenceTooWideForTheHeader() {
        assertThatThrownBy(() -> MessageSplitter.withUdh("x", SmsEncoding.GSM7, ReferenceSize.EIGHT_BIT, 256))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsLatin1TextAsEightBit() {
        List<MessagePart> parts = MessageSplitter.withUdh("é".repeat(141), SmsEncoding.EIGHT_BIT, ReferenceSize.EIGHT_BIT, 2);
        assertThat(parts).extracting(MessagePart::length).containsExactly(140, 13);
        assertThat(new String(parts.get(1).shortMessage(), 6, 7, StandardCharsets.ISO_8859_1)).isEqualTo("é".repeat(7));
    }

    private static String reassembleGsm(List<MessagePart> parts) {
        StringBuilder sb = new StringBuilder();
        for (MessagePart p : parts) {
            byte[] sm = p.shortMessage();
            int off = p.udhi() ? (sm[0] & 0xFF) + 1 : 0;
            sb.append(Gsm7.decodeUnpacked(sm, off, sm.length - off));
        }
        return sb.toString();
    }
}
