package io.tern.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tern's codec allocates nothing but what it hands out: a decode allocates exactly the objects of
 * the PDU it returns, an encode into a reused buffer allocates nothing. The thread's allocation
 * counter is exact and these paths allocate the same interpreted or compiled, so the figures do
 * not depend on the JIT; a new temporary (a boxed int, an iterator, a copy) fails the build.
 */
class CodecFootprintTest {

    private static final int OPERATIONS = 10_000;

    @ParameterizedTest
    @ValueSource(strings = {"submit_sm", "deliver_sm", "submit_sm_resp"})
    void ternDecodeAllocatesOnlyThePduItReturns(String pdu) throws Exception {
        List<CodecFootprint.DecodeFootprint> rows = CodecFootprint.decodeFootprints(pdu, OPERATIONS);

        for (CodecFootprint.DecodeFootprint tern : rows.subList(0, 2)) {
            assertThat(tern.decoder()).startsWith("tern");
            assertThat(tern.temporaries()).as(tern.decoder() + " temporaries per decode").isCloseTo(0, within(0.5));
            assertThat(tern.returnedBytes()).as("returned graph of " + tern.decoder()).isPositive();
        }
        CodecFootprint.DecodeFootprint cloudhopper = rows.get(2);
        assertThat(cloudhopper.decoder()).isEqualTo("cloudhopper");
        assertThat(rows.get(0).allocated()).as("Tern allocates fewer bytes than Cloudhopper")
                .isLessThan(cloudhopper.allocated());
    }

    @ParameterizedTest
    @ValueSource(strings = {"submit_sm", "deliver_sm"})
    void ternDecodedShortMessageHoldsTheRecordTheAddressesAndTheOctets(String pdu) throws Exception {
        CodecFootprint.DecodeFootprint tern = CodecFootprint.decodeFootprints(pdu, OPERATIONS).get(0);
        String classes = tern.returned().stream().map(s -> s.name() + " " + s.count())
                .sorted().collect(Collectors.joining(", "));
        // short_message, TLV octets and the two address digit arrays; two address Strings and records
        String record = pdu.equals("submit_sm") ? "SubmitSm 1" : "DeliverSm 1";
        assertThat(classes).isEqualTo(List.of("Address 2", record, "String 2", "Tlvs 1", "byte[] 4").stream()
                .sorted().collect(Collectors.joining(", ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"submit_sm", "deliver_sm", "submit_sm_resp"})
    void ternEncodeIntoAReusedBufferAllocatesNothing(String pdu) throws Exception {
        assertThat(CodecFootprint.ternEncodeAllocation(pdu, OPERATIONS)).isCloseTo(0, within(0.5));
        assertThat(CodecFootprint.cloudhopperEncodeAllocation(pdu, OPERATIONS)).isPositive();
    }
}
