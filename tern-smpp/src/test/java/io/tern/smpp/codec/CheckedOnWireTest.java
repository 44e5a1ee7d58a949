package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.PduValidationException;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.tlv.Tlvs;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The decoder spares submit_sm and deliver_sm a second scan of strings it has checked on the wire
 * ({@link io.tern.smpp.pdu.CheckedOnWire}): records built in code before and after a decode, on the
 * same thread, are still checked, whichever path the decode took and however it ended.
 */
class CheckedOnWireTest {

    /** submit_sm carrying both short_message and message_payload: clean on the wire, refused by the record. */
    private static final byte[] BOTH_PAYLOADS = HexFormat.of().parseHex(""
            + "0000002b" + "00000004" + "00000000" + "00000009" // header, command_length 43
            + "00"                                               // service_type
            + "0101" + "3100"                                    // source_addr_ton, _npi, source_addr "1"
            + "0101" + "3200"                                    // dest_addr_ton, _npi, destination_addr "2"
            + "000000"                                           // esm_class, protocol_id, priority_flag
            + "00" + "00"                                        // schedule_delivery_time, validity_period
            + "00000000"                                         // registered_delivery .. sm_default_msg_id
            + "02" + "6869"                                      // sm_length, short_message "hi"
            + "0424" + "0002" + "796f");                         // message_payload "yo"

    private static void assertRecordsStillScanTheirStrings() {
        Address nul = new Address(1, 1, "12\u00003");
        assertThatThrownBy(() -> new SubmitSm(1, "", nul, Address.international("2"), 0, 0, 0, "", "", 0, 0, 0, 0,
                new byte[0], Tlvs.EMPTY))
                .isInstanceOfSatisfying(PduValidationException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVSRCADR));
        assertThatThrownBy(() -> new DeliverSm(1, "\u20ac", Address.international("1"), Address.international("2"),
                0, 0, 0, "", "", 0, 0, 0, 0, new byte[0], Tlvs.EMPTY))
                .isInstanceOfSatisfying(PduValidationException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVSERTYP));
        assertThatThrownBy(() -> new SubmitSm(1, "", Address.international("1"), Address.international("2"), 0, 0,
                0, "2612", "", 0, 0, 0, 0, new byte[0], Tlvs.EMPTY))
                .isInstanceOfSatisfying(PduValidationException.class,
                        e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVSCHED));
    }

    private static ByteBuf heap(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    private static ByteBuf direct(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    @Test
    void recordsBuiltAfterACleanDecodeStillScanTheirStrings() throws Exception {
        SubmitSm sm = new SubmitSm(3, "CMT", Address.international("447700900123"),
                Address.international("447700900456"), 0, 0, 0, "", "000001000000000R", 1, 0, 0, 0,
                new byte[] {'h', 'i'}, Tlvs.EMPTY);
        ByteBuf encoded = Unpooled.buffer();
        PduCodec.encode(sm, encoded);
        byte[] bytes = new byte[encoded.readableBytes()];
        encoded.readBytes(bytes);
        assertRecordsStillScanTheirStrings();
        for (Function<byte[], ByteBuf> frame : java.util.List.<Function<byte[], ByteBuf>>of(
                CheckedOnWireTest::heap, CheckedOnWireTest::direct)) {
            ByteBuf buf = frame.apply(bytes);
            try {
                assertThat(PduCodec.decode(buf)).isEqualTo(sm);
                assertRecordsStillScanTheirStrings();
                assertThat(PduCodec.decodeChecked(buf.readerIndex(0))).isEqualTo(sm);
                assertRecordsStillScanTheirStrings();
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void aDecodeTheRecordRefusesLeavesRecordsBuiltAfterItChecked() {
        for (Function<byte[], ByteBuf> frame : java.util.List.<Function<byte[], ByteBuf>>of(
                CheckedOnWireTest::heap, CheckedOnWireTest::direct)) {
            ByteBuf buf = frame.apply(BOTH_PAYLOADS);
            try {
                assertThatThrownBy(() -> PduCodec.decode(buf))
                        .isInstanceOfSatisfying(PduDecodeException.class, e -> {
                            assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVMSGLEN);
                            assertThat(e.sequenceNumber()).isEqualTo(9);
                        });
                assertRecordsStillScanTheirStrings();
                assertThatThrownBy(() -> PduCodec.decodeChecked(buf.readerIndex(0)))
                        .isInstanceOfSatisfying(PduDecodeException.class,
                                e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVMSGLEN));
                assertRecordsStillScanTheirStrings();
            } finally {
                buf.release();
            }
        }
    }
}
