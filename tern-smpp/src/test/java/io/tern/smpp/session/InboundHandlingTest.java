package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import io.tern.smpp.tlv.Tlvs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How an SMSC-side session hands requests to its handler and answers them (SMPP 3.4 §2.5, §2.6). */
class InboundHandlingTest {

    private final List<CompletableFuture<PduResponse>> pending = new ArrayList<>();

    private SmppSession smsc(SessionConfig config, SmppRequestHandler handler, EmbeddedChannel[] out) {
        SmppSession s = SmppSession.smsc(config, info -> CompletableFuture.completedFuture(BindResult.accept(handler)),
                "tern", SessionListener.NONE);
        out[0] = new EmbeddedChannel(s.handler());
        out[0].writeInbound(Bind.of(BindType.TRANSCEIVER, 1, "esme", "pw", "", 0x34, 0, 0, ""));
        BindResp resp = out[0].readOutbound();
        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        return s;
    }

    private SmppRequestHandler deferred() {
        return (session, req) -> {
            CompletableFuture<PduResponse> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
    }

    @Test
    void responsesAreWrittenWhenTheHandlerCompletesInAnyOrder() {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        smsc(SessionConfig.DEFAULTS, deferred(), ch);
        ch[0].writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 10), SamplePdus.request(CommandId.SUBMIT_SM, 11));
        assertThat((Object) ch[0].readOutbound()).isNull();
        pending.get(1).complete(new SubmitSmResp(11, CommandStatus.ESME_ROK, "b"));
        pending.get(0).complete(new SubmitSmResp(10, CommandStatus.ESME_ROK, "a"));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new SubmitSmResp(11, CommandStatus.ESME_ROK, "b"));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new SubmitSmResp(10, CommandStatus.ESME_ROK, "a"));
    }

    /** A submit_sm_resp lost at an unbind would be a stored message its sender takes for failed. */
    @Test
    void anUnbindIsAnsweredOnlyAfterTheRequestsReadBeforeIt() {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        smsc(SessionConfig.DEFAULTS, deferred(), ch);
        ch[0].writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 10), SamplePdus.request(CommandId.SUBMIT_SM, 11),
                new Unbind(12));
        assertThat((Object) ch[0].readOutbound()).isNull();

        pending.get(0).complete(new SubmitSmResp(10, CommandStatus.ESME_ROK, "a"));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new SubmitSmResp(10, CommandStatus.ESME_ROK, "a"));
        assertThat((Object) ch[0].readOutbound()).isNull();
        assertThat(ch[0].isOpen()).isTrue();

        pending.get(1).complete(new SubmitSmResp(11, CommandStatus.ESME_ROK, "b"));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new SubmitSmResp(11, CommandStatus.ESME_ROK, "b"));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new UnbindResp(12, CommandStatus.ESME_ROK));
        assertThat(ch[0].isOpen()).isFalse();
    }

    @Test
    void anUnbindWaitsForTheRequestsBeforeItAtMostAResponseTimeout() {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        SessionConfig config = SessionConfig.DEFAULTS.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ZERO, Duration.ZERO);
        smsc(config, deferred(), ch);
        ch[0].freezeTime();
        ch[0].writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 10), new Unbind(11));

        ch[0].advanceTimeBy(config.responseTimeout().toNanos() - 1, TimeUnit.NANOSECONDS);
        ch[0].runScheduledPendingTasks();
        assertThat((Object) ch[0].readOutbound()).isNull();
        ch[0].advanceTimeBy(1, TimeUnit.NANOSECONDS);
        ch[0].runScheduledPendingTasks();

        assertThat((Object) ch[0].readOutbound()).isEqualTo(new UnbindResp(11, CommandStatus.ESME_ROK));
        assertThat(ch[0].isOpen()).isFalse();
    }

    @Test
    void anUnbindWithNothingInFlightIsAnsweredAtOnce() {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        smsc(SessionConfig.DEFAULTS, deferred(), ch);
        ch[0].writeInbound(new Unbind(12));

        assertThat((Object) ch[0].readOutbound()).isEqualTo(new UnbindResp(12, CommandStatus.ESME_ROK));
        assertThat(ch[0].isOpen()).isFalse();
    }

    @Test
    void aFailingHandlerIsAnsweredWithSystemError() {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        smsc(SessionConfig.DEFAULTS, (s, r) -> {
            throw new IllegalStateException("boom");
        }, ch);
        ch[0].writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 5));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new SubmitSmResp(5, CommandStatus.ESME_RSYSERR, ""));
        assertThat(ch[0].isOpen()).isTrue();
    }

    @Test
    void requestsBeyondTheInboundLimitAreThrottledWhileEnquireLinkIsStillAnswered() {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        SmppSession s = smsc(SessionConfig.DEFAULTS.withMaxInflightInbound(2), deferred(), ch);
        ch[0].writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 1), SamplePdus.request(CommandId.SUBMIT_SM, 2),
                SamplePdus.request(CommandId.SUBMIT_SM, 3));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new SubmitSmResp(3, CommandStatus.ESME_RTHROTTLED, ""));
        ch[0].writeInbound(new EnquireLink(4));
        assertThat((Object) ch[0].readOutbound()).isEqualTo(new EnquireLinkResp(4, CommandStatus.ESME_ROK));
        pending.get(0).complete(new SubmitSmResp(1, CommandStatus.ESME_ROK, "a"));
        ch[0].readOutbound();
        ch[0].writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 5));
        assertThat(pending).hasSize(3);
        assertThat(s.counters().throttled()).isEqualTo(1);
    }

    @Test
    void nothingIsProcessedWhileTheBindIsBeingAuthenticated() {
        CompletableFuture<BindResult> decision = new CompletableFuture<>();
        SmppSession s = SmppSession.smsc(SessionConfig.DEFAULTS, info -> decision, "tern", SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(s.handler());
        ch.writeInbound(Bind.of(BindType.TRANSMITTER, 1, "esme", "pw", "", 0x34, 0, 0, ""),
                SamplePdus.request(CommandId.SUBMIT_SM, 2));
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        decision.complete(BindResult.accept(SamplePdus.answerAll()));
        BindResp resp = ch.readOutbound();
        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat((Object) ch.readOutbound()).as("the submit waited for the bind and then was handled")
                .isEqualTo(new SubmitSmResp(2, CommandStatus.ESME_ROK, "m2"));
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void anSmpp33EsmeIsNeverSentTlvs() {
        SmppSession s = SmppSession.smsc(SessionConfig.DEFAULTS,
                info -> CompletableFuture.completedFuture(BindResult.accept(SamplePdus.answerAll())), "tern",
                SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(s.handler());
        ch.writeInbound(Bind.of(BindType.RECEIVER, 1, "old", "pw", "", 0x33, 0, 0, ""));
        ch.readOutbound();
        DeliverSm withTlv = DeliverSm.of(SamplePdus.A, SamplePdus.B, SamplePdus.text("hi"))
                .withTlvs(Tlvs.builder().receiptedMessageId("abc").build());
        s.send(withTlv);
        PduRequest written = ch.readOutbound();
        assertThat(((DeliverSm) written).tlvs().isEmpty()).isTrue();
        assertThat(((DeliverSm) written).shortMessage()).isEqualTo(SamplePdus.text("hi"));
    }

    @Test
    void aRejectedBindLeavesTheSessionOpenAndUnbound() {
        SmppSession s = SmppSession.smsc(SessionConfig.DEFAULTS,
                info -> CompletableFuture.completedFuture(BindResult.reject(CommandStatus.ESME_RINVSYSID)), "tern",
                SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(s.handler());
        ch.writeInbound(Bind.of(BindType.TRANSMITTER, 1, "nobody", "pw", "", 0x34, 0, 0, ""));
        BindResp resp = ch.readOutbound();
        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_RINVSYSID);
        assertThat(s.state()).isEqualTo(SessionState.OPEN);
    }
}
