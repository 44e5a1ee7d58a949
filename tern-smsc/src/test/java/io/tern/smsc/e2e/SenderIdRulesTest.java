package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.HistoryEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender-ID rules of accounts and routes (docs/protocol.md), seen by a jSMPP receiver on the wire and
 * in the message's history.
 */
class SenderIdRulesTest {

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: acme, password_hash: HASH, sender: {replace: ACME}}
                  - {system_id: natl, password_hash: HASH}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                routes:
                  - {destination: '6*', account: natl, target: 'esme:bob', sender: {strip_prefix: '0', add_prefix: '44'}}
                  - {destination: '6*', target: 'esme:bob', sender: [{when: '1234*', replace: INFO}]}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void accountForcesAnAlphanumericSenderWithTon5Npi0AndTheMessageRecordsIt() throws Exception {
        Esme acme = tern.bind("acme", BindType.BIND_TX);
        Esme bob = tern.bind("bob", BindType.BIND_RX);

        String id = acme.submit("447700900123", "5551000", "from acme", 0);

        DeliverSm m = bob.nextMessage();
        assertThat(m.getSourceAddr()).isEqualTo("ACME");
        assertThat(m.getSourceAddrTon()).isEqualTo((byte) 5);
        assertThat(m.getSourceAddrNpi()).isEqualTo((byte) 0);
        String rule = "account acme: replace with 'ACME' -> 5.0.ACME (submitted 1.1.447700900123)";
        assertThat(tern.stored(id).senderRule()).isEqualTo(rule);
        List<HistoryEntry> history = tern.smsc.store().history(id).join();
        assertThat(history.get(0).event()).isEqualTo(HistoryEntry.Event.SENDER_REWRITTEN);
        assertThat(history.get(0).detail()).isEqualTo(rule);
    }

    @Test
    void theSubmitterQueriesAndCancelsByTheSourceItSubmitted() throws Exception {
        Esme acme = tern.bind("acme", BindType.BIND_TX);
        String queried = acme.submit("447700900123", "5551000", "waits for bob", 0);
        String cancelled = acme.submit("447700900124", "5551000", "cancelled by source", 0);

        var q = acme.session.queryShortMessage(queried, Esme.INTL, Esme.ISDN, "447700900123");
        assertThat(q.getMessageState().value()).as("ENROUTE, found by the submitted source").isEqualTo((byte) 1);
        acme.session.cancelShortMessage("", "", Esme.INTL, Esme.ISDN, "447700900124", Esme.INTL, Esme.ISDN, "");

        // cancel_sm by source matches the rewritten one, ACME: both waiting messages were from it
        assertThat(tern.stored(cancelled).state()).isEqualTo(MessageState.DELETED);
        assertThat(tern.stored(queried).state()).isEqualTo(MessageState.DELETED);
    }

    @Test
    void routeRewritesANationalPrefixToAnInternationalNumberAndLeavesOtherSendersAlone() throws Exception {
        Esme natl = tern.bind("natl", BindType.BIND_TX);
        Esme bob = tern.bind("bob", BindType.BIND_RX, 1);

        String rewritten = natl.submit("07700900123", "6001", "national", 0);
        String untouched = natl.submit("447700900123", "6001", "already international", 0);

        DeliverSm first = bob.nextMessage();
        assertThat(first.getSourceAddr()).isEqualTo("447700900123");
        assertThat(first.getSourceAddrTon()).isEqualTo((byte) 1);
        assertThat(first.getSourceAddrNpi()).isEqualTo((byte) 1);
        assertThat(tern.stored(rewritten).senderRule()).startsWith("route 0: strip_prefix '0', add_prefix '44'");
        assertThat(Esme.text(bob.nextMessage())).isEqualTo("already international");
        assertThat(tern.stored(untouched).senderRule()).isNull();
        assertThat(tern.smsc.store().history(untouched).join())
                .noneMatch(e -> e.event() == HistoryEntry.Event.SENDER_REWRITTEN);
    }

    @Test
    void routeRuleWithAConditionMasksOnlyTheSendersItNames() throws Exception {
        Esme acme = tern.bind("acme", BindType.BIND_TX);
        Esme bob = tern.bind("bob", BindType.BIND_RX);

        // acme's own rule makes the sender ACME first; the second route's rule names 1234* and so passes it by
        String id = acme.submit("12345", "6002", "masked", 0);

        assertThat(bob.nextMessage().getSourceAddr()).isEqualTo("ACME");
        assertThat(tern.stored(id).senderRule()).startsWith("account acme:").doesNotContain("route 1");

        Esme natl = tern.bind("natl", BindType.BIND_TX);
        assertThat(SmppAssertions.statusOf(() -> natl.submit("0" + "1".repeat(19), "6003", "too long", 0)))
                .as("44 + 19 digits is more than source_addr holds").isEqualTo(SmppAssertions.ESME_RINVSRCADR);
    }

    @Test
    void ternsOwnClientSeesTheSameRewriteAndTheRefusal() throws Exception {
        TernEsme acme = TernEsme.bind(tern.port(), "acme");
        TernEsme bob = TernEsme.bind(tern.port(), "bob");
        try {
            String id = acme.submit("447700900123", "5551001", 0, "hi".getBytes(StandardCharsets.ISO_8859_1), 0,
                    Tlvs.EMPTY);

            io.tern.smpp.pdu.DeliverSm m = bob.next();
            assertThat(m.sourceAddr()).isEqualTo(new io.tern.smpp.pdu.Address(5, 0, "ACME"));
            assertThat(tern.stored(id).source().addr()).isEqualTo("ACME");

            TernEsme natl = TernEsme.bind(tern.port(), "natl");
            try {
                assertThat(natl.trySubmit("0" + "2".repeat(19), "6004", 0, new byte[] {'x'}, 0, Tlvs.EMPTY)
                        .commandStatus()).isEqualTo(CommandStatus.ESME_RINVSRCADR);
            } finally {
                natl.client().close();
            }
        } finally {
            acme.client().close();
            bob.client().close();
        }
    }
}
