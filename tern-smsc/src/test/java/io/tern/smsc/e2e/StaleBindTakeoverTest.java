package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.session.Liveness;
import io.tern.smpp.session.SmppSession;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import org.jsmpp.bean.BindType;
import org.jsmpp.extra.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on_max_binds: replace_stale}: a bind that finds its account at max_binds replaces a
 * session that stopped answering enquire_link, and is refused while every session answers. The
 * response timeout is long, so that Tern does not close the silent session on its own first.
 */
class StaleBindTakeoverTest {

    private static final int ENQUIRE_LINK = 0x00000015;

    @TempDir
    Path dir;
    TestSmsc tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
    }

    private void start(String policy) {
        tern = TestSmsc.start(dir, """
                smpp: {enquire_link_interval: 200ms, response_timeout: 30s, unbind_timeout: 2s}
                accounts:
                  - {system_id: single, password_hash: HASH, max_binds: 1%s}
                routes:
                  - {destination: '*', target: sim}
                """.formatted(policy));
    }

    /** A client that binds and then never answers: a peer whose network went away without a FIN. */
    private static Socket silentBind(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(RawSmpp.bindTransceiver("single", TestSmsc.PASSWORD, 1));
        s.getOutputStream().flush();
        RawSmpp.Header resp = RawSmpp.read(new DataInputStream(s.getInputStream()));
        assertThat(resp.commandId()).isEqualTo(RawSmpp.BIND_TRANSCEIVER_RESP);
        assertThat(resp.commandStatus()).isZero();
        return s;
    }

    /** Reads until Tern sends an enquire_link, which the test then leaves unanswered. */
    private static void awaitEnquireLink(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        while (RawSmpp.read(in).commandId() != ENQUIRE_LINK) {
            // skip anything else
        }
    }

    /** Waits until Tern's enquire_link to {@code session} has been unanswered for longer than {@code limit}. */
    private static void awaitUnansweredPast(SmppSession session, Duration limit) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Liveness l = session.liveness().join();
            return l.enquireLinkUnansweredFor() != null && l.enquireLinkUnansweredFor().compareTo(limit) > 0;
        });
    }

    private SmppSession serverSide() {
        await().atMost(Duration.ofSeconds(5)).until(() -> tern.smsc.sessions().size() == 1);
        return tern.smsc.sessions().iterator().next();
    }

    private static boolean closedByPeer(Socket s) {
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                RawSmpp.read(in);
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aBindAtMaxBindsReplacesASessionThatStoppedAnsweringEnquireLink() throws Exception {
        start(", on_max_binds: replace_stale, stale_enquire_link_timeout: 300ms");
        try (Socket silent = silentBind(tern.port())) {
            SmppSession stale = serverSide();
            awaitEnquireLink(silent);
            awaitUnansweredPast(stale, Duration.ofMillis(300));

            Esme newcomer = tern.bind("single", BindType.BIND_TRX);

            assertThat(newcomer.session.getSessionState()).isEqualTo(SessionState.BOUND_TRX);
            assertThat(closedByPeer(silent)).as("the stale session's connection is closed").isTrue();
            assertThat(stale.closeFuture()).isCompleted();
            assertThat(tern.smsc.sessions()).hasSize(1).doesNotContain(stale);
        }
    }

    @Test
    void aSessionThatAnswersEnquireLinkIsNeverReplaced() throws Exception {
        start(", on_max_binds: replace_stale, stale_enquire_link_timeout: 300ms, stale_idle_intervals: 2");
        Esme live = tern.bind("single", BindType.BIND_TRX);
        SmppSession kept = serverSide();
        // several enquire_link rounds, each answered by jSMPP
        await().atMost(Duration.ofSeconds(10)).until(() -> kept.counters().pdusIn(CommandId.ENQUIRE_LINK_RESP) >= 3);

        assertThat(Esme.bindStatus(tern.port(), "single", TestSmsc.PASSWORD, BindType.BIND_TRX))
                .isEqualTo(SmppAssertions.ESME_RBINDFAIL);
        assertThat(live.session.getSessionState()).isEqualTo(SessionState.BOUND_TRX);
        assertThat(kept.closeFuture()).isNotCompleted();
    }

    @Test
    void byDefaultABindAtMaxBindsIsRefusedEvenWhenASessionIsStale() throws Exception {
        start("");
        try (Socket silent = silentBind(tern.port())) {
            SmppSession stale = serverSide();
            awaitEnquireLink(silent);
            awaitUnansweredPast(stale, Duration.ofMillis(300));

            assertThat(Esme.bindStatus(tern.port(), "single", TestSmsc.PASSWORD, BindType.BIND_TRX))
                    .isEqualTo(SmppAssertions.ESME_RBINDFAIL);
            assertThat(stale.closeFuture()).isNotCompleted();
        }
    }
}
