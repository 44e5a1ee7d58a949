package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The send window of SMPP 3.4 §2.6, driven on an EmbeddedChannel with frozen time. */
class WindowTest {

    private static final SessionConfig CONFIG = SessionConfig.DEFAULTS.withWindowSize(2).withMaxPendingSends(1)
            .withTimers(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);

    private static SubmitSm submit() {
        return (SubmitSm) SamplePdus.request(CommandId.SUBMIT_SM, 0);
    }

    @Test
    void requestsBeyondTheWindowWaitAndGoWhenResponsesArrive() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        CompletableFuture<PduResponse> r1 = esme.session.send(submit());
        CompletableFuture<PduResponse> r2 = esme.session.send(submit());
        CompletableFuture<PduResponse> r3 = esme.session.send(submit());
        SubmitSm s1 = esme.written();
        SubmitSm s2 = esme.written();
        assertThat((Object) esme.written()).as("third waits for a free slot").isNull();
        assertThat(esme.session.counters().windowOccupancy()).isEqualTo(2);
        assertThat(esme.session.counters().pendingSends()).isEqualTo(1);

        CompletableFuture<PduResponse> r4 = esme.session.send(submit());
        assertThat(r4).isCompletedExceptionally();
        assertThat(cause(r4)).isInstanceOf(WindowFullException.class);

