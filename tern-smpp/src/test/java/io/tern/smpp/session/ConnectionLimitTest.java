package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: thousands of idle connections from one address were accepted until file descriptors
 * ran out. With a total and a per-address limit (small here), one more connection is closed at
 * once, the others keep working, and a slot is free again when a connection ends.
 */
class ConnectionLimitTest {

    private SmppServer server;
    private int port;

    @BeforeEach
    void start() {
        SessionConfig session = SessionConfig.DEFAULTS.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ZERO, Duration.ZERO);
        server = new SmppServer(SmppServerConfig.localhost("tern", session)
                .withLimits(ServerLimits.DEFAULTS.withConnections(4, 2)),
                TestServers.passwordSecret(SamplePdus.answerAll()), SessionListener.NONE);
        port = server.start().join().get(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static boolean answers(RawSmppSocket s, int seq) throws Exception {
        s.send(new EnquireLink(seq));
        return new EnquireLinkResp(seq, CommandStatus.ESME_ROK).equals(s.read());
    }

    @Test
    void aThirdConnectionFromOneAddressIsClosedAndASlotFreesWhenOneEnds() throws Exception {
        try (RawSmppSocket a = new RawSmppSocket(port); RawSmppSocket b = new RawSmppSocket(port)) {
            assertThat(answers(a, 1)).isTrue();
            assertThat(answers(b, 2)).isTrue();
            try (RawSmppSocket c = new RawSmppSocket(port)) {
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(answers(a, 3)).as("the connections within the limit keep working").isTrue();
            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 1);
            try (RawSmppSocket d = new RawSmppSocket(port)) {
                assertThat(answers(d, 4)).isTrue();
            }
        }
    }

    @Test
    void theTotalLimitHoldsOverAddressesAndAnotherAddressIsNotHeldBackByTheFirstOnesLimit() throws Exception {
        try (RawSmppSocket a = new RawSmppSocket("127.0.0.1", port);
                RawSmppSocket b = new RawSmppSocket("127.0.0.1", port)) {
            SmppClient esme = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "esme", TestServers.PASSWORD,
                    BindType.TRANSCEIVER), SamplePdus.answerAll(), SessionListener.NONE);
            try (RawSmppSocket c = new RawSmppSocket("127.0.0.2", port);
                    RawSmppSocket d = new RawSmppSocket("127.0.0.3", port)) {
                assertThat(answers(c, 1)).as("127.0.0.1 is at its limit, 127.0.0.2 is not").isTrue();
                assertThat(answers(d, 2)).isTrue();
                try (RawSmppSocket e = new RawSmppSocket("127.0.0.4", port)) {
                    assertThat(e.closedByServer()).as("the fifth connection, over the total of 4").isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 2);
            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 1);
            try {
                SmppSession s = esme.connect().get(10, TimeUnit.SECONDS);
                assertThat(s.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).get(10, TimeUnit.SECONDS)
                        .commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            } finally {
                esme.close();
            }
        }
    }
}
