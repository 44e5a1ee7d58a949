package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, password guessing over real sockets: a failed bind ends its connection, and after
 * {@code smpp.bind_lockout.failures} of them the right password is refused from that address
 * (not from another) until the lockout, on the SMSC's clock, is over.
 */
class BindLockoutE2eTest {

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                smpp: {response_timeout: 2s, unbind_timeout: 2s, bind_lockout: {failures: 3, window: 5m, duration: 5m}}
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    /**
     * Binds from {@code local}: the bind_resp status and, for a refused bind, whether the server
     * then closed the connection.
     */
    private record Outcome(int status, boolean closed) {
    }

    private Outcome bind(String local, String password) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tern.port(), InetAddress.getByName(local), 0)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(RawSmpp.bindTransceiver("alice", password, 1));
            DataInputStream in = new DataInputStream(s.getInputStream());
            RawSmpp.Header h = RawSmpp.read(in);
            assertThat(h.commandId()).isEqualTo(RawSmpp.BIND_TRANSCEIVER_RESP);
            if (h.commandStatus() == 0) {
                return new Outcome(0, false);
            }
            boolean closed;
            try {
                closed = in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            }
            return new Outcome(h.commandStatus(), closed);
        }
    }

    @Test
    void afterThreeFailuresTheRightPasswordIsRefusedFromThatAddressUntilTheLockoutEnds() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(bind("127.0.0.1", "guess" + i)).isEqualTo(new Outcome(SmppAssertions.ESME_RINVPASWD, true));
        }

        assertThat(bind("127.0.0.1", TestSmsc.PASSWORD)).isEqualTo(new Outcome(SmppAssertions.ESME_RBINDFAIL, true));
        assertThat(bind("127.0.0.2", TestSmsc.PASSWORD).status()).as("the ESME on another address binds").isZero();
        tern.clock.advance(Duration.ofMinutes(5));
        assertThat(bind("127.0.0.1", TestSmsc.PASSWORD).status()).isZero();
    }
}
