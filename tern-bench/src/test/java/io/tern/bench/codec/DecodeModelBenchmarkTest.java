package io.tern.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.SubmitSm;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The experiment's two shapes hold the same values as Tern's record of the same frame. */
class DecodeModelBenchmarkTest {

    @Test
    void bothShapesDecodeTheSampleSubmitSm() {
        SubmitSm expected = (SubmitSm) CodecSamples.tern("submit_sm");
        DecodeModelBenchmark b = new DecodeModelBenchmark();
        b.setUp();

        DecodeModelBenchmark.Flat<String> f = b.flat();
        assertThat(f.sequenceNumber()).isEqualTo(expected.sequenceNumber());
        assertThat(f.sourceTon()).isEqualTo(expected.sourceAddr().ton());
        assertThat(f.sourceNpi()).isEqualTo(expected.sourceAddr().npi());
        assertThat(f.sourceAddr()).isEqualTo(expected.sourceAddr().address());
        assertThat(f.destAddr()).isEqualTo(expected.destinationAddr().address());
        assertThat(f.registeredDelivery()).isEqualTo(expected.registeredDelivery());
        assertThat(f.shortMessage()).isEqualTo(expected.shortMessage());
        assertThat(f.tlvs()).isEqualTo(expected.tlvs().toBytes());
        assertThat(f.scheduleDeliveryTime()).isEmpty();

        DecodeModelBenchmark.Flat<byte[]> o = b.octets();
        assertThat(o.sourceAddr()).isEqualTo(expected.sourceAddr().address().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(o.destAddr()).isEqualTo(expected.destinationAddr().address().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(o.shortMessage()).isEqualTo(expected.shortMessage());
        assertThat(o.tlvs()).isEqualTo(f.tlvs());
    }
}
