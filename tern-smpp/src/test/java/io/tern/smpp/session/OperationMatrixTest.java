package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.BindTransmitterResp;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSmResp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SMPP 3.4 §2.3/§2.4 table 2-1, written out independently of {@link OperationMatrix}. */
class OperationMatrixTest {

    /** command, sender, states in which it is allowed ("-" for none). */
    private static final String[] SPEC = {
        "BIND_TRANSMITTER        ESME OPEN OUTBOUND",
        "BIND_RECEIVER           ESME OPEN OUTBOUND",
        "BIND_TRANSCEIVER        ESME OPEN OUTBOUND",
        "BIND_TRANSMITTER        SMSC -",
        "BIND_RECEIVER           SMSC -",
        "BIND_TRANSCEIVER        SMSC -",
        "OUTBIND                 SMSC OPEN",
        "OUTBIND                 ESME -",
        "UNBIND                  ESME BOUND_TX BOUND_RX BOUND_TRX UNBINDING",
        "UNBIND                  SMSC BOUND_TX BOUND_RX BOUND_TRX UNBINDING",
        "ENQUIRE_LINK            ESME OPEN OUTBOUND BOUND_TX BOUND_RX BOUND_TRX UNBINDING",
        "ENQUIRE_LINK            SMSC OPEN OUTBOUND BOUND_TX BOUND_RX BOUND_TRX UNBINDING",
        "SUBMIT_SM               ESME BOUND_TX BOUND_TRX",
        "SUBMIT_SM               SMSC -",
        "SUBMIT_MULTI            ESME BOUND_TX BOUND_TRX",
        "SUBMIT_MULTI            SMSC -",
        "QUERY_SM                ESME BOUND_TX BOUND_TRX",
        "QUERY_SM                SMSC -",
        "CANCEL_SM               ESME BOUND_TX BOUND_TRX",
        "CANCEL_SM               SMSC -",
        "REPLACE_SM              ESME BOUND_TX BOUND_TRX",
        "REPLACE_SM              SMSC -",
        "DELIVER_SM              SMSC BOUND_RX BOUND_TRX",
        "DELIVER_SM              ESME -",
        "DATA_SM                 ESME BOUND_TX BOUND_TRX",
        "DATA_SM                 SMSC BOUND_RX BOUND_TRX",
        "ALERT_NOTIFICATION      SMSC BOUND_RX BOUND_TRX",
        "ALERT_NOTIFICATION      ESME -",
        "BROADCAST_SM            ESME BOUND_TX BOUND_TRX",
        "BROADCAST_SM            SMSC -",
        "QUERY_BROADCAST_SM      ESME BOUND_TX BOUND_TRX",
        "QUERY_BROADCAST_SM      SMSC -",
        "CANCEL_BROADCAST_SM     ESME BOUND_TX BOUND_TRX",
        "CANCEL_BROADCAST_SM     SMSC -",
    };

