package io.tern.smsc.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.charset.Gsm7;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smsc.delivery.ChannelEncoding;
import io.tern.smsc.store.Address;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A connector's encoding: forwarded messages converted, never split (one upstream id per message). */
class UpstreamSubmitsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static ConnectorConfig connector(int interfaceVersion, ChannelEncoding encoding) {
        return new ConnectorConfig("c", "127.0.0.1", 2775, "tern", "pw", "", ConnectorConfig.BindMode.TRX, 1, 10, 0,
                null, Duration.ofSeconds(30), Duration.ofSeconds(30), interfaceVersion, null, null, null, null,
                ConnectorConfig.IdFormat.AS_IS, ConnectorConfig.IdFormat.AS_IS, true, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(10), encoding);
    }

    private static StoredMessage gsm(String text) {
        return StoredMessage.submitted("0000018c00000001", "alice", new Address(1, 1, "447700900001"),
                new Address(1, 1, "33600000001"), "", 0, 0, 0, 0, 0, Gsm7.encodeUnpacked(text), new byte[0], null,
                "connector:c", T0, null, T0.plusSeconds(3600), null);
    }

    @Test
    void defaultConnectorForwardsTheTextAsSubmitted() throws Exception {
        SubmitSm sm = UpstreamSubmits.of(gsm("héllo {x}"), connector(0x34, ChannelEncoding.DEFAULT));

        assertThat(sm.dataCoding()).isZero();
        assertThat(sm.shortMessage()).isEqualTo(Gsm7.encodeUnpacked("héllo {x}"));
    }

    @Test
    void ucs2ConnectorGetsUcs2InShortMessageWhileItFitsAndInMessagePayloadAfter() throws Exception {
        ChannelEncoding ucs2 = new ChannelEncoding(ChannelEncoding.Alphabet0.GSM7, ChannelEncoding.Encoding.UCS2);

        SubmitSm shortOne = UpstreamSubmits.of(gsm("€ 5"), connector(0x34, ucs2));
        assertThat(shortOne.dataCoding()).isEqualTo(8);
        assertThat(shortOne.shortMessage()).isEqualTo("€ 5".getBytes(StandardCharsets.UTF_16BE));

        String text = "z".repeat(150); // 300 octets in UCS-2: more than short_message holds
        SubmitSm longOne = UpstreamSubmits.of(gsm(text), connector(0x34, ucs2));
        assertThat(longOne.shortMessage()).isEmpty();
        assertThat(longOne.esmClass() & 0x40).as("not split").isZero();
        assertThat(longOne.tlvs().messagePayload()).hasValueSatisfying(
                p -> assertThat(new String(p, StandardCharsets.UTF_16BE)).isEqualTo(text));

        assertThatThrownBy(() -> UpstreamSubmits.of(gsm(text), connector(0x33, ucs2)))
                .isInstanceOfSatisfying(ChannelEncoding.ConversionException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVMSGLEN));
    }

    @Test
    void latin1UpstreamGetsGsmTextAsLatin1AndItsDataCodingZeroIsKeptAsLatin1() throws Exception {
        ChannelEncoding latin1 = new ChannelEncoding(ChannelEncoding.Alphabet0.LATIN1,
                ChannelEncoding.Encoding.AS_SUBMITTED);

        SubmitSm sm = UpstreamSubmits.of(gsm("café"), connector(0x34, latin1));

        assertThat(sm.dataCoding()).isEqualTo(3);
        assertThat(sm.shortMessage()).isEqualTo("café".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(sm.tlvs().isEmpty()).isTrue();
        assertThat(latin1.inbound(0)).isEqualTo(3);
    }
}
