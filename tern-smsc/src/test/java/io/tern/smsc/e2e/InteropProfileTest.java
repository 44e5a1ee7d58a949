package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.charset.Gsm7;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.HistoryEntry;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop profiles (docs/protocol.md): receipt ids, text and TLVs, data_coding 0 and the encoding an
 * ESME takes, on the wire through Tern's own client.
 */
class InteropProfileTest {

    private static final int UDHI = 0x40;

    @TempDir
    Path dir;
    TestSmsc tern;
    final List<SmppClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                interop_profiles:
                  - {name: legacy, receipt_id: decimal, receipt_template: 'id:{id} stat:{stat} err:{err}', tlvs: false,
                     data_coding_0: latin1}
                accounts:
                  - {system_id: alice, password_hash: HASH, interop: legacy}
                  - {system_id: lat, password_hash: HASH, interop: legacy, addresses: ['5552*']}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                  - {system_id: carol, password_hash: HASH, addresses: ['5553*'],
                     interop: {receipted_message_id: hex, receipt_text: false, encoding: ucs2}}
                  - {system_id: dave, password_hash: HASH, addresses: ['5554*'], interop: {encoding: gsm7}}
                routes:
                  - {destination: '44*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        clients.forEach(SmppClient::close);
        tern.close();
    }

    private TernEsme bind(String systemId) throws Exception {
        TernEsme e = TernEsme.bind(tern.port(), systemId);
        clients.add(e.client());
        return e;
    }

    @Test
    void legacyProfileGetsADecimalIdInItsOwnReceiptLayoutWithoutTlvs() throws Exception {
        TernEsme alice = bind("alice");
        String id = alice.submit("447700900001", "447700900002", 0, "hi".getBytes(StandardCharsets.ISO_8859_1), 1,
                Tlvs.builder().userMessageReference(7).build());

        DeliverSm receipt = alice.next();

        assertThat(receipt.esmClass()).isEqualTo(0x04);
        String decimal = new BigInteger(id, 16).toString();
        assertThat(new String(receipt.shortMessage(), StandardCharsets.ISO_8859_1))
                .isEqualTo("id:" + decimal + " stat:DELIVRD err:000");
        assertThat(receipt.tlvs().isEmpty()).as("no TLVs for an ESME that chokes on them").isTrue();
    }

    @Test
    void aProfileGivenAtRunTimeAppliesToTheNextReceiptOfABoundSession() throws Exception {
        TernEsme bob = bind("bob");
        String before = bob.submit("447700900001", "447700900002", 0, "hi".getBytes(StandardCharsets.ISO_8859_1), 1,
                Tlvs.EMPTY);
        assertThat(DeliveryReceipt.parse(new String(bob.next().shortMessage(), StandardCharsets.ISO_8859_1)).id())
                .isEqualTo(before);

        tern.smsc.apply(io.tern.smsc.config.ConfigLoader.parse(TestSmsc.yaml(dir, """
                accounts:
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*'], interop: {receipt_id: decimal}}
                routes:
                  - {destination: '44*', target: sim}
                """), dir));

        String after = bob.submit("447700900001", "447700900002", 0, "hi".getBytes(StandardCharsets.ISO_8859_1), 1,
                Tlvs.EMPTY);
        DeliverSm receipt = bob.next();
        String decimal = new BigInteger(after, 16).toString();
        assertThat(DeliveryReceipt.parse(new String(receipt.shortMessage(), StandardCharsets.ISO_8859_1)).id())
                .as("the new profile, without a restart or a rebind").isEqualTo(decimal);
        assertThat(receipt.tlvs().receiptedMessageId()).contains(decimal);
    }

    @Test
    void aChangeGivenWhileTernStopsChangesNothing() {
        io.tern.smsc.config.TernConfig before = tern.smsc.config();
        tern.closeServerFirst();

        tern.smsc.apply(io.tern.smsc.config.ConfigLoader.parse(TestSmsc.yaml(dir, """
                accounts:
                  - {system_id: zed, password_hash: HASH}
                """), dir));

        assertThat(tern.smsc.config()).isSameAs(before);
        assertThat(tern.smsc.config().accounts()).extracting(a -> a.systemId()).doesNotContain("zed");
    }

