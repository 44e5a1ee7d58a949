package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smsc.store.StoredMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code strategy: weighted} group passes over a member that pauses after throttling or that is
 * failing (10 temporary failures in a row), as a failover group does, and keeps the messages in
 * the store, without counting attempts, while no member can take them.
 */
class WeightedGroupTest {

    @TempDir
    Path dir;
    private final List<SmppServer> upstreams = new CopyOnWriteArrayList<>();
    private TestSmsc tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
        upstreams.forEach(SmppServer::close);
    }

    /** An upstream answering every submit_sm with the status {@code answer} holds, counting them. */
    private int upstream(AtomicReference<CommandStatus> answer, AtomicInteger submits) {
        AtomicInteger ids = new AtomicInteger();
        SmppServer s = new SmppServer(SmppServerConfig.localhost("UPSTREAM", SessionConfig.DEFAULTS),
                info -> CompletableFuture.completedFuture(BindResult.accept((session, request) -> {
                    if (!(request instanceof SubmitSm sm)) {
                        return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
                    }
                    submits.incrementAndGet();
                    CommandStatus st = answer.get();
                    return CompletableFuture.completedFuture((PduResponse) new SubmitSmResp(sm.sequenceNumber(), st,
                            st.isOk() ? Integer.toString(ids.incrementAndGet()) : ""));
                })), SessionListener.NONE);
        upstreams.add(s);
        return s.start().join().get(0);
    }

    private void start(int portA, int portB, String throttlePause) {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                delivery: {scan_interval: 100ms, retry: {initial: 100ms, max: 200ms, jitter: 0}}
                connectors:
                  - {name: a, host: 127.0.0.1, port: %d, system_id: tern, password: secret, receipts: false,
                     throttle_pause: %s}
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern, password: secret, receipts: false,
                     throttle_pause: %s}
                connector_groups:
                  - {name: g, strategy: weighted, members: [{connector: a, weight: 1}, {connector: b, weight: 1}]}
                routes:
                  - {destination: '44*', target: 'group:g'}
                """.formatted(portA, throttlePause, portB, throttlePause));
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.connectorStatus().join().stream()
                .allMatch(c -> c.bound() == 1));
    }

    private List<String> submit(int n, String text) throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(alice.submit("447700800001", "4477009000" + String.format("%02d", i), text + " " + i, 0));
        }
        return ids;
    }

    private void awaitAccepted(List<String> ids) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                .allMatch(id -> tern.stored(id).state() == MessageState.ACCEPTED));
    }

    @Test
    void messagesWaitWhileEveryMemberThrottlesAndGoOverTheOtherWhileOneIsPaused() throws Exception {
        AtomicReference<CommandStatus> answerA = new AtomicReference<>(CommandStatus.ESME_RTHROTTLED);
        AtomicReference<CommandStatus> answerB = new AtomicReference<>(CommandStatus.ESME_RTHROTTLED);
        AtomicInteger submitsA = new AtomicInteger();
        AtomicInteger submitsB = new AtomicInteger();
        start(upstream(answerA, submitsA), upstream(answerB, submitsB), "1h");

        List<String> ids = submit(20, "wait");
        // each member throttles the first it gets and pauses for an hour: nothing more is sent
        await().atMost(Duration.ofSeconds(10)).until(() -> submitsA.get() >= 1 && submitsB.get() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.connectorStatus().join().stream()
                .allMatch(c -> c.paused()));
        for (String id : ids) {
            StoredMessage m = tern.stored(id);
            assertThat(m.state()).as(id).isEqualTo(MessageState.ENROUTE);
            assertThat(m.attempts()).as("a throttled message counts no attempt").isZero();
        }
    }

    @Test
    void aFailingMemberIsPassedOverWhileTheOtherTakesTheTraffic() throws Exception {
        AtomicReference<CommandStatus> answerA = new AtomicReference<>(CommandStatus.ESME_RSYSERR);
        AtomicReference<CommandStatus> answerB = new AtomicReference<>(CommandStatus.ESME_ROK);
        AtomicInteger submitsA = new AtomicInteger();
        AtomicInteger submitsB = new AtomicInteger();
        start(upstream(answerA, submitsA), upstream(answerB, submitsB), "1s");

        List<String> first = submit(20, "first");
        // spread 1:1, so a fails 10 in a row; the retries are due 100 ms later, on Tern's clock
        await().atMost(Duration.ofSeconds(10)).until(() -> first.stream().map(tern::stored).allMatch(
                m -> m.state() == MessageState.ACCEPTED || m.attempts() == 1));
        assertThat(submitsA.get()).as("a failed 10 in a row").isEqualTo(10);
        tern.clock.advance(Duration.ofSeconds(1));
        awaitAccepted(first);
        int atA = submitsA.get();
        assertThat(atA).as("the retries went to b").isEqualTo(10);

        List<String> second = submit(20, "second");
        awaitAccepted(second);
        assertThat(submitsA.get()).as("nothing goes to a while it is failing").isEqualTo(atA);
    }

    @Test
    void aThrottlingMemberIsPassedOverWhileItPauses() throws Exception {
        AtomicReference<CommandStatus> answerA = new AtomicReference<>(CommandStatus.ESME_RTHROTTLED);
        AtomicReference<CommandStatus> answerB = new AtomicReference<>(CommandStatus.ESME_ROK);
        AtomicInteger submitsA = new AtomicInteger();
        AtomicInteger submitsB = new AtomicInteger();
        start(upstream(answerA, submitsA), upstream(answerB, submitsB), "1h");

        List<String> first = submit(20, "first");
        awaitAccepted(first);
        int atA = submitsA.get();
        List<String> second = submit(20, "second");
        awaitAccepted(second);
        assertThat(submitsA.get()).as("nothing goes to a while it pauses").isEqualTo(atA);
        assertThat(submitsB.get()).isEqualTo(40);
        for (String id : first) {
            assertThat(tern.stored(id).attempts()).as("a throttled answer counts no attempt").isEqualTo(1);
        }
    }
}
