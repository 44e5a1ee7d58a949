package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.jsmpp.bean.BindType;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-way flow of issue 11 end to end with the virtual handset network: an account sends an
 * offer from its own number to a handset that answers STOP (a {@code reply} behaviour); the reply
 * reaches the account, and the handset is on the account's suppression list, so the next offer to
 * it is refused.
 */
class HandsetReplyOptOutTest {

    private static final int ESME_RINVDSTADR = 0x0B;

    @TempDir
    Path dir;
    private TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: acme, password_hash: HASH, addresses: ['5550*']}
                handsets:
                  seed: 7
                  ranges:
                    - {numbers: '447700900777', behaviour: deliver, reply: {text: STOP, percent: 100}}
                    - {numbers: '44*', behaviour: deliver}
                routes:
                  - {destination: '44*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void aHandsetAnsweringStopOptsOutOfTheAccountsMessages() throws Exception {
        Esme acme = tern.bind("acme", BindType.BIND_TRX);

        acme.submit("5550001", "447700900777", "offer 1", 0);

        assertThat(Esme.text(acme.nextMessage())).isEqualTo("STOP");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.suppressions().isSuppressed("acme", "447700900777"));
        try {
            acme.submit("5550001", "447700900777", "offer 2", 0);
            throw new AssertionError("the second offer was accepted");
        } catch (NegativeResponseException e) {
            assertThat(e.getCommandStatus()).isEqualTo(ESME_RINVDSTADR);
        }
        assertThat(acme.submit("5550001", "447700900778", "offer to another", 0)).isNotEmpty();
    }
}