    @Test
    void dataCodingZeroFromALatin1EsmeIsKeptAsLatin1AndGsmTextReachesItAsLatin1OrUcs2() throws Exception {
        TernEsme alice = bind("alice");
        TernEsme bob = bind("bob");
        TernEsme lat = bind("lat");

        String fromAlice = alice.submit("447700900001", "5551000", 0, "café".getBytes(StandardCharsets.ISO_8859_1), 0,
                Tlvs.EMPTY);
        DeliverSm atBob = bob.next();
        assertThat(atBob.dataCoding()).as("stored as Latin-1, so bob reads it right").isEqualTo(3);
        assertThat(new String(atBob.shortMessage(), StandardCharsets.ISO_8859_1)).isEqualTo("café");
        assertThat(tern.smsc.store().find(fromAlice).join().orElseThrow().dataCoding()).isEqualTo(3);

        bob.submit("447700900003", "5552000", 0, Gsm7.encodeUnpacked("à {1}"), 0,
                Tlvs.builder().userMessageReference(9).build());
        DeliverSm latin = lat.next();
        assertThat(latin.dataCoding()).isEqualTo(3);
        assertThat(new String(latin.shortMessage(), StandardCharsets.ISO_8859_1)).isEqualTo("à {1}");
        assertThat(latin.tlvs().isEmpty()).isTrue();

        bob.submit("447700900003", "5552000", 0, Gsm7.encodeUnpacked("5 €"), 0, Tlvs.EMPTY);
        DeliverSm wide = lat.next();
        assertThat(wide.dataCoding()).as("Latin-1 has no euro sign").isEqualTo(8);
        assertThat(new String(wide.shortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("5 €");
    }

    @Test
    void ucs2EsmeGetsALongGsmMessageSplitAgainAndAHexReceiptIdWithoutText() throws Exception {
        TernEsme bob = bind("bob");
        TernEsme carol = bind("carol");
        String text = "Long message {with braces} and € signs, ".repeat(3); // 120 characters, over 70 in UCS-2

        bob.submit("447700900003", "5553000", 0, Gsm7.encodeUnpacked(text), 0, Tlvs.EMPTY);

        DeliverSm p1 = carol.next();
        DeliverSm p2 = carol.next();
        assertThat(List.of(p1, p2)).allSatisfy(p -> {
            assertThat(p.esmClass() & UDHI).isEqualTo(UDHI);
            assertThat(p.dataCoding()).isEqualTo(8);
        });
        assertThat(p1.shortMessage()[4]).as("total parts").isEqualTo((byte) 2);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (DeliverSm p : List.of(p1, p2)) {
            whole.write(p.shortMessage(), 6, p.shortMessage().length - 6);
        }
        assertThat(whole.toString(StandardCharsets.UTF_16BE)).isEqualTo(text);

        String id = carol.submit("447700900004", "447700900005", 0, "x".getBytes(StandardCharsets.ISO_8859_1), 1,
                Tlvs.EMPTY);
        DeliverSm receipt = carol.next();
        String hex = new BigInteger(id, 16).toString(16).toUpperCase(Locale.ROOT);
        assertThat(receipt.tlvs().receiptedMessageId()).contains(hex);
        DeliveryReceipt parsed = DeliveryReceipt.parse(new String(receipt.shortMessage(), StandardCharsets.ISO_8859_1));
        assertThat(parsed.id()).as("the text's id stays as issued").isEqualTo(id);
        assertThat(parsed.text()).as("text: not filled").isEmpty();
    }

    @Test
    void aCharacterTheEsmesEncodingLacksFailsTheMessageWithTheReasonInItsHistory() throws Exception {
        TernEsme bob = bind("bob");
        TernEsme dave = bind("dave");

        String id = bob.submit("447700900003", "5554000", 8, "smile \uD83D\uDE00".getBytes(StandardCharsets.UTF_16BE),
                1, Tlvs.EMPTY);

        DeliverSm receipt = bob.next();
        DeliveryReceipt parsed = DeliveryReceipt.parse(new String(receipt.shortMessage(), StandardCharsets.ISO_8859_1));
        assertThat(parsed.stat()).isEqualTo("UNDELIV");
        assertThat(parsed.err()).isEqualTo(String.valueOf(CommandStatus.ESME_RINVDCS.code()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> tern.smsc.store().find(id).join().orElseThrow().state() == MessageState.UNDELIVERABLE);
        HistoryEntry failed = tern.smsc.store().history(id).join().stream()
                .filter(e -> e.event() == HistoryEntry.Event.FAILED_PERMANENT).findFirst().orElseThrow();
        assertThat(failed.detail()).isEqualTo("GSM7 cannot encode U+1F600 at index 6 (the destination takes GSM7)");
        assertThat(dave.received()).as("nothing reached dave").isEmpty();
    }
}
