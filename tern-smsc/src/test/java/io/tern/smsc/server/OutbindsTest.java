package io.tern.smsc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.SessionPolicy;
import io.tern.smsc.delivery.InteropProfile;
import io.tern.smsc.store.DueWork;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * When Tern outbinds and when it does not: only with due work, one connection per account at a
 * time, and retries that back off from {@code interval} to 8× it. Time is a list of tasks the
 * test runs by hand, connections are futures it completes.
 */
class OutbindsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private record Scheduled(Runnable task, Duration delay) {
    }

    private final List<Scheduled> later = new ArrayList<>();
    private final List<CompletableFuture<SmppSession>> dials = new ArrayList<>();
    private final List<String> woken = new ArrayList<>();
    private DueWork due = new DueWork(Set.of("esme:bob"), Set.of());

    private final Outbinds outbinds = new Outbinds(List.of(account("bob", true), account("alice", false)),
            () -> CompletableFuture.completedFuture(due), (host, port, systemId, password) -> {
                assertThat(host + ":" + port + " " + systemId + "/" + password).isEqualTo("127.0.0.1:2780 TERN/pw");
                CompletableFuture<SmppSession> f = new CompletableFuture<>();
                dials.add(f);
                return f;
            }, (task, delay) -> later.add(new Scheduled(task, delay)), woken::add);

    private static Account account(String systemId, boolean outbind) {
        SessionPolicy policy = new SessionPolicy(SessionPolicy.OnMaxBinds.REFUSE, Duration.ofSeconds(10), 3,
                outbind ? new SessionPolicy.Outbind("127.0.0.1", 2780, "TERN", "pw", INTERVAL) : null);
        return new Account(systemId, "$2a$04$x", EnumSet.allOf(BindType.class), 8, null, List.of(), List.of(), false,
                null, List.of(), Duration.ofHours(1), Duration.ofHours(2), Duration.ZERO, true, null, List.of(), InteropProfile.DEFAULT,
                policy);
    }

    /** An SMSC-side session on an EmbeddedChannel that {@code systemId} bound as receiver. */
    private static EmbeddedChannel boundReceiver(String systemId, CompletableFuture<SmppSession> dial) {
        SmppSession s = SmppSession.smsc(SessionConfig.DEFAULTS, info -> CompletableFuture.completedFuture(
                BindResult.accept((session, req) -> CompletableFuture.completedFuture(
                        req.errorResponse(CommandStatus.ESME_ROK)))), "TERN", SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(s.handler());
        ch.writeInbound(Bind.of(BindType.RECEIVER, 1, systemId, "secret", "", 0x34, 0, 0, ""));
        ch.runPendingTasks();
        assertThat(s.bindType()).isEqualTo(BindType.RECEIVER);
        dial.complete(s);
        return ch;
    }

    /** Runs the one task waiting, after checking its delay. */
    private Duration runLater() {
        assertThat(later).hasSize(1);
        Scheduled s = later.remove(0);
        s.task().run();
        return s.delay();
    }

    @Test
    void anAccountWithWorkDueAndNoReceiverIsCalledOnceHoweverOftenTheSchedulerLooks() {
        outbinds.wanted("bob");
        outbinds.wanted("bob");
        outbinds.wanted("bob");

        assertThat(dials).hasSize(1);
        assertThat(outbinds.state("bob")).isEqualTo(Outbinds.State.CONNECTING);
    }

    @Test
    void nothingDueMeansNoConnection() {
        due = new DueWork(Set.of("esme:carol", "sim"), Set.of("carol"));
        outbinds.wanted("bob");

        assertThat(dials).isEmpty();
        assertThat(outbinds.state("bob")).isEqualTo(Outbinds.State.IDLE);
    }

    @Test
    void receiptsDueAreWorkToo() {
        due = new DueWork(Set.of(), Set.of("bob"));
        outbinds.wanted("bob");

        assertThat(dials).hasSize(1);
    }

    @Test
    void anAccountWithoutOutbindIsNeverCalled() {
        due = new DueWork(Set.of("esme:alice"), Set.of("alice"));
        outbinds.wanted("alice");
        outbinds.wanted("nobody");

        assertThat(dials).isEmpty();
        assertThat(outbinds.state("alice")).isNull();
    }

    @Test
    void failedAttemptsBackOffFromTheIntervalUpToEightTimesIt() {
        long[] caps = {1, 2, 4, 8, 8, 8};
        for (long cap : caps) {
            outbinds.wanted("bob");
            assertThat(dials).hasSize(1);
            dials.remove(0).completeExceptionally(new ConnectException("Connection refused"));
            outbinds.wanted("bob");
            assertThat(dials).as("no attempt while waiting").isEmpty();
            assertThat(outbinds.state("bob")).isEqualTo(Outbinds.State.WAITING);

            Duration wait = runLater();

            assertThat(wait).isBetween(INTERVAL.multipliedBy(cap).dividedBy(2), INTERVAL.multipliedBy(cap));
            assertThat(woken).last().isEqualTo("bob");
            assertThat(outbinds.state("bob")).isEqualTo(Outbinds.State.IDLE);
        }
    }

    @Test
    void aBoundOutbindSessionHoldsTheSlotUntilItClosesAndTheNextAttemptWaitsTheInterval() {
        outbinds.wanted("bob");
        dials.remove(0).completeExceptionally(new ConnectException("Connection refused"));
        runLater();
        outbinds.wanted("bob");
        EmbeddedChannel session = boundReceiver("bob", dials.remove(0));

        assertThat(outbinds.state("bob")).isEqualTo(Outbinds.State.BOUND);
        outbinds.wanted("bob");
        assertThat(dials).isEmpty();
        assertThat(later).isEmpty();

        session.close();
        assertThat(runLater()).as("after a session, the interval itself").isEqualTo(INTERVAL);
        outbinds.wanted("bob");
        dials.remove(0).completeExceptionally(new ConnectException("Connection refused"));
        assertThat(runLater()).as("the bind reset the backoff").isBetween(INTERVAL.dividedBy(2), INTERVAL);
    }

    @Test
    void outbindSettingsReplacedAtRunTimeApplyAtOnceAndAnUnchangedAccountKeepsItsAttempt() {
        outbinds.wanted("bob");
        assertThat(outbinds.state("bob")).isEqualTo(Outbinds.State.CONNECTING);

        outbinds.replace(List.of(account("bob", true), account("alice", true)));

        assertThat(outbinds.state("bob")).as("unchanged: the same dialer").isEqualTo(Outbinds.State.CONNECTING);
        assertThat(outbinds.state("alice")).isEqualTo(Outbinds.State.IDLE);
        assertThat(woken).as("the new outbind's queues are woken").containsExactly("alice");
        due = new DueWork(Set.of("esme:alice"), Set.of());
        outbinds.wanted("alice");
        assertThat(dials).hasSize(2);

        outbinds.replace(List.of(account("bob", false), account("alice", true)));

        assertThat(outbinds.state("bob")).isNull();
        due = new DueWork(Set.of("esme:bob"), Set.of());
        outbinds.wanted("bob");
        assertThat(dials).as("bob has no outbind any more").hasSize(2);
    }

    @Test
    void afterCloseNothingIsAttempted() {
        outbinds.close();
        outbinds.wanted("bob");

        assertThat(dials).isEmpty();
    }
}
