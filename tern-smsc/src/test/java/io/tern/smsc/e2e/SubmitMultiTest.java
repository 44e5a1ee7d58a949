package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.server.SmscEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jsmpp.bean.Address;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DestinationAddress;
import org.jsmpp.bean.DistributionList;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SubmitMultiResp;
import org.jsmpp.bean.UnsuccessDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit_multi (SMPP 3.4 §4.5) to SME addresses and a distribution list, with one bad destination. */
class SubmitMultiTest {

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                distribution_lists:
                  - {name: team, members: ['447700900010', '447700900011']}
                handsets:
                  - {numbers: '4478*', behaviour: absent}
                  - {numbers: '44*', behaviour: deliver}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void unroutableDestinationIsTheOnlyOneInUnsuccessSmeAndTheOthersAreDelivered() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        SubmitMultiResp resp = alice.session.submitMulti("12345", new DestinationAddress[] {
                new Address(Esme.INTL, Esme.ISDN, "447700900001"),
                new Address(Esme.INTL, Esme.ISDN, "33123456789"),
                new DistributionList("team"),
                new Address(Esme.INTL, Esme.ISDN, "447700900002")},
                "to many", new RegisteredDelivery((byte) 1));

        assertThat(resp.getCommandStatus()).isZero();
        assertThat(resp.getMessageId()).isNotEmpty();
        UnsuccessDelivery[] failed = resp.getUnsuccessSmes();
        assertThat(failed).hasSize(1);
        assertThat(failed[0].getDestinationAddress().getAddress()).isEqualTo("33123456789");
        assertThat(failed[0].getErrorStatusCode()).isEqualTo(SmppAssertions.ESME_RINVDSTADR);

