package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.server.Smsc;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /**
     * Identical submit_sm on two sessions at the same moment, as an ESME that resubmits on another
     * bind before the first answer arrives: both answered with one message_id, one message stored.
     */
    @Test
    void identicalSubmissionsOnTwoSessionsAtOnceAreStoredOnce() throws Exception {
        Esme one = tern.bind("alice", BindType.BIND_TRX);
        Esme two = tern.bind("alice", BindType.BIND_TRX);

        submitIdenticalPairs(one, two, 20, "12345", "447700900001");

        assertThat(storedMessages(tern.smsc)).isEqualTo(20);
    }

    /**
     * Sends {@code pairs} pairs of identical submit_sm (each pair its own user_message_reference),
     * the two of a pair on {@code one} and {@code two} at the same moment, and checks that both of
     * a pair are answered with the same message_id.
     */
    static void submitIdenticalPairs(Esme one, Esme two, int pairs, String source, String dest) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int n = 0; n < pairs; n++) {
                int ref = n;
                CyclicBarrier together = new CyclicBarrier(2);
                Future<String> viaOne = pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return one.submit(source, dest, "at once", 0, umr(ref));
                });
                Future<String> viaTwo = pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return two.submit(source, dest, "at once", 0, umr(ref));
                });

                assertThat(viaTwo.get(10, TimeUnit.SECONDS)).as("pair %d", ref)
                        .isEqualTo(viaOne.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many messages {@code smsc}'s store holds, in any state. */
    static long storedMessages(Smsc smsc) {
        return smsc.store().countByState().join().values().stream().mapToLong(Long::longValue).sum();
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
