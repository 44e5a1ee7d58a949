package io.tern.smsc.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.charset.Gsm7;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.tlv.Tlv;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.delivery.ChannelEncoding.Alphabet0;
import io.tern.smsc.delivery.ChannelEncoding.Encoding;
import io.tern.smsc.delivery.ChannelEncoding.Part;
import io.tern.smsc.store.Address;
import io.tern.smsc.store.StoredMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelEncodingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ChannelEncoding UCS2 = new ChannelEncoding(Alphabet0.GSM7, Encoding.UCS2);
    private static final ChannelEncoding GSM7 = new ChannelEncoding(Alphabet0.GSM7, Encoding.GSM7);
    private static final ChannelEncoding LATIN1_PEER = new ChannelEncoding(Alphabet0.LATIN1, Encoding.AS_SUBMITTED);

    private static StoredMessage message(int esmClass, int dataCoding, byte[] shortMessage, Tlvs tlvs) {
        return StoredMessage.submitted("0000018c00000001", "alice", new Address(1, 1, "447700900001"),
                new Address(1, 1, "447700900002"), "", esmClass, 0, 0, dataCoding, 0, shortMessage, tlvs.toBytes(),
                null, "esme:bob", T0, null, T0.plusSeconds(3600), null);
    }

    private static StoredMessage gsm(String text) {
        return message(0, 0, Gsm7.encodeUnpacked(text), Tlvs.EMPTY);
    }

    private static StoredMessage ucs2(String text) {
        return message(0, 8, text.getBytes(StandardCharsets.UTF_16BE), Tlvs.EMPTY);
    }

    private static String ucs2Text(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            byte[] c = p.content();
            int udh = p.udhi() != 0 ? 1 + (c[0] & 0xFF) : 0;
            out.write(c, udh, c.length - udh);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_16BE);
    }

    @Test
    void theDefaultChannelSendsEveryMessageAsStored() throws Exception {
        assertThat(ChannelEncoding.DEFAULT.convert(gsm("hello {€}"), true)).isNull();
        assertThat(ChannelEncoding.DEFAULT.convert(ucs2("\uD83D\uDE00"), false)).isNull();
        assertThat(ChannelEncoding.DEFAULT.inbound(0)).isZero();
    }

    @Test
    void aLatin1PeerGetsGsmTextAsLatin1OrAsUcs2WhenLatin1LacksACharacter() throws Exception {
        List<Part> cafe = LATIN1_PEER.convert(gsm("café {x}"), true);
        assertThat(cafe).singleElement().satisfies(p -> {
            assertThat(p.dataCoding()).isEqualTo(3);
            assertThat(p.content()).isEqualTo("café {x}".getBytes(StandardCharsets.ISO_8859_1));
        });
        List<Part> euro = LATIN1_PEER.convert(gsm("5 €"), true);
        assertThat(euro).singleElement().satisfies(p -> {
            assertThat(p.dataCoding()).isEqualTo(8);
            assertThat(p.content()).isEqualTo("5 €".getBytes(StandardCharsets.UTF_16BE));
        });
        assertThat(LATIN1_PEER.convert(message(0, 3, new byte[] {'a'}, Tlvs.EMPTY), true)).isNull();
        assertThat(LATIN1_PEER.inbound(0)).as("its data_coding 0 is kept as Latin-1").isEqualTo(3);
        assertThat(LATIN1_PEER.inbound(8)).isEqualTo(8);
    }

    @Test
    void seventyCharactersFitOneUcs2MessageAndSeventyOneAreSplitInTwo() throws Exception {
        assertThat(UCS2.convert(gsm("a".repeat(70)), true)).singleElement()
                .satisfies(p -> assertThat(p.content()).hasSize(140));

        String text = "b".repeat(71);
        List<Part> parts = UCS2.convert(gsm(text), true);
        assertThat(parts).hasSize(2);
        byte[] first = parts.get(0).content();
        int ref = first[3] & 0xFF;
        assertThat(Arrays.copyOf(first, 6)).containsExactly(5, 0, 3, ref, 2, 1);
        assertThat(Arrays.copyOf(parts.get(1).content(), 6)).containsExactly(5, 0, 3, ref, 2, 2);
        assertThat(first).hasSize(6 + 67 * 2);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.udhi()).isEqualTo(0x40);
            assertThat(p.dataCoding()).isEqualTo(8);
        });
        assertThat(ucs2Text(parts)).isEqualTo(text);
    }

    @Test
    void anExtensionCharacterIsNotCutFromItsEscapeAtAPartBoundary() throws Exception {
        String fits = "a".repeat(158) + "€"; // 160 septets: one message
        assertThat(GSM7.convert(ucs2(fits), true)).singleElement().satisfies(p -> {
            assertThat(p.dataCoding()).isZero();
            assertThat(p.content()).hasSize(160);
        });

        String text = "a".repeat(152) + "€" + "b".repeat(10); // the escape would be septet 153 of 153
        List<Part> parts = GSM7.convert(ucs2(text), true);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).content()).hasSize(6 + 152);
        assertThat(Arrays.copyOfRange(parts.get(1).content(), 6, 8)).containsExactly(0x1B, 0x65);
    }

    @Test
    void aSurrogatePairHasNoGsmSeptetAndTheErrorNamesItsCodePoint() {
        assertThatThrownBy(() -> GSM7.convert(ucs2("ok \uD83D\uDE00"), true))
                .isInstanceOfSatisfying(ChannelEncoding.ConversionException.class, e -> {
                    assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVDCS);
                    assertThat(e.getMessage()).contains("U+1F600").contains("GSM7");
                });
    }

    @Test
    void aPayloadForAPeerWithoutTlvsIsSplitWithoutCuttingASurrogatePair() throws Exception {
        String text = "x".repeat(66) + "\uD83D\uDE00" + "y".repeat(140); // the pair straddles unit 67
        StoredMessage m = message(0, 8, new byte[0],
                Tlvs.of(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), text.getBytes(StandardCharsets.UTF_16BE))));

        assertThat(UCS2.convert(m, true)).as("a peer that takes TLVs gets the payload as it is").isNull();
        List<Part> parts = UCS2.convert(m, false);

        assertThat(parts).hasSize(4);
        assertThat(parts.get(0).content()).as("66 units, the pair goes to the next part").hasSize(6 + 66 * 2);
        assertThat(parts).noneMatch(Part::inPayload);
        assertThat(ucs2Text(parts)).isEqualTo(text);
    }

    @Test
    void aPartOfAConcatenatedMessageThatNoLongerFitsFailsButMayTravelInMessagePayload() throws Exception {
        byte[] udh = {5, 0, 3, 9, 2, 1};
        byte[] body = Gsm7.encodeUnpacked("c".repeat(153));
        byte[] part = Arrays.copyOf(udh, udh.length + body.length);
        System.arraycopy(body, 0, part, udh.length, body.length);

        assertThatThrownBy(() -> UCS2.convert(message(0x40, 0, part, Tlvs.EMPTY), true))
                .isInstanceOfSatisfying(ChannelEncoding.ConversionException.class, e -> {
                    assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVMSGLEN);
                    assertThat(e.getMessage()).contains("cannot be split again");
                });

        StoredMessage inPayload = message(0x40, 0, new byte[0], Tlvs.of(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), part)));
        assertThat(UCS2.convert(inPayload, true)).singleElement().satisfies(p -> {
            assertThat(p.inPayload()).isTrue();
            assertThat(Arrays.copyOf(p.content(), 6)).isEqualTo(udh);
            assertThat(p.content()).hasSize(6 + 153 * 2);
        });
    }

    @Test
    void gsmEncodingForAPeerThatReadsDataCodingZeroAsLatin1IsRefused() {
        assertThatThrownBy(() -> new ChannelEncoding(Alphabet0.LATIN1, Encoding.GSM7))
                .hasMessageContaining("reads as Latin-1");
    }
}
