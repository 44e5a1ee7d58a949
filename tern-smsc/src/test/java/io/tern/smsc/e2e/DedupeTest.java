package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resubmission after a lost response returns the original message_id when the account asks for it. */
class DedupeTest {

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, dedupe_window: 10m}
                  - {system_id: bob, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private static OptionalParameter umr(int n) {
        return new OptionalParameter.Short(OptionalParameter.Tag.USER_MESSAGE_REFERENCE, (short) n);
    }

    @Test
    void identicalResubmissionWithinTheWindowReturnsTheOriginalId() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        String first = alice.submit("12345", "447700900001", "once", 0, umr(7));
        String again = alice.submit("12345", "447700900001", "once", 0, umr(7));

        assertThat(again).isEqualTo(first);
    }

    @Test
    void differentUserMessageReferenceOrTextIsANewMessage() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        String first = alice.submit("12345", "447700900001", "once", 0, umr(7));

        assertThat(alice.submit("12345", "447700900001", "once", 0, umr(8))).isNotEqualTo(first);
        assertThat(alice.submit("12345", "447700900001", "twice", 0, umr(7))).isNotEqualTo(first);
    }

    @Test
    void resubmissionAfterTheWindowIsANewMessage() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        String first = alice.submit("12345", "447700900001", "once", 0, umr(7));

        tern.clock.advance(java.time.Duration.ofMinutes(11));

        assertThat(alice.submit("12345", "447700900001", "once", 0, umr(7))).isNotEqualTo(first);
    }

    @Test
    void accountsWithoutAWindowStoreEverySubmission() throws Exception {
        Esme bob = tern.bind("bob", BindType.BIND_TRX);

        String first = bob.submit("12345", "447700900001", "once", 0, umr(7));

        assertThat(bob.submit("12345", "447700900001", "once", 0, umr(7))).isNotEqualTo(first);
    }
}
