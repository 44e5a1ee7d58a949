package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindTransceiverResp;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.tlv.Tlvs;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An ESME-side session on an EmbeddedChannel with frozen time: the test plays the SMSC with PDU objects. */
final class EmbeddedEsme {

    final SmppSession session;
    final EmbeddedChannel channel;

    EmbeddedEsme(SessionConfig config) {
        session = SmppSession.esme(config, SamplePdus.answerAll(), SessionListener.NONE);
        channel = new EmbeddedChannel(session.handler());
        channel.freezeTime();
    }

    /** Binds as transceiver: answers the bind the session wrote. */
    EmbeddedEsme bound() {
        CompletableFuture<PduResponse> f = session.bind(Bind.of(BindType.TRANSCEIVER, 0, "esme", "pw", "", 0x34, 0, 0,
                ""));
        Bind bind = channel.readOutbound();
        channel.writeInbound(new BindTransceiverResp(bind.sequenceNumber(), CommandStatus.ESME_ROK, "smsc",
                Tlvs.builder().scInterfaceVersion(0x34).build()));
        assertThat(f).isCompleted();
        assertThat(session.state()).isEqualTo(SessionState.BOUND_TRX);
        return this;
    }

    <T extends Pdu> T written() {
        return channel.readOutbound();
    }

    void advance(Duration d) {
        channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }
}
