package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jsmpp.bean.Address;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DestinationAddress;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SubmitMultiResp;
import org.jsmpp.bean.UnsuccessDelivery;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-out by reply (docs/http-api.md "Opt-out"): a handset that answers STOP to an account's number
 * is put on that account's suppression list, the account's messages to it are refused with
 * ESME_RINVDSTADR, START takes it off again, and the list outlives a restart.
 */
class OptOutTest {

    static final int ESME_RINVDSTADR = 0x0B;

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = start(dir);
    }

    static TestSmsc start(Path dir) {
        return TestSmsc.start(dir, """
                accounts:
                  - {system_id: acme, password_hash: HASH, addresses: ['5550*']}
                  - system_id: beta
                    password_hash: HASH
                    addresses: ['5551*']
                    opt_out: {stop: [Arret, stop], start: [Retour]}
                  - {system_id: phone, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private static int refusal(Esme esme, String dest) {
        try {
            esme.submit("447700900001", dest, "offer", 0);
            return 0;
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStopReplyRefusesTheAccountsMessagesToTheSenderUntilStart() throws Exception {
        Esme acme = tern.bind("acme", BindType.BIND_TRX);
        Esme beta = tern.bind("beta", BindType.BIND_TX);
        Esme phone = tern.bind("phone", BindType.BIND_TX);
        acme.submit("447700900001", "447700900123", "offer 1", 0);

        phone.submit("447700900123", "5550001", "  Stop ", 0);

        assertThat(refusal(acme, "447700900123")).isEqualTo(ESME_RINVDSTADR);
        assertThat(refusal(acme, "447700900124")).isZero();
        assertThat(refusal(beta, "447700900123")).as("another account's list").isZero();
        assertThat(Esme.text(acme.nextMessage())).isEqualTo("  Stop ");
        assertThat(tern.smsc.suppressions().page("acme", null, 10).join()).singleElement()
                .satisfies(s -> {
                    assertThat(s.number()).isEqualTo("447700900123");
                    assertThat(s.reason()).isEqualTo("reply STOP");
                });

        phone.submit("447700900123", "5550001", "start", 0);

        assertThat(refusal(acme, "447700900123")).isZero();
        assertThat(tern.smsc.suppressions().page("acme", null, 10).join()).isEmpty();
    }

    @Test
    void keywordsAreTheAccountsOwnWhenConfigured() throws Exception {
        Esme beta = tern.bind("beta", BindType.BIND_TX);
        Esme phone = tern.bind("phone", BindType.BIND_TX);

        phone.submit("447700900200", "5551000", "UNSUBSCRIBE", 0);
        assertThat(refusal(beta, "447700900200")).as("not one of beta's keywords").isZero();

        phone.submit("447700900200", "5551000", "arret", 0);
        assertThat(refusal(beta, "447700900200")).isEqualTo(ESME_RINVDSTADR);

        phone.submit("447700900200", "5551000", "RETOUR", 0);
        assertThat(refusal(beta, "447700900200")).isZero();
    }

    @Test
    void submitMultiListsASuppressedDestinationAsUnsuccessful() throws Exception {
        tern.smsc.suppressions().add("acme", "+447700900301", "api").join();
        Esme acme = tern.bind("acme", BindType.BIND_TRX);

        SubmitMultiResp resp = acme.session.submitMulti("447700900001", new DestinationAddress[] {
                new Address(Esme.INTL, Esme.ISDN, "447700900300"),
                new Address(Esme.INTL, Esme.ISDN, "447700900301")}, "offer", new RegisteredDelivery((byte) 0));

        UnsuccessDelivery[] failed = resp.getUnsuccessSmes();
        assertThat(failed).hasSize(1);
        assertThat(failed[0].getDestinationAddress().getAddress()).isEqualTo("447700900301");
        assertThat(failed[0].getErrorStatusCode()).isEqualTo(ESME_RINVDSTADR);
    }

    @Test
    void theSuppressionListOutlivesARestart() throws Exception {
        try (Esme phone = Esme.bind(tern.port(), "phone", TestSmsc.PASSWORD, BindType.BIND_TX)) {
            phone.submit("447700900400", "5550001", "STOP", 0);
        }
        tern.close();

        tern = start(dir);

        Esme acme = tern.bind("acme", BindType.BIND_TX);
        assertThat(refusal(acme, "447700900400")).isEqualTo(ESME_RINVDSTADR);
        assertThat(tern.smsc.suppressions().isSuppressed("acme", "+447700900400")).isTrue();
    }
}
