package io.tern.smsc.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Hand-made PDUs for the few tests that must control the socket byte by byte. */
final class RawSmpp {

    static final int BIND_TRANSCEIVER = 0x00000009;
    static final int BIND_TRANSCEIVER_RESP = 0x80000009;
    static final int UNBIND = 0x00000006;
    static final int UNBIND_RESP = 0x80000006;
    static final int SUBMIT_SM = 0x00000004;
    static final int SUBMIT_SM_RESP = 0x80000004;

    /** command_id, command_status and sequence_number of a PDU read from the wire. */
    record Header(int commandId, int commandStatus, int sequenceNumber) {
    }

    private RawSmpp() {
    }

    static byte[] bindTransceiver(String systemId, String password, int seq) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((systemId + "\0" + password + "\0" + "\0").getBytes(StandardCharsets.ISO_8859_1));
        body.write(0x34); // interface_version
        body.write(0); // addr_ton
        body.write(0); // addr_npi
        body.write(0); // address_range ""
        return pdu(BIND_TRANSCEIVER, 0, seq, body.toByteArray());
    }

    /** submit_sm of {@code text} (Latin-1) between two international numbers, nothing else set. */
    static byte[] submitSm(String source, String dest, String text, int seq) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // service_type ""
        body.write(1); // source_addr_ton
        body.write(1); // source_addr_npi
        body.writeBytes((source + "\0").getBytes(StandardCharsets.ISO_8859_1));
        body.write(1); // dest_addr_ton
        body.write(1); // dest_addr_npi
        body.writeBytes((dest + "\0").getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(new byte[] {0, 0, 0}); // esm_class, protocol_id, priority_flag
        body.writeBytes(new byte[] {0, 0}); // schedule_delivery_time "", validity_period ""
        // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
        body.writeBytes(new byte[] {0, 0, 0, 0});
        byte[] sm = text.getBytes(StandardCharsets.ISO_8859_1);
        body.write(sm.length); // sm_length
        body.writeBytes(sm);
        return pdu(SUBMIT_SM, 0, seq, body.toByteArray());
    }

    static byte[] pdu(int commandId, int status, int seq, byte[] body) {
        ByteBuffer pdu = ByteBuffer.allocate(16 + body.length);
        pdu.putInt(16 + body.length).putInt(commandId).putInt(status).putInt(seq).put(body);
        return pdu.array();
    }

    /** Reads one PDU and returns its header; the body is skipped. */
    static Header read(DataInputStream in) throws IOException {
        int length = in.readInt();
        Header h = new Header(in.readInt(), in.readInt(), in.readInt());
        in.skipNBytes(length - 16);
        return h;
    }
}