    static Stream<Arguments> everyStateAndRequest() {
        List<Arguments> cases = new ArrayList<>();
        for (String row : SPEC) {
            String[] f = row.trim().split("\\s+");
            CommandId id = CommandId.valueOf(f[0]);
            SmppRole sender = SmppRole.valueOf(f[1]);
            Set<SessionState> allowed = f[2].equals("-") ? EnumSet.noneOf(SessionState.class)
                    : Arrays.stream(f, 2, f.length).map(SessionState::valueOf)
                            .collect(Collectors.toCollection(() -> EnumSet.noneOf(SessionState.class)));
            for (SessionState state : SessionState.values()) {
                cases.add(Arguments.of(state, id, sender, allowed.contains(state)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} sent by {2} in {0}: allowed={3}")
    @MethodSource("everyStateAndRequest")
    void answersEveryRequestOutsideTheTableWithInvalidBindStatus(SessionState state, CommandId id, SmppRole sender,
            boolean allowed) {
        PduRequest request = SamplePdus.request(id, 7);
        assertThat(OperationMatrix.allows(state, id, sender)).isEqualTo(allowed);
        PduResponse answer = OperationMatrix.rejection(state, request, sender);
        if (allowed) {
            assertThat(answer).isNull();
            return;
        }
        assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_RINVBNDSTS);
        assertThat(answer.sequenceNumber()).isEqualTo(7);
        CommandId expected = id.response() != null ? id.response() : CommandId.GENERIC_NACK;
        assertThat(answer.commandId()).isEqualTo(expected);
    }

    @Test
    void responsesAreAllowedOnlyWhereTheirRequestWas() {
        assertThat(OperationMatrix.allows(SessionState.BOUND_TX, CommandId.SUBMIT_SM_RESP, SmppRole.SMSC)).isTrue();
        assertThat(OperationMatrix.allows(SessionState.BOUND_RX, CommandId.SUBMIT_SM_RESP, SmppRole.SMSC)).isFalse();
        assertThat(OperationMatrix.allows(SessionState.BOUND_RX, CommandId.DELIVER_SM_RESP, SmppRole.ESME)).isTrue();
        assertThat(OperationMatrix.allows(SessionState.CLOSED, CommandId.GENERIC_NACK, SmppRole.ESME)).isFalse();
        assertThat(OperationMatrix.allows(SessionState.OPEN, CommandId.GENERIC_NACK, SmppRole.ESME)).isTrue();
    }

    @Test
    void rejectsSubmitSmBeforeBindOnALiveSessionAndAcceptsItAfter() {
        SmppSession session = SmppSession.smsc(SessionConfig.DEFAULTS,
                info -> CompletableFuture.completedFuture(BindResult.accept(SamplePdus.answerAll())), "tern",
                SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(session.handler());
        ch.writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 1));
        assertThat((Object) ch.readOutbound()).isEqualTo(new SubmitSmResp(1, CommandStatus.ESME_RINVBNDSTS, ""));
        ch.writeInbound(SamplePdus.request(CommandId.BIND_TRANSMITTER, 2));
        BindTransmitterResp bindResp = ch.readOutbound();
        assertThat(bindResp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(bindResp.systemId()).isEqualTo("tern");
        assertThat(bindResp.tlvs().scInterfaceVersion()).hasValue(0x34);
        ch.writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 3));
        assertThat((Object) ch.readOutbound()).isEqualTo(new SubmitSmResp(3, CommandStatus.ESME_ROK, "m3"));
        ch.writeInbound(SamplePdus.request(CommandId.BIND_TRANSCEIVER, 4));
        PduResponse again = ch.readOutbound();
        assertThat(again.commandStatus()).isEqualTo(CommandStatus.ESME_RALYBND);
        ch.writeInbound(SamplePdus.request(CommandId.ALERT_NOTIFICATION, 5));
        assertThat((Object) ch.readOutbound()).isEqualTo(new GenericNack(5, CommandStatus.ESME_RINVBNDSTS));
        assertThat(session.counters().errorsSent()).containsEntry(CommandStatus.ESME_RINVBNDSTS, 2L)
                .containsEntry(CommandStatus.ESME_RALYBND, 1L);
        ch.finishAndReleaseAll();
    }

    @Test
    void bindRespCarriesNoInterfaceVersionTlvForAnSmpp33Esme() {
        SmppSession session = SmppSession.smsc(SessionConfig.DEFAULTS,
                info -> CompletableFuture.completedFuture(BindResult.accept(SamplePdus.answerAll())), "tern",
                SessionListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(session.handler());
        ch.writeInbound(io.tern.smpp.pdu.Bind.of(io.tern.smpp.pdu.BindType.TRANSMITTER, 1, "old", "pw", "", 0x33, 0,
                0, ""));
        BindTransmitterResp resp = ch.readOutbound();
        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(resp.tlvs().isEmpty()).isTrue();
        assertThat(session.peerInterfaceVersion()).isEqualTo(0x33);
        ch.finishAndReleaseAll();
    }

    /** SMPP 3.3 has no data_sm: from an ESME bound as 3.3 it is an unknown command_id (SMPP 3.4 §2.8). */
    @Test
    void dataSmFromAnSmpp33EsmeIsAnUnknownCommandButNotFromA34One() {
        for (int version : new int[] {0x33, 0x34}) {
            SmppSession session = SmppSession.smsc(SessionConfig.DEFAULTS,
                    info -> CompletableFuture.completedFuture(BindResult.accept(SamplePdus.answerAll())), "tern",
                    SessionListener.NONE);
            EmbeddedChannel ch = new EmbeddedChannel(session.handler());
            ch.writeInbound(io.tern.smpp.pdu.Bind.of(io.tern.smpp.pdu.BindType.TRANSCEIVER, 1, "esme", "pw", "",
                    version, 0, 0, ""));
            assertThat(((PduResponse) ch.readOutbound()).commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            ch.writeInbound(SamplePdus.request(CommandId.DATA_SM, 2));
            PduResponse answer = ch.readOutbound();
            if (version == 0x33) {
                assertThat((Object) answer).isEqualTo(new GenericNack(2, CommandStatus.ESME_RINVCMDID));
            } else {
                assertThat(answer.commandId()).isEqualTo(CommandId.DATA_SM_RESP);
                assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            }
            ch.writeInbound(SamplePdus.request(CommandId.SUBMIT_SM, 3));
            assertThat(((PduResponse) ch.readOutbound()).commandStatus()).as("the session goes on")
                    .isEqualTo(CommandStatus.ESME_ROK);
            ch.finishAndReleaseAll();
        }
    }
}
