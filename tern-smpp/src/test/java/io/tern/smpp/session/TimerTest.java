package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The timers of SMPP 5.0 §2.9 (session_init, enquire_link, inactivity), with the event loop's frozen clock. */
class TimerTest {

    private static final SessionConfig CONFIG = SessionConfig.DEFAULTS.withTimers(Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ZERO);

    @Test
    void aConnectionThatNeverBindsIsClosedBySessionInitTimer() {
        SmppSession session = SmppSession.smsc(CONFIG,
                info -> CompletableFuture.completedFuture(BindResult.accept(SamplePdus.answerAll())), "tern",
                SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(session.handler());
        ch.freezeTime();
        ch.writeInbound(new EnquireLink(1));
        assertThat((Object) ch.readOutbound()).as("enquire_link is answered before bind")
                .isEqualTo(new EnquireLinkResp(1, CommandStatus.ESME_ROK));
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(session.closeFuture()).isCompleted();
    }

    @Test
    void aBoundSessionIsNotClosedBySessionInitTimer() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ZERO, Duration.ZERO)).bound();
        esme.advance(Duration.ofMinutes(5));
        assertThat(esme.channel.isOpen()).isTrue();
    }

    @Test
    void enquireLinkIsSentWhenIdleAndKeepsTheSessionWhileAnswered() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        esme.advance(Duration.ofSeconds(29));
        assertThat((Object) esme.written()).isNull();
        esme.advance(Duration.ofSeconds(1));
        EnquireLink link = esme.written();
        assertThat(link).isNotNull();
        esme.channel.writeInbound(new EnquireLinkResp(link.sequenceNumber(), CommandStatus.ESME_ROK));
        esme.advance(Duration.ofSeconds(10));
        assertThat(esme.channel.isOpen()).isTrue();
        assertThat((Object) esme.written()).as("traffic within the interval: no enquire_link").isNull();
        esme.advance(Duration.ofSeconds(20));
        assertThat((Object) esme.written()).isInstanceOf(EnquireLink.class);
        assertThat(esme.session.counters().pdusOut(CommandId.ENQUIRE_LINK)).isEqualTo(2);
    }

    @Test
    void anUnansweredEnquireLinkClosesTheSessionAsDead() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        esme.advance(Duration.ofSeconds(30));
        assertThat((Object) esme.written()).isInstanceOf(EnquireLink.class);
        esme.advance(Duration.ofSeconds(4));
        assertThat(esme.channel.isOpen()).isTrue();
        esme.advance(Duration.ofSeconds(1));
        assertThat(esme.channel.isOpen()).isFalse();
    }

    @Test
    void receivedTrafficPostponesTheKeepalive() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        esme.advance(Duration.ofSeconds(20));
        esme.channel.writeInbound(new EnquireLink(500));
        assertThat((Object) esme.written()).isEqualTo(new EnquireLinkResp(500, CommandStatus.ESME_ROK));
        esme.advance(Duration.ofSeconds(20));
        assertThat((Object) esme.written()).isNull();
        esme.advance(Duration.ofSeconds(10));
        assertThat((Object) esme.written()).isInstanceOf(EnquireLink.class);
    }

    @Test
    void theInactivityTimerClosesASessionThatReceivesNothing() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ZERO, Duration.ofSeconds(60))).bound();
        esme.advance(Duration.ofSeconds(50));
        esme.channel.writeInbound(new EnquireLink(9));
        esme.advance(Duration.ofSeconds(59));
        assertThat(esme.channel.isOpen()).isTrue();
        esme.advance(Duration.ofSeconds(1));
        assertThat(esme.channel.isOpen()).isFalse();
    }

    @Test
    void livenessReportsAnUnansweredEnquireLinkFromTheMomentItWasSent() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        assertThat(esme.session.liveness().join().enquireLinkUnansweredFor()).isNull();
        esme.advance(Duration.ofSeconds(30));
        EnquireLink link = esme.written();
        esme.advance(Duration.ofSeconds(3));

        Liveness waiting = esme.session.liveness().join();
        assertThat(waiting.enquireLinkUnansweredFor()).isEqualTo(Duration.ofSeconds(3));
        assertThat(waiting.silentFor()).isEqualTo(Duration.ofSeconds(33));
        assertThat(waiting.stale(Duration.ofSeconds(2), Duration.ofMinutes(5))).isTrue();
        assertThat(waiting.stale(Duration.ofSeconds(3), Duration.ofMinutes(5))).as("at the limit, not past it")
                .isFalse();

        esme.channel.writeInbound(new EnquireLinkResp(link.sequenceNumber(), CommandStatus.ESME_ROK));
        Liveness answered = esme.session.liveness().join();
        assertThat(answered.enquireLinkUnansweredFor()).isNull();
        assertThat(answered.silentFor()).isEqualTo(Duration.ZERO);
        assertThat(answered.stale(Duration.ofSeconds(2), Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void aSessionSilentForTheIdleLimitIsStaleEvenWithoutAnEnquireLinkOutstanding() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ZERO, Duration.ZERO)).bound();
        esme.advance(Duration.ofSeconds(89));
        assertThat(esme.session.liveness().join().stale(Duration.ofSeconds(10), Duration.ofSeconds(90))).isFalse();
        esme.advance(Duration.ofSeconds(1));
        Liveness l = esme.session.liveness().join();
        assertThat(l.enquireLinkUnansweredFor()).isNull();
        assertThat(l.stale(Duration.ofSeconds(10), Duration.ofSeconds(90))).isTrue();
    }
}
