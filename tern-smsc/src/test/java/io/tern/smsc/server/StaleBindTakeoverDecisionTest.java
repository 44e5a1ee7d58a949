package io.tern.smsc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.account.AccountService.BindDecision;
import io.tern.smsc.account.BindLockout;
import io.tern.smsc.account.SessionPolicy;
import io.tern.smsc.delivery.InteropProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The takeover decision on sessions whose clock the test holds (an EmbeddedChannel with frozen
 * time): enquire_link every 30 s, answered within 60 s or Tern closes the session itself, and
 * stale after 10 s without an answer.
 */
class StaleBindTakeoverDecisionTest {

    private static final Duration ENQUIRE_LINK_INTERVAL = Duration.ofSeconds(30);
    private static final SessionConfig SESSION = SessionConfig.DEFAULTS.withTimers(Duration.ofSeconds(60),
            Duration.ofSeconds(10), ENQUIRE_LINK_INTERVAL, Duration.ZERO);

    private final StaleBindTakeover takeover = new StaleBindTakeover(ENQUIRE_LINK_INTERVAL);

    private static AccountHandle account(SessionPolicy.OnMaxBinds onMaxBinds) {
        Account a = new Account("single", "$2a$04$x", EnumSet.allOf(BindType.class), 1, null, List.of(), List.of(),
                false, null, List.of(), Duration.ofHours(1), Duration.ofHours(2), Duration.ZERO, true, null,
                List.of(), InteropProfile.DEFAULT, new SessionPolicy(onMaxBinds, Duration.ofSeconds(10), 3, null));
        return new AccountService(List.of(a), Runnable::run, System::nanoTime,
                new BindLockout(10, Duration.ofMinutes(5), Duration.ofMinutes(5), Clock.systemUTC()))
                .find("single").orElseThrow();
    }

    private record Bound(SmppSession session, EmbeddedChannel ch) {
    }

    /** A session of {@code account} bound on an EmbeddedChannel, holding the account's one bind slot. */
    private static Bound bound(AccountHandle account) {
        assertThat(account.tryBind()).isTrue();
        SmppSession s = SmppSession.smsc(SESSION, info -> CompletableFuture.completedFuture(BindResult.accept(
                (session, req) -> CompletableFuture.completedFuture(req.errorResponse(CommandStatus.ESME_ROK)),
                new SessionListener() {
                    @Override
                    public void onClosed(SmppSession session) {
                        account.unbound();
                    }
                })), "TERN", SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(s.handler());
        ch.freezeTime();
        ch.writeInbound(Bind.of(BindType.TRANSCEIVER, 1, "single", "secret", "", 0x34, 0, 0, ""));
        ch.runPendingTasks();
        assertThat(s.bindType()).isEqualTo(BindType.TRANSCEIVER);
        ch.readOutbound(); // bind_resp
        return new Bound(s, ch);
    }

    private static void advance(EmbeddedChannel ch, Duration d) {
        ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    private static EnquireLink enquireLinkSent(EmbeddedChannel ch) {
        advance(ch, ENQUIRE_LINK_INTERVAL);
        Pdu p = ch.readOutbound();
        assertThat(p).isInstanceOf(EnquireLink.class);
        return (EnquireLink) p;
    }

    private static BindDecision full(AccountHandle account) {
        return new BindDecision(CommandStatus.ESME_RBINDFAIL, account, "max_binds", false, true);
    }

    /** A bound session of a fresh account whose enquire_link has been unanswered for {@code unanswered}. */
    private static Bound unansweredFor(AccountHandle account, Duration unanswered) {
        Bound b = bound(account);
        enquireLinkSent(b.ch());
        advance(b.ch(), unanswered);
        return b;
    }

    private BindDecision decide(AccountHandle account, Bound b) {
        return takeover.decide(full(account), List.of(b.session()), "10.0.0.9:40000").join();
    }

    @Test
    void aSessionWhoseEnquireLinkWaitsPastTheLimitIsClosedAndItsSlotGoesToTheNewBind() {
        AccountHandle account = account(SessionPolicy.OnMaxBinds.REPLACE_STALE);
        Bound b = unansweredFor(account, Duration.ofSeconds(11));

        BindDecision d = decide(account, b);

        assertThat(d.accepted()).isTrue();
        assertThat(d.account()).isSameAs(account);
        assertThat(b.ch().isOpen()).isFalse();
        assertThat(account.boundSessions()).isEqualTo(1);
    }

    @Test
    void anEnquireLinkWaitingExactlyTheLimitIsNotYetStale() {
        AccountHandle account = account(SessionPolicy.OnMaxBinds.REPLACE_STALE);
        Bound b = unansweredFor(account, Duration.ofSeconds(10));

        assertThat(decide(account, b).accepted()).isFalse();
        assertThat(b.ch().isOpen()).isTrue();
    }

    @Test
    void withRefuseAStaleSessionIsKeptAndTheBindRefused() {
        AccountHandle account = account(SessionPolicy.OnMaxBinds.REFUSE);
        Bound b = unansweredFor(account, Duration.ofSeconds(30));

        assertThat(decide(account, b).accepted()).isFalse();
        assertThat(b.ch().isOpen()).isTrue();
    }

    @Test
    void aSessionThatAnswersIsNeverEvictedHoweverLongItHasBeenBound() {
        AccountHandle account = account(SessionPolicy.OnMaxBinds.REPLACE_STALE);
        Bound b = bound(account);
        EmbeddedChannel ch = b.ch();
        for (int i = 0; i < 10; i++) {
            EnquireLink link = enquireLinkSent(ch);
            advance(ch, Duration.ofSeconds(9));
            ch.writeInbound(new EnquireLinkResp(link.sequenceNumber(), CommandStatus.ESME_ROK));
        }

        assertThat(decide(account, b).status()).isEqualTo(CommandStatus.ESME_RBINDFAIL);
        assertThat(ch.isOpen()).isTrue();
        assertThat(account.boundSessions()).isEqualTo(1);
    }
}
