package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The address_range of bind_receiver and bind_transceiver (SMPP 3.4 §5.2.7): among an account's
 * receivers, what is addressed to a session's range goes to that session; the rest to the
 * sessions bound without one, else to any; a range that is not a regular expression is refused.
 */
class AddressRangeTest {

    private static final int ESME_RBINDFAIL = 0x0D;

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['5550*']}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                routes:
                  - {destination: '44*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private Esme bind(String systemId, BindType type, String range) throws Exception {
        return Esme.bindWithRange(tern.port(), systemId, TestSmsc.PASSWORD, type, range);
    }

    @Test
    void eachMessageGoesToTheReceiverWhoseRangeMatchesItsDestination() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TX);
        Esme low = bind("bob", BindType.BIND_RX, "^5551[0-4]");
        Esme high = bind("bob", BindType.BIND_TRX, "^5551[5-9]");

        for (int i = 0; i < 10; i++) {
            alice.submit("447700900001", "5551" + i + "00", "to " + i, 0);
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> low.messages.size() + high.messages.size() == 10);
        assertThat(destinations(low.messages)).containsExactlyInAnyOrder("5551000", "5551100", "5551200", "5551300",
                "5551400");
        assertThat(destinations(high.messages)).containsExactlyInAnyOrder("5551500", "5551600", "5551700", "5551800",
                "5551900");
    }

    @Test
    void whatNoRangeMatchesGoesToTheReceiversBoundWithoutOne() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TX);
        Esme ranged = bind("bob", BindType.BIND_RX, "^55512$");
        Esme open = bind("bob", BindType.BIND_RX, "");

        for (int i = 0; i < 6; i++) {
            alice.submit("447700900001", "55519" + i, "other " + i, 0);
        }
        alice.submit("447700900001", "55512", "mine", 0);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ranged.messages.size() + open.messages.size() == 7);
        assertThat(destinations(ranged.messages)).containsExactly("55512");
        assertThat(open.messages).hasSize(6);
    }

    @Test
    void whatNoRangeMatchesStillReachesTheAccountWhenEveryReceiverHasARange() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TX);
        Esme ranged = bind("bob", BindType.BIND_RX, "^55512$");

        alice.submit("447700900001", "5551999", "not in the range", 0);

        DeliverSm m = ranged.nextMessage();
        assertThat(m.getDestAddress()).isEqualTo("5551999");
    }

    @Test
    void receiptsGoToTheReceiverWhoseRangeMatchesTheSender() throws Exception {
        Esme sender = tern.bind("alice", BindType.BIND_TX);
        Esme other = bind("alice", BindType.BIND_RX, "^5550999$");
        Esme mine = bind("alice", BindType.BIND_RX, "^5550123$");

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(sender.submit("5550123", "4477009000" + i, "receipt please", 1));
        }

        for (int i = 0; i < 4; i++) {
            DeliverSm receipt = mine.nextReceipt();
            assertThat(receipt.getDestAddress()).isEqualTo("5550123");
            assertThat(ids).contains(Esme.receiptedMessageId(receipt));
        }
        assertThat(other.receipts).isEmpty();
    }

    @Test
    void aReceiverRangeThatIsNotARegularExpressionIsRefusedATransmittersIsNotRead() {
        assertThat(Esme.bindStatus(tern.port(), "bob", TestSmsc.PASSWORD, BindType.BIND_RX, "5551[")).isEqualTo(
                ESME_RBINDFAIL);
        assertThat(Esme.bindStatus(tern.port(), "bob", TestSmsc.PASSWORD, BindType.BIND_TRX, "(5551")).isEqualTo(
                ESME_RBINDFAIL);
        assertThat(Esme.bindStatus(tern.port(), "bob", TestSmsc.PASSWORD, BindType.BIND_TX, "5551[")).isZero();
        assertThat(Esme.bindStatus(tern.port(), "bob", TestSmsc.PASSWORD, BindType.BIND_RX, "*")).isZero();
    }

    private static List<String> destinations(java.util.Collection<DeliverSm> messages) {
        return messages.stream().map(DeliverSm::getDestAddress).toList();
    }
}
