package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.Esme.INTL;
import static io.tern.smsc.e2e.Esme.ISDN;
import static io.tern.smsc.e2e.SmppAssertions.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.session.QuerySmResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * query_sm, cancel_sm and replace_sm (SMPP 3.4 §4.8 - §4.10) on pending messages (to an ESME that is
 * not bound) and on final ones (delivered to a handset), and only on the submitter's own messages.
 */
class QueryCancelReplaceTest {

    static final String SRC = "447700900100";
    static final String TO_BOB = "5551234";
    static final String TO_HANDSET = "447700900001";

    @TempDir
    Path dir;
    TestSmsc tern;
    Esme alice;

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                  - {system_id: carol, password_hash: HASH}
                  - {system_id: dave, password_hash: HASH, default_validity: 1h, max_validity: 1d}
                routes:
                  - {destination: '44*', target: sim}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private QuerySmResult query(Esme esme, String id) throws Exception {
        return esme.session.queryShortMessage(id, INTL, ISDN, SRC);
    }

    private String delivered() throws Exception {
        String id = alice.submit(SRC, TO_HANDSET, "done", 0);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> tern.smsc.store().find(id).join().orElseThrow().state() == MessageState.DELIVERED);
        return id;
    }

    @Test
    void queryOfAPendingMessageSaysEnrouteWithoutFinalDate() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "pending", 0);

        QuerySmResult q = query(alice, id);

        assertThat(q.getMessageState().value()).isEqualTo((byte) 1);
        assertThat(q.getFinalDate()).isNullOrEmpty();
    }

    @Test
    void queryOfADeliveredMessageSaysDeliveredWithItsFinalDate() throws Exception {
        String id = delivered();

        QuerySmResult q = query(alice, id);

        assertThat(q.getMessageState().value()).isEqualTo((byte) 2);
        String expected = LocalDateTime.ofInstant(tern.clock.instant(), ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyMMddHHmmss"));
        assertThat(q.getFinalDate()).startsWith(expected);
    }

    @Test
    void queryOfAnUnknownIdIsRefusedWithInvalidMessageId() {
        assertThat(statusOf(() -> query(alice, "00000000deadbeef"))).isEqualTo(SmppAssertions.ESME_RINVMSGID);
    }

    @Test
    void anotherAccountCannotQueryCancelOrReplaceTheMessage() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "mine", 0);
        Esme carol = tern.bind("carol", BindType.BIND_TRX);

        assertThat(statusOf(() -> query(carol, id))).isEqualTo(SmppAssertions.ESME_RINVMSGID);
        assertThat(statusOf(() -> carol.session.cancelShortMessage("", id, INTL, ISDN, SRC, INTL, ISDN, TO_BOB)))
                .isEqualTo(SmppAssertions.ESME_RINVMSGID);
        assertThat(statusOf(() -> carol.session.replaceShortMessage(id, INTL, ISDN, SRC, null, null,
                new RegisteredDelivery(), (byte) 0, "stolen".getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo(SmppAssertions.ESME_RINVMSGID);
        assertThat(query(alice, id).getMessageState().value()).isEqualTo((byte) 1);
    }

    @Test
    void cancelOfAPendingMessageDeletesItAndItIsNeverDelivered() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "never mind", 1);

        alice.session.cancelShortMessage("", id, INTL, ISDN, SRC, INTL, ISDN, TO_BOB);

        assertThat(query(alice, id).getMessageState().value()).isEqualTo((byte) 4);
        Esme bob = tern.bind("bob", BindType.BIND_RX);
        String after = alice.submit(SRC, TO_BOB, "this one", 0);
        assertThat(Esme.text(bob.nextMessage())).isEqualTo("this one");
        assertThat(bob.messages).isEmpty();
        assertThat(after).isNotEqualTo(id);
    }

    @Test
    void cancelOfADeliveredMessageFails() throws Exception {
        String id = delivered();

        assertThat(statusOf(() -> alice.session.cancelShortMessage("", id, INTL, ISDN, SRC, INTL, ISDN, TO_HANDSET)))
                .isEqualTo(SmppAssertions.ESME_RCANCELFAIL);
        assertThat(query(alice, id).getMessageState().value()).isEqualTo((byte) 2);
    }

    @Test
    void replaceOfAPendingMessageDeliversTheNewText() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "old text", 0);

        alice.session.replaceShortMessage(id, INTL, ISDN, SRC, null, null, new RegisteredDelivery(1), (byte) 0,
                "new text".getBytes(StandardCharsets.ISO_8859_1));

        Esme bob = tern.bind("bob", BindType.BIND_RX);
        assertThat(Esme.text(bob.nextMessage())).isEqualTo("new text");
        assertThat(Esme.receiptedMessageId(alice.nextReceipt())).isEqualTo(id);
        assertThat(bob.messages).isEmpty();
    }

    @Test
    void replaceOfADeliveredMessageFails() throws Exception {
        String id = delivered();

        assertThat(statusOf(() -> alice.session.replaceShortMessage(id, INTL, ISDN, SRC, null, null,
                new RegisteredDelivery(), (byte) 0, "too late".getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo(SmppAssertions.ESME_RREPLACEFAIL);
    }

    /** replace_sm's schedule and validity follow submit_sm's rules (relative times: SMPP 3.4 §7.1.1.2). */
    @Test
    void replaceRefusesAValidityAlreadyOverAndAScheduleNotBeforeTheValidity() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "pending", 0);
        Instant expiry = tern.stored(id).expiryTime();

        assertThat(statusOf(() -> replace(alice, id, null, "000000000000000R")))
                .isEqualTo(SmppAssertions.ESME_RINVEXPIRY);
        assertThat(statusOf(() -> replace(alice, id, "000000020000000R", "000000010000000R")))
                .isEqualTo(SmppAssertions.ESME_RINVSCHED);
        assertThat(tern.stored(id).expiryTime()).as("nothing replaced").isEqualTo(expiry);
        assertThat(tern.stored(id).shortMessage()).isEqualTo("pending".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void replaceCutsAValidityLongerThanTheAccountsMaximumAndKeepsWhatItDoesNotGive() throws Exception {
        Esme dave = tern.bind("dave", BindType.BIND_TRX);
        String id = dave.submit(SRC, TO_BOB, "pending", 0, "000000010000000R", "000000020000000R", (byte) 0);
        Instant schedule = tern.stored(id).scheduleTime();

        replace(dave, id, null, "000030000000000R");

        assertThat(tern.stored(id).expiryTime()).isEqualTo(tern.clock.instant().plus(Duration.ofDays(1)));
        assertThat(tern.stored(id).scheduleTime()).as("no schedule given: kept").isEqualTo(schedule);
    }

    @Test
    void replaceWithAPastScheduleDeliversAtOnce() throws Exception {
        String id = alice.submit(SRC, TO_HANDSET, "later", 0, "000001000000000R", null, (byte) 0);
        assertThat(tern.stored(id).state()).isEqualTo(MessageState.SCHEDULED);

        replace(alice, id, "000000000000000R", null);

        await().atMost(Duration.ofSeconds(10)).until(() -> tern.stored(id).state() == MessageState.DELIVERED);
    }

    @Test
    void replaceOfAMessageSubmittedInMessagePayloadDeliversTheNewTextAlone() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "", 0, new org.jsmpp.bean.OptionalParameter.OctetString(
                org.jsmpp.bean.OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), "old text in message_payload"));

        replace(alice, id, null, null);

        Esme bob = tern.bind("bob", BindType.BIND_RX);
        DeliverSm m = bob.nextMessage();
        assertThat(Esme.text(m)).isEqualTo("replaced");
        assertThat(Esme.tlv(m, org.jsmpp.bean.OptionalParameter.Tag.MESSAGE_PAYLOAD)).isNull();
    }

    @Test
    void replaceRefusesAScheduleNotBeforeTheValidityTheMessageKeeps() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "pending", 0, "000000010000000R", "000000020000000R", (byte) 0);
        StoredMessage before = tern.stored(id);

        assertThat(statusOf(() -> replace(alice, id, "000000030000000R", null)))
                .as("a schedule after the validity it keeps").isEqualTo(SmppAssertions.ESME_RINVSCHED);
        assertThat(statusOf(() -> replace(alice, id, null, "000000003000000R")))
                .as("a validity ending before the schedule it keeps").isEqualTo(SmppAssertions.ESME_RINVSCHED);
        assertThat(tern.stored(id).scheduleTime()).as("nothing replaced").isEqualTo(before.scheduleTime());
        assertThat(tern.stored(id).expiryTime()).isEqualTo(before.expiryTime());
        assertThat(tern.stored(id).shortMessage()).isEqualTo("pending".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void replace(Esme esme, String id, String schedule, String validity) throws Exception {
        esme.session.replaceShortMessage(id, INTL, ISDN, SRC, schedule, validity, new RegisteredDelivery(), (byte) 0,
                "replaced".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** As cancel_sm by message_id, whose source_addr matches by its digits. */
    @Test
    void cancelByAddressesMatchesTheDigitsWhateverTheTonAndNpi() throws Exception {
        String id = alice.submit(SRC, TO_BOB, "pending", 0);
        org.jsmpp.bean.TypeOfNumber unknownTon = org.jsmpp.bean.TypeOfNumber.UNKNOWN;
        org.jsmpp.bean.NumberingPlanIndicator unknownNpi = org.jsmpp.bean.NumberingPlanIndicator.UNKNOWN;

        alice.session.cancelShortMessage("", "", unknownTon, unknownNpi, SRC, unknownTon, unknownNpi, TO_BOB);

        assertThat(tern.stored(id).state()).isEqualTo(MessageState.DELETED);
    }

    @Test
    void cancelOfAnUnknownIdIsRefusedWithInvalidMessageId() {
        assertThat(statusOf(() -> alice.session.cancelShortMessage("", "00000000deadbeef", INTL, ISDN, SRC, INTL,
                ISDN, TO_BOB))).isEqualTo(SmppAssertions.ESME_RINVMSGID);
    }
}