        Set<String> delivered = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            DeliverSm r = alice.nextReceipt();
            assertThat(Esme.messageState(r)).isEqualTo(2);
            delivered.add(r.getSourceAddr());
            assertThat(Esme.receiptedMessageId(r)).isEqualTo(resp.getMessageId());
        }
        assertThat(delivered).containsExactlyInAnyOrder("447700900001", "447700900010", "447700900011",
                "447700900002");
    }

    /**
     * Every destination refused: ESME_ROK with an empty message_id and each destination's own status
     * in unsuccess_sme, and nothing stored (docs/protocol.md: SMPP 3.4 has no status for it, and an
     * error response would carry no unsuccess_sme).
     */
    @Test
    void whenEveryDestinationIsRefusedEachIsInUnsuccessSmeAndNothingIsStored() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        long before = tern.smsc.store().countByState().join().values().stream().mapToLong(Long::longValue).sum();

        SubmitMultiResp resp = alice.session.submitMulti("12345", new DestinationAddress[] {
                new Address(Esme.INTL, Esme.ISDN, "33123456789"),
                new Address(Esme.INTL, Esme.ISDN, "")},
                "to nobody", new RegisteredDelivery((byte) 1));

        assertThat(resp.getCommandStatus()).isZero();
        assertThat(resp.getMessageId()).isNullOrEmpty();
        assertThat(resp.getUnsuccessSmes()).extracting(UnsuccessDelivery::getErrorStatusCode)
                .containsExactly(SmppAssertions.ESME_RINVDSTADR, SmppAssertions.ESME_RINVDSTADR);
        assertThat(tern.smsc.store().countByState().join().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(before);
    }

    /**
     * A submit_multi that took no destination is counted as the refusal it is (under its first
     * destination's status, not ESME_ROK, which counts a message stored) and takes nothing from the
     * account's throughput; one that took some takes only those.
     */
    @Test
    void aSubmitMultiThatTookNoDestinationIsNotCountedAsAcceptedNorTakesThroughput() throws Exception {
        tern.close();
        List<String> multiStatuses = new CopyOnWriteArrayList<>();
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, throughput: {rate: 0.001, burst: 2}}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  - {numbers: '44*', behaviour: deliver}
                """, new SmscEvents() {
                    @Override
                    public void submitted(String account, String command, CommandStatus status) {
                        if (command.equals("submit_multi")) {
                            multiStatuses.add(status.mnemonic());
                        }
                    }
                });
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        DestinationAddress[] nowhere = {
            new Address(Esme.INTL, Esme.ISDN, "33123456789"), new Address(Esme.INTL, Esme.ISDN, "33123456780")};

        for (int i = 0; i < 2; i++) {
            SubmitMultiResp resp = alice.session.submitMulti("12345", nowhere, "to nobody",
                    new RegisteredDelivery((byte) 0));
            assertThat(resp.getUnsuccessSmes()).as("attempt " + i).hasSize(2);
        }
        SubmitMultiResp taken = alice.session.submitMulti("12345", new DestinationAddress[] {
                new Address(Esme.INTL, Esme.ISDN, "447700900001"), nowhere[0]},
                "one of two", new RegisteredDelivery((byte) 0));
        assertThat(taken.getMessageId()).as("the burst of 2 is still there").isNotEmpty();
        assertThat(alice.submit("12345", "447700900002", "the second token", 0)).isNotEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> multiStatuses.size() == 3);
        assertThat(multiStatuses).containsExactly("ESME_RINVDSTADR", "ESME_RINVDSTADR", "ESME_ROK");
    }

    /**
     * replace_if_present_flag on a submit_multi (SMPP 3.4 §4.5.1) supersedes, for each destination,
     * the pending message with the same source, destination and service_type (the digits compared
     * whatever the TON/NPI), as it does on submit_sm; the submit_multi's own destinations do not
     * supersede one another.
     */
    @Test
    void replaceIfPresentOnASubmitMultiSupersedesEachDestinationsPendingMessage() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        String waiting = alice.submit("12345", "447800900001", "old text", 0);
        String other = alice.submit("12345", "447800900003", "not replaced", 0);

        SubmitMultiResp resp = alice.session.submitMulti("12345", new DestinationAddress[] {
                new Address(org.jsmpp.bean.TypeOfNumber.UNKNOWN, Esme.ISDN, "447800900001"),
                new Address(Esme.INTL, Esme.ISDN, "447800900002"),
                new Address(Esme.INTL, Esme.ISDN, "447800900002")},
                "new text", new RegisteredDelivery((byte) 0), new org.jsmpp.bean.ReplaceIfPresentFlag((byte) 1));

        assertThat(resp.getCommandStatus()).isZero();
        assertThat(tern.stored(waiting).state()).as("superseded").isEqualTo(MessageState.DELETED);
        assertThat(tern.stored(other).state().isFinal()).as("another destination's").isFalse();
        for (String part : new String[] {resp.getMessageId(), resp.getMessageId() + "-1",
                resp.getMessageId() + "-2"}) {
            assertThat(tern.stored(part).state().isFinal()).as(part).isFalse();
        }
    }

    @Test
    void messageIdOfTheSubmitMultiIsQueryable() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        SubmitMultiResp resp = alice.session.submitMulti("12345", new DestinationAddress[] {
                new Address(Esme.INTL, Esme.ISDN, "447700900001"), new DistributionList("team")},
                "to many", new RegisteredDelivery((byte) 0));

        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.store().find(resp.getMessageId()).join()
                .orElseThrow().state() == MessageState.DELIVERED);
        assertThat(alice.session.queryShortMessage(resp.getMessageId(), Esme.INTL, Esme.ISDN, "12345")
                .getMessageState().value()).isEqualTo((byte) 2);
    }

    @Test
    void cancelOfTheSubmitMultiIdCancelsEveryDestination() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        SubmitMultiResp resp = alice.session.submitMulti("12345", new DestinationAddress[] {
                new Address(Esme.INTL, Esme.ISDN, "447800900001"),
                new Address(Esme.INTL, Esme.ISDN, "447800900002")},
                "never mind", new RegisteredDelivery((byte) 0));
        String id = resp.getMessageId();
        tern.awaitFirstAttempt(id, id + "-1"); // parked: absent handsets

        alice.session.cancelShortMessage("", id, Esme.INTL, Esme.ISDN, "12345", Esme.INTL, Esme.ISDN, "");

        for (String part : new String[] {id, id + "-1"}) {
            assertThat(tern.smsc.store().find(part).join().orElseThrow().state())
                    .as(part).isEqualTo(MessageState.DELETED);
        }
    }
}