        esme.channel.writeInbound(new SubmitSmResp(s1.sequenceNumber(), CommandStatus.ESME_ROK, "a"));
        assertThat(r1).isCompletedWithValue(new SubmitSmResp(s1.sequenceNumber(), CommandStatus.ESME_ROK, "a"));
        SubmitSm s3 = esme.written();
        assertThat(s3).as("the waiting request went when a slot freed").isNotNull();
        assertThat(r3).isNotDone();
        esme.channel.writeInbound(new SubmitSmResp(s3.sequenceNumber(), CommandStatus.ESME_ROK, "c"));
        esme.channel.writeInbound(new SubmitSmResp(s2.sequenceNumber(), CommandStatus.ESME_ROK, "b"));
        assertThat(r2.join()).isEqualTo(new SubmitSmResp(s2.sequenceNumber(), CommandStatus.ESME_ROK, "b"));
        assertThat(r3.join()).isEqualTo(new SubmitSmResp(s3.sequenceNumber(), CommandStatus.ESME_ROK, "c"));
        assertThat(esme.session.counters().windowOccupancy()).isZero();
    }

    @Test
    void responsesOutOfOrderCompleteTheirOwnRequests() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG.withWindowSize(10)).bound();
        List<CompletableFuture<PduResponse>> futures = new ArrayList<>();
        List<SubmitSm> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(esme.session.send(submit()));
            sent.add(esme.written());
        }
        for (int i : new int[] {3, 0, 4, 2, 1}) {
            int seq = sent.get(i).sequenceNumber();
            esme.channel.writeInbound(new SubmitSmResp(seq, CommandStatus.ESME_ROK, "id-" + seq));
        }
        for (int i = 0; i < 5; i++) {
            int seq = sent.get(i).sequenceNumber();
            assertThat(futures.get(i).join()).isEqualTo(new SubmitSmResp(seq, CommandStatus.ESME_ROK, "id-" + seq));
        }
    }

    @Test
    void aPeerThatNeverAnswersTimesOutAndTheLateResponseIsCountedNotDelivered() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        CompletableFuture<PduResponse> first = esme.session.send(submit());
        SubmitSm s1 = esme.written();
        esme.advance(Duration.ofSeconds(9));
        assertThat(first).isNotDone();
        esme.advance(Duration.ofSeconds(1));
        assertThat(cause(first)).isInstanceOf(ResponseTimeoutException.class);
        assertThat(esme.session.counters().responseTimeouts()).isEqualTo(1);

        CompletableFuture<PduResponse> second = esme.session.send(submit());
        SubmitSm s2 = esme.written();
        assertThat(s2.sequenceNumber()).isNotEqualTo(s1.sequenceNumber());
        esme.channel.writeInbound(new SubmitSmResp(s1.sequenceNumber(), CommandStatus.ESME_ROK, "late"));
        assertThat(esme.session.counters().lateResponses()).isEqualTo(1);
        assertThat(second).as("a late response is never given to another request").isNotDone();
        assertThat(esme.channel.isOpen()).isTrue();
    }

    @Test
    void genericNackWithTheRequestsSequenceNumberCompletesIt() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        CompletableFuture<PduResponse> f = esme.session.send(submit());
        SubmitSm s = esme.written();
        esme.channel.writeInbound(new GenericNack(s.sequenceNumber(), CommandStatus.ESME_RINVCMDLEN));
        assertThat(f.join()).isEqualTo(new GenericNack(s.sequenceNumber(), CommandStatus.ESME_RINVCMDLEN));
        assertThat(esme.session.counters().errorsReceived()).containsEntry(CommandStatus.ESME_RINVCMDLEN, 1L);
    }

    @Test
    void closingFailsEveryOutstandingAndWaitingRequest() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        CompletableFuture<PduResponse> r1 = esme.session.send(submit());
        CompletableFuture<PduResponse> r2 = esme.session.send(submit());
        CompletableFuture<PduResponse> r3 = esme.session.send(submit());
        esme.session.close();
        esme.channel.runPendingTasks();
        for (CompletableFuture<PduResponse> f : List.of(r1, r2, r3)) {
            assertThat(cause(f)).isInstanceOf(SessionClosedException.class);
        }
        assertThat(cause(esme.session.send(submit()))).isInstanceOf(SessionClosedException.class);
        assertThat(esme.session.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void gracefulUnbindWaitsForOutstandingResponsesThenUnbindsAndCloses() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        CompletableFuture<PduResponse> r1 = esme.session.send(submit());
        SubmitSm s1 = esme.written();
        CompletableFuture<Void> done = esme.session.unbind(Duration.ofSeconds(5));
        assertThat(cause(esme.session.send(submit()))).as("no new sends while unbinding")
                .isInstanceOf(SessionClosedException.class);
        assertThat((Object) esme.written()).as("unbind waits for the outstanding response").isNull();
        esme.channel.writeInbound(new SubmitSmResp(s1.sequenceNumber(), CommandStatus.ESME_ROK, "a"));
        assertThat(r1).isCompleted();
        Unbind unbind = esme.written();
        assertThat(esme.session.state()).isEqualTo(SessionState.UNBINDING);
        esme.channel.writeInbound(new UnbindResp(unbind.sequenceNumber(), CommandStatus.ESME_ROK));
        esme.channel.runPendingTasks();
        assertThat(done).isCompleted();
        assertThat(esme.channel.isOpen()).isFalse();
    }

    @Test
    void gracefulUnbindGivesUpWaitingAfterMaxWait() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        esme.session.send(submit());
        esme.written();
        CompletableFuture<Void> done = esme.session.unbind(Duration.ofSeconds(2));
        esme.advance(Duration.ofSeconds(2));
        assertThat((Object) esme.written()).isInstanceOf(Unbind.class);
        esme.advance(Duration.ofSeconds(10));
        assertThat(done).as("no unbind_resp: closed after the response timeout").isCompleted();
    }

    @Test
    void sequenceNumbersRunFrom1To0x7FFFFFFFAndWrap() {
        SendWindow w = new SendWindow(2, 0);
        assertThat(w.nextSequence()).isEqualTo(1);
        w.startAt(SendWindow.MAX_SEQUENCE);
        assertThat(w.nextSequence()).isEqualTo(SendWindow.MAX_SEQUENCE);
        assertThat(w.nextSequence()).isEqualTo(1);
    }

    @Test
    void unbindReceivedIsAnsweredAndClosesTheSession() {
        EmbeddedEsme esme = new EmbeddedEsme(CONFIG).bound();
        CompletableFuture<PduResponse> r1 = esme.session.send(submit());
        esme.written();
        esme.channel.writeInbound(new Unbind(77));
        assertThat((Object) esme.written()).isEqualTo(new UnbindResp(77, CommandStatus.ESME_ROK));
        esme.channel.runPendingTasks();
        assertThat(esme.channel.isOpen()).isFalse();
        assertThat(cause(r1)).isInstanceOf(SessionClosedException.class);
    }

    static Throwable cause(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
