package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindTransceiver;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PduCodecSmokeTest {

    private static Pdu roundTrip(Pdu pdu) throws PduDecodeException {
        ByteBuf buf = Unpooled.buffer();
        PduCodec.encode(pdu, buf);
        return PduCodec.decode(buf);
    }

    @Test
    void submitSmSurvivesARoundTrip() throws Exception {
        SubmitSm sm = new SubmitSm(7, "CMT", Address.international("4412345"), Address.international("4498765"),
                0, 0, 1, "", "000001000000000R", 1, 0, 0, 0, "hello".getBytes(StandardCharsets.US_ASCII),
                Tlvs.builder().userMessageReference(42).build());
        assertThat(roundTrip(sm)).isEqualTo(sm);
    }

    @Test
    void errorResponseWithoutBodyDecodes() throws Exception {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(16).writeInt(0x80000004).writeInt(0x0B).writeInt(3);
        assertThat(PduCodec.decode(buf)).isEqualTo(new SubmitSmResp(3, CommandStatus.ESME_RINVDSTADR, ""));
    }

    @Test
    void bindToStringHidesThePassword() {
        BindTransceiver bind = new BindTransceiver(1, "esme", "secret", "", 0x34, 0, 0, "");
        assertThat(bind.toString()).contains("password=****").doesNotContain("secret");
    }

    @Test
    void overlongSystemIdIsRejectedWithItsCode() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(0).writeInt(0x09).writeInt(0).writeInt(5);
        buf.writeCharSequence("abcdefghijklmnopqrst", StandardCharsets.US_ASCII);
        buf.writeByte(0);
        buf.writeBytes(new byte[] {0, 0, 0x34, 0, 0, 0});
        buf.setInt(0, buf.readableBytes());
        assertThatThrownBy(() -> PduCodec.decode(buf))
                .isInstanceOfSatisfying(PduDecodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVSYSID);
                    assertThat(e.sequenceNumber()).isEqualTo(5);
                    assertThat(e.framingLost()).isFalse();
                });
    }
}
